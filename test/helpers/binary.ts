/** supertest keeps a binary body (PDF, .docx) only with a parser that collects the bytes. */
import type { Test } from 'supertest';

type Parser = Parameters<Test['parse']>[0];

export const binaryParser: Parser = (res, cb) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};
