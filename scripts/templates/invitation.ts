/**
 * templates/invitation.docx: "Invitation til koordinationsmøde", filled with the view model
 * of src/invitation/invitation-view.ts. Its words come from src/invitation/texts.ts; the
 * agenda and all wording that differs between a first and a follow-up meeting come filled in.
 */
import { buildDocx, textWidthMm } from '../../src/docx/build-docx.js';
import { cell, field, GRID_TABLE, noteBox, paragraph, row, run, tab, table, type Xml } from '../../src/docx/ooxml.js';
import { baseStyles, DEFAULT_THEME, type StyleDef } from '../../src/docx/styles.js';
import { HEADING } from '../../src/invitation/texts.js';

export const name = 'invitation';

const LABEL_FILL = 'DEEAF6';
/** The form's grid, a little closer: an ordinary invitation fits on one page. */
const GRID = { ...GRID_TABLE, cellPaddingTopBottomMm: 0.35 };
const NOTE_FILL = 'FDE9D9';
const W = textWidthMm();

const BASE = Object.fromEntries(baseStyles(DEFAULT_THEME).map((s) => [s.id, s]));

const styles: StyleDef[] = [
  { id: 'Cell', name: 'Tabeltekst', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceBeforePt: 0.5, spaceAfterPt: 0.5 } },
  { id: 'Label', name: 'Feltnavn', type: 'paragraph', basedOn: 'Cell', primary: true, run: { bold: true } },
  // The list of invitees has four columns: a point smaller, a usual e-mail address fits its column.
  { id: 'ListCell', name: 'Listetekst', type: 'paragraph', basedOn: 'Cell', run: { sizePt: 9.5 } },
  { id: 'TableHeading', name: 'Tabeloverskrift', type: 'paragraph', basedOn: 'ListCell', run: { bold: true } },
  { id: 'Intro', name: 'Indledning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 4 }, run: { sizePt: 11.5 } },
  { id: 'ListNumber', name: 'Dagsordenspunkt', type: 'paragraph', basedOn: 'Normal', paragraph: { spaceAfterPt: 3 } },
  { id: 'NoteText', name: 'Bemærkning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 4 } },
  { id: 'NoteMark', name: 'Bemærkningstegn', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 28, color: 'C0504D' } },
  { id: 'Confidential', name: 'Fortrolighedsmærke', type: 'paragraph', basedOn: 'Header', run: { bold: true, color: 'C00000' } },
  // Closer than the base title and heading: an ordinary invitation fits on one page.
  { ...BASE.Title!, paragraph: { ...BASE.Title!.paragraph, spaceAfterPt: 6 } },
  { ...BASE.Heading1!, run: { ...BASE.Heading1!.run, sizePt: 13 }, paragraph: { ...BASE.Heading1!.paragraph, spaceBeforePt: 6 } },
];

/** A paragraph that holds only a loop or condition tag: docxtemplater's paragraphLoop drops it. */
const tag = (t: string): Xml => paragraph(t);
const labelCell = (text: string): Xml => cell(paragraph(text, { style: 'Label' }), { shading: LABEL_FILL });
const valueCell = (text: string): Xml => cell(paragraph(text, { style: 'Cell' }));
const listCell = (text: string): Xml => cell(paragraph(text, { style: 'ListCell' }));
/** A label/value row shown only when `cond` is set: the tags around the row make docxtemplater keep or drop it. */
const optionalRow = (cond: string, label: string, value: string): Xml =>
  row([cell(paragraph(`{#${cond}}${label}`, { style: 'Label' }), { shading: LABEL_FILL }), valueCell(`${value}{/${cond}}`)]);
const heading = (text: string): Xml => paragraph(text, { style: 'Heading1' });

function whenAndWhere(): Xml[] {
  const c1 = 52;
  return [
    heading(HEADING.when),
    table(
      [
        row([labelCell(HEADING.citizen), valueCell('{citizenName}')]),
        row([labelCell(HEADING.date), valueCell('{date}')]),
        row([labelCell(HEADING.time), valueCell('{time}')]),
        optionalRow('address', HEADING.address, '{address}'),
        optionalRow('room', HEADING.room, '{room}'),
        optionalRow('videoLink', HEADING.videoLink, '{videoLink}'),
        optionalRow('isFollowUp', HEADING.previousMeeting, '{previousMeeting}'),
      ],
      { widthsMm: [c1, W - c1], ...GRID, caption: HEADING.when },
    ),
  ];
}

function agendaAndPurpose(): Xml[] {
  return [
    heading(HEADING.purpose),
    paragraph('{purpose}'),
    heading(HEADING.agenda),
    tag('{#agenda}'),
    paragraph(['{number}.', tab(), '{text}'], { style: 'ListNumber', indentMm: 8, hangingMm: 8 }),
    tag('{/agenda}'),
  ];
}

function invitees(): Xml[] {
  // The e-mail column is wide enough for a usual secure address on one line.
  const w = [35, 32, 45, W - 112];
  const head = (t: string) => cell(paragraph(t, { style: 'TableHeading' }), { shading: LABEL_FILL });
  return [
    heading(HEADING.invitees),
    table(
      [
        row([head(HEADING.name), head(HEADING.role), head(HEADING.organisation), head(HEADING.email)], { header: true, cantSplit: true }),
        row([listCell('{#invitees}{name}'), listCell('{title}'), listCell('{organisation}'), listCell('{email}{/invitees}')], { cantSplit: true }),
      ],
      { widthsMm: w, ...GRID, caption: HEADING.invitees },
    ),
  ];
}

function coordinatorAndApologies(): Xml[] {
  const label = 27;
  return [
    tag('{#message}'),
    heading(HEADING.message),
    paragraph('{message}'),
    tag('{/message}'),
    heading(HEADING.coordinator),
    // Two label/value pairs a row: three rows where one pair a row took five.
    table(
      [
        row([labelCell(HEADING.name), valueCell('{coordinatorName}'), labelCell(HEADING.phone), valueCell('{coordinatorPhone}')]),
        row([labelCell(HEADING.role), valueCell('{coordinatorTitle}'), labelCell(HEADING.email), valueCell('{coordinatorEmail}')]),
        row([labelCell(HEADING.organisation), cell(paragraph('{coordinatorOrganisation}', { style: 'Cell' }), { span: 3 })]),
      ],
      { widthsMm: [label, (W - 2 * label) / 2, label, (W - 2 * label) / 2], ...GRID, caption: HEADING.coordinator },
    ),
    // How to send apologies, right under the coordinator's details it refers to. From here to
    // the end one block: it goes to a next page with the enclosures and the note, never the note alone.
    paragraph('{apologies}', { keepNext: true, spaceBeforePt: 5 }),
    tag('{#hasAttachments}'),
    heading(HEADING.attachments),
    tag('{/hasAttachments}'),
    tag('{#attachments}'),
    paragraph(['–', tab(), '{.}'], { indentMm: 6, hangingMm: 6, spaceAfterPt: 2, keepNext: true }),
    tag('{/attachments}'),
    // A little air above the box (a table has no space before of its own).
    paragraph('', { spaceAfterPt: 0, keepNext: true, run: { sizePt: 5 } }),
    noteBox(
      [paragraph([run(`${HEADING.personalData}. `, { bold: true }), run('{personalDataNote}')], { style: 'NoteText' })],
      { widthMm: W, shading: NOTE_FILL, markStyle: 'NoteMark' },
    ),
  ];
}

export function build(): Buffer {
  return buildDocx({
    title: '{title}',
    subject: 'Koordinerende indsatsplan',
    styles,
    header: [paragraph(HEADING.confidential, { style: 'Confidential', align: 'right' })],
    footer: [paragraph(['{title} · Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer', align: 'right' })],
    body: [
      paragraph('{title}', { style: 'Title' }),
      paragraph('{intro}', { style: 'Intro' }),
      ...whenAndWhere(),
      ...agendaAndPurpose(),
      ...invitees(),
      ...coordinatorAndApologies(),
    ],
  });
}
