/**
 * The OpenAPI 3.1 document, generated from the zod schemas: every schema that carries
 * `.meta({ id })` becomes a component, and each capability describes its routes with
 * RouteDoc values that point at those schemas. Nothing here is written by hand twice.
 */
import { z } from 'zod';

type Json = Record<string, unknown>;

export interface ResponseDoc {
  description: string;
  /** A registered zod schema for a JSON body. */
  json?: z.ZodType;
  /** Other media types, e.g. application/pdf, described as binary. */
  binary?: string[];
  /** A problem document (application/problem+json). */
  problem?: boolean;
  headers?: Record<string, string>;
}

interface FileField {
  field: string;
  description: string;
}

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** A registered zod schema for a JSON request body. */
  requestJson?: z.ZodType;
  /**
   * A registered schema the JSON body must also satisfy (optional members beside requestJson's),
   * given as allOf beside requestJson's $ref: JSON Schema 2020-12 applies both, while clients
   * generated from the document keep requestJson's type.
   */
  requestJsonAlso?: z.ZodType;
  /** A multipart upload: one file field, or several (each required); beside requestJson when a route takes both. */
  requestFile?: FileField | FileField[];
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; description: string }>;
  responses: Record<string, ResponseDoc>;
}

/** How routes are protected: the security schemes, and each route's requirement and the answers it adds. */
export interface SecurityDoc {
  schemes: Record<string, Json>;
  forRoute(route: RouteDoc): { security: Array<Record<string, string[]>>; responses: Record<string, ResponseDoc>; note?: string };
}

const REF = (id: string) => `#/components/schemas/${id}`;

function schemaRef(schema: z.ZodType): Json {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: REF(id) };
  // An unregistered schema is inlined whole (an empty registry gives it no ids to refer to).
  return z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', metadata: z.registry(), unrepresentable: 'any' }) as Json;
}

const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem document' });

export function buildOpenApi(routes: readonly RouteDoc[], info: { version: string; security?: SecurityDoc }): Json {
  const paths: Json = {};
  for (const r of routes) {
    const guard = info.security?.forRoute(r);
    const responses: Json = {};
    for (const [status, resp] of Object.entries({ ...guard?.responses, ...r.responses })) {
      const content: Json = {};
      if (resp.json) content['application/json'] = { schema: schemaRef(resp.json) };
      for (const mt of resp.binary ?? []) content[mt] = { schema: { type: 'string', format: 'binary' } };
      if (resp.problem) content['application/problem+json'] = { schema: { $ref: REF('Problem') } };
      responses[status] = {
        description: resp.description,
        ...(Object.keys(content).length ? { content } : {}),
        ...(resp.headers ? { headers: Object.fromEntries(Object.entries(resp.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) } : {}),
      };
    }
    const requestContent: Json = {};
    if (r.requestJson) requestContent['application/json'] = { schema: { ...schemaRef(r.requestJson), ...(r.requestJsonAlso ? { allOf: [schemaRef(r.requestJsonAlso)] } : {}) } };
    if (r.requestFile) {
      const files = [r.requestFile].flat();
      requestContent['multipart/form-data'] = {
        schema: {
          type: 'object',
          required: files.map((f) => f.field),
          properties: Object.fromEntries(files.map((f) => [f.field, { type: 'string', format: 'binary', description: f.description }])),
        },
      };
    }
    const requestBody = Object.keys(requestContent).length > 0 ? { required: true, content: requestContent } : undefined;
    const description = [r.description, guard?.note].filter(Boolean).join(' ');
    const op: Json = {
      summary: r.summary,
      ...(description ? { description } : {}),
      tags: r.tags,
      ...(guard ? { security: guard.security } : {}),
      ...(r.parameters ? { parameters: r.parameters.map((p) => ({ ...p, required: p.in === 'path' ? true : (p.required ?? false), schema: { type: 'string' } })) } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
    const item = (paths[r.path] ??= {}) as Json;
    item[r.method] = op;
  }
  void ProblemSchema;
  const components = z.toJSONSchema(z.globalRegistry, { io: 'input', target: 'draft-2020-12', uri: REF, unrepresentable: 'any' }) as { schemas: Json };
  return {
    openapi: '3.1.0',
    info: {
      title: 'indsatsplan',
      version: info.version,
      description: 'Koordinerende indsatsplan: validering, udfyldning af de officielle skabeloner, PDF og udsendelse.',
    },
    paths,
    components: { schemas: components.schemas, ...(info.security ? { securitySchemes: info.security.schemes } : {}) },
  };
}
