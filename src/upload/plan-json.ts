/** The plan as a reader builds it: plain JSON, which the schema parses afterwards. */
export type Json = Record<string, unknown>;

/**
 * Sets the value at `path`, copying each object on the way rather than changing it: a
 * reader may start from another reader's plan (legacy fields over the plain template)
 * and must leave that plan as it was.
 */
export function setPath(target: Json, path: readonly string[], value: unknown): void {
  let cur = target;
  path.forEach((k, i) => {
    if (i === path.length - 1) cur[k] = value;
    else cur = (cur[k] = { ...((cur[k] as Json | undefined) ?? {}) }) as Json;
  });
}
