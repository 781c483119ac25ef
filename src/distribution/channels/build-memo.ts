/**
 * A Digital Post message in MeMo 1.1, the structure of the Danish Agency for Digital
 * Government's minimum example (shared/spec/memo): a header with sender (CVR) and
 * recipient (CPR), and a body with the plan PDF as the main document. The CPR number is
 * inside the message because the format requires it; it is in no file name or label.
 */
import { containsCprLike } from '../../shared/redact.js';
import type { DigitalPostMessage } from './types.js';

export const MEMO_NAMESPACE = 'https://DigitalPost.dk/MeMo-1';

export interface MemoSender {
  /** The organisation's CVR number (8 digits). */
  senderCvr: string;
  /** The organisation's name as the citizen sees it. */
  senderLabel: string;
}

export class MemoInvalidError extends Error {
  override name = 'MemoInvalidError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws MemoInvalidError (no CPR in its message) if the input cannot make a valid MeMo. */
export function buildMemo(message: DigitalPostMessage, sender: MemoSender, createdAt: Date = new Date()): string {
  const cpr = message.recipientCpr.replace(/[-\s]/g, '');
  if (!/^\d{10}$/.test(cpr)) throw new MemoInvalidError('modtagerens CPR-nummer skal have 10 cifre');
  if (!/^\d{8}$/.test(sender.senderCvr)) throw new MemoInvalidError('afsenderens CVR-nummer skal have 8 cifre');
  if (!UUID.test(message.messageUuid)) throw new MemoInvalidError('beskedens UUID er ugyldigt');
  if (!message.label.trim() || containsCprLike(message.label)) throw new MemoInvalidError('beskedens titel mangler eller ligner et CPR-nummer');
  if (!/\.pdf$/i.test(message.fileName) || containsCprLike(message.fileName)) throw new MemoInvalidError('filnavnet skal ende på .pdf og må ikke indeholde et CPR-nummer');
  if (message.pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new MemoInvalidError('hoveddokumentet er ikke en PDF');

  const el = (name: string, value: string) => `<memo:${name}>${escapeXml(value)}</memo:${name}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<memo:Message xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:memo="${MEMO_NAMESPACE}" memoVersion="1.1" memoSchVersion="1.1.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema#">`,
    '\t<memo:MessageHeader>',
    `\t\t${el('messageType', 'DIGITALPOST')}`,
    `\t\t${el('messageUUID', message.messageUuid.toUpperCase())}`,
    `\t\t${el('label', message.label)}`,
    `\t\t${el('mandatory', 'false')}`,
    `\t\t${el('legalNotification', 'false')}`,
    '\t\t<memo:Sender>',
    `\t\t\t${el('senderID', sender.senderCvr)}`,
    `\t\t\t${el('idType', 'CVR')}`,
    `\t\t\t${el('label', sender.senderLabel)}`,
    '\t\t</memo:Sender>',
    '\t\t<memo:Recipient>',
    `\t\t\t${el('recipientID', cpr)}`,
    `\t\t\t${el('idType', 'CPR')}`,
    '\t\t</memo:Recipient>',
    '\t</memo:MessageHeader>',
    '\t<memo:MessageBody>',
    `\t\t${el('createdDateTime', createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'))}`,
    '\t\t<memo:MainDocument>',
    '\t\t\t<memo:File>',
    `\t\t\t\t${el('encodingFormat', 'application/pdf')}`,
    `\t\t\t\t${el('filename', message.fileName)}`,
    `\t\t\t\t${el('language', 'da')}`,
    `\t\t\t\t${el('content', message.pdf.toString('base64'))}`,
    '\t\t\t</memo:File>',
    '\t\t</memo:MainDocument>',
    '\t</memo:MessageBody>',
    '</memo:Message>',
    '',
  ].join('\n');
}

/** Escapes markup and drops the characters XML 1.0 does not allow at all. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
