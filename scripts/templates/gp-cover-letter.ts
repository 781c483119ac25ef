/**
 * templates/gp-cover-letter.docx: the cover letter that goes in front of the plan when it
 * is posted to the citizen's GP (praktiserende læge), filled with the view of
 * src/distribution/channels/gp-cover-letter-view.ts.
 *
 * Laid out for a C5/C65 window envelope (DIN 5008 style): the top of the page is a
 * borderless table with rows of exact height, so the address field is exactly 45–90 mm
 * from the top and starts 20 mm from the left, whatever the content. Only the sender's
 * name and the GP's address are in that field; the citizen's name and CPR number are in
 * the letter body, below the window.
 */
import { buildDocx } from '../../src/docx/build-docx.js';
import { cell, mm, paragraph, run, table, type Xml } from '../../src/docx/ooxml.js';
import type { StyleDef } from '../../src/docx/styles.js';

export const name = 'gp-cover-letter';

const MARGINS = { top: 20, right: 20, bottom: 20, left: 20 };
/** DIN 5008 form B: the address field is 45–90 mm from the top, 85 mm wide, 20 mm from the left. */
const WINDOW = { topMm: 45, heightMm: 45, widthMm: 85 };
/** DIN 5008's information block starts 125 mm from the left: well clear of any window. */
const INFO_LEFT_MM = 125;
const TEXT_WIDTH = 210 - MARGINS.left - MARGINS.right;

const styles: StyleDef[] = [
  { id: 'Letterhead', name: 'Brevhoved', type: 'paragraph', basedOn: 'Normal', primary: true, run: { bold: true, sizePt: 13 }, paragraph: { align: 'right', spaceAfterPt: 0 } },
  // Below the window's top edge, so a letter that slides in the envelope still shows the whole address.
  { id: 'Address', name: 'Modtageradresse', type: 'paragraph', basedOn: 'Normal', primary: true, run: { sizePt: 11 }, paragraph: { spaceBeforePt: 22, spaceAfterPt: 0 } },
  { id: 'SenderDetails', name: 'Afsenderoplysninger', type: 'paragraph', basedOn: 'Normal', run: { sizePt: 9 }, paragraph: { spaceBeforePt: 8, spaceAfterPt: 0 } },
  { id: 'Reference', name: 'Vedrørende', type: 'paragraph', basedOn: 'Normal', primary: true, run: { bold: true }, paragraph: { spaceAfterPt: 12 } },
  { id: 'LetterText', name: 'Brødtekst', type: 'paragraph', basedOn: 'Normal', primary: true, run: { sizePt: 11 }, paragraph: { spaceAfterPt: 8 } },
];

/** A table row of exactly this height: what pins the address field to the window. */
function exactRow(heightMm: number, cells: Xml[]): Xml {
  return `<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="${mm(heightMm)}" w:hRule="exact"/></w:trPr>${cells.join('')}</w:tr>`;
}

function addressBlock(): Xml {
  const none = { style: 'nil' };
  const noBorders = { top: none, left: none, bottom: none, right: none, insideH: none, insideV: none };
  return table(
    [
      // From the top margin (20 mm) to the top of the window (45 mm).
      exactRow(WINDOW.topMm - MARGINS.top, [cell([paragraph('{organisation}', { style: 'Letterhead' })], { span: 3 })]),
      // The window: only the GP's address on the left. The organisation is named once, in the
      // letterhead: a return line without a street would be no return address anyway.
      exactRow(WINDOW.heightMm, [
        cell([paragraph('{address}', { style: 'Address' })]),
        cell(''),
        cell([paragraph('{senderDetails}', { style: 'SenderDetails' }), paragraph('Dato: {date}', { style: 'SenderDetails' })]),
      ]),
    ],
    { widthsMm: [WINDOW.widthMm, INFO_LEFT_MM - MARGINS.left - WINDOW.widthMm, TEXT_WIDTH - (INFO_LEFT_MM - MARGINS.left)], borders: noBorders, cellPaddingMm: 0, caption: 'Modtager og afsender' },
  );
}

export function build(): Buffer {
  return buildDocx({
    title: 'Brev til praktiserende læge: koordinerende indsatsplan',
    subject: 'Koordinerende indsatsplan',
    marginsMm: MARGINS,
    styles,
    footer: [paragraph('Fortroligt: brevet og den vedlagte plan indeholder personoplysninger.', { style: 'Footer', align: 'center' })],
    body: [
      addressBlock(),
      paragraph('Koordinerende indsatsplan for din patient', { style: 'Title', spaceBeforePt: 28 }),
      paragraph('Vedrørende: {citizenName}, cpr.nr. {citizenCpr}', { style: 'Reference' }),
      paragraph('Kære praktiserende læge', { style: 'LetterText' }),
      paragraph(
        'Hermed fremsendes koordinerende indsatsplan for din patient {citizenName}, udarbejdet på koordinationsmødet {meetingDate}. ' +
          'Borgeren har givet samtykke til, at planen sendes til dig, og har godkendt den.',
        { style: 'LetterText' },
      ),
      paragraph(
        'Planen samler borgerens mål og de aftalte indsatser, og hvem der har ansvaret for dem. Den er vedlagt dette brev. ' +
          'Har du spørgsmål til planen, er du velkommen til at kontakte borgerens koordinator.',
        { style: 'LetterText' },
      ),
      paragraph('Med venlig hilsen', { style: 'LetterText', spaceBeforePt: 6 }),
      paragraph([run('{coordinatorName}', { bold: true }), run('\n{coordinatorTitle}')], { style: 'LetterText' }),
    ],
  });
}
