/**
 * Carbone's own template for the same content as the official form: a two-column
 * table (field, content) with one row per line of the plan, as Carbone repeats rows
 * with its `[i]`/`[i+1]` markers. `flattenPlanForCarbone` is the matching data.
 */
import { strToU8, zipSync } from 'fflate';
import { FORM_TITLE } from '../../src/plan/labels.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (text: string, bold = false) =>
  `<w:tc><w:tcPr><w:tcW w:w="4500" w:type="dxa"/></w:tcPr><w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p></w:tc>`;
const row = (a: string, b: string) => `<w:tr>${cell(a, true)}${cell(b)}</w:tr>`;

export function buildCarboneTemplate(): Buffer {
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join('');
  const body =
    `<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:rPr><w:b/><w:sz w:val="32"/></w:rPr><w:t>${esc(FORM_TITLE)}</w:t></w:r></w:p>` +
    `<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr>` +
    `<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="6000"/></w:tblGrid>` +
    row('{d.rows[i].h}', '{d.rows[i].t}') +
    row('{d.rows[i+1].h}', '{d.rows[i+1].t}') +
    '</w:tbl><w:p/>';
  return Buffer.from(
    zipSync({
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
      'word/document.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
          `<w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>`,
      ),
    }),
  );
}

/** Every value of the plan as (field, line) rows; a multi-line text gives one row per line. */
export function flattenPlanForCarbone(plan: unknown): { rows: Array<{ h: string; t: string }> } {
  const rows: Array<{ h: string; t: string }> = [];
  const walk = (value: unknown, label: string) => {
    if (value === null || value === undefined || value === '') return;
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${label} ${i + 1}`));
    else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, label ? `${label} · ${k}` : k);
    else {
      const text = typeof value === 'boolean' ? (value ? 'Ja' : 'Nej') : String(value);
      text.split('\n').forEach((line, i) => rows.push({ h: i === 0 ? label : '', t: line }));
    }
  };
  walk(plan, '');
  return { rows };
}
