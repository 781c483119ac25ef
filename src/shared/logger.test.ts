/** The logger keeps codes, names and stack frames of errors, never a message or property that can quote a value. */
import PizZip from 'pizzip';
import Docxtemplater from 'docxtemplater';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { LOG_SAFE_MESSAGE, serializeError } from './logger.js';
import { capturedLogger } from '../../test/helpers/distribution.js';

const MARKER = 'Qzx7Markør';

const capture = () => capturedLogger('trace');

/** docxtemplater's own error for a value XML cannot hold: the value sits in its properties. */
function templateError(): Error {
  const xml = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{name}</w:t></w:r></w:p></w:body></w:document>';
  const zip = new PizZip();
  zip.file('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('word/document.xml', xml);
  try {
    new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true }).render({ name: `${MARKER}\u0000` });
  } catch (err) {
    return err as Error;
  }
  throw new Error('docxtemplater accepted a NUL');
}

class SafeError extends Error {
  readonly [LOG_SAFE_MESSAGE] = true;
}

describe('logger', () => {
  it('leaves out a docxtemplater error\'s properties and messages, keeping its id and the template\'s tag', () => {
    const err = templateError();
    expect(JSON.stringify((err as unknown as { properties: unknown }).properties)).toContain(MARKER);
    const { logger, lines } = capture();
    logger.error({ err: new AppError('template-failed', undefined, { cause: err }) }, 'request failed');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(MARKER);
    const record = JSON.parse(lines[0]!);
    expect(record.err).toMatchObject({ type: 'AppError', code: 'template-failed', status: 500, cause: { type: 'TemplateError', templateError: 'multi_error' } });
    expect(record.err.cause.errors).toEqual([expect.objectContaining({ type: 'RenderingError', templateError: 'invalid_xml_characters', templateTag: 'name' })]);
    expect(record.err.cause.stack).toMatch(/^\s+at /);
  });

  it('leaves out the message of a library error, wherever in the record it sits and however it is logged', () => {
    const parseError = (() => {
      try {
        JSON.parse(`{"name": ${MARKER}}`);
      } catch (err) {
        return err as Error;
      }
      throw new Error('parsed');
    })();
    expect(parseError.message).toContain(MARKER);
    const smtp = Object.assign(new Error(`550 5.1.1 <${MARKER}@example.dk>: Recipient address rejected`), { code: 'EENVELOPE', responseCode: 550, response: `550 ${MARKER}` });
    const { logger, lines } = capture();
    logger.warn({ failure: { reason: parseError }, list: [smtp] }, 'nested');
    logger.error(smtp);
    logger.error(new Error(MARKER, { cause: parseError }), 'with a cause');
    logger.info({ error: parseError }, 'under "error"');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).not.toContain(MARKER);
    const [nested, bare] = lines.map((l) => JSON.parse(l));
    expect(nested.failure.reason).toMatchObject({ type: 'SyntaxError' });
    expect(nested.list[0]).toMatchObject({ type: 'Error', code: 'EENVELOPE', responseCode: 550 });
    expect(bare).toMatchObject({ msg: 'error', err: { code: 'EENVELOPE' } });
  });

  it('keeps the message of an error class that declares it safe, scrubbed of CPR numbers', () => {
    expect(serializeError(new SafeError('soffice.bin exited with code 81 (010180-4000)'))).toMatchObject({ message: 'soffice.bin exited with code 81 ([cpr])' });
    expect(serializeError(new Error('plain'))).not.toHaveProperty('message');
  });

  it('still removes content-bearing keys and scrubs CPR numbers from strings', () => {
    const { logger, lines } = capture();
    logger.info({ plan: { citizen: { name: MARKER } }, body: MARKER, note: 'cpr 010180-4000' }, 'record 0101804000');
    const record = JSON.parse(lines[0]!);
    expect(record).not.toHaveProperty('plan');
    expect(record).not.toHaveProperty('body');
    expect(record.note).toBe('cpr [cpr]');
    expect(record.msg).toBe('record [cpr]');
  });
});
