/**
 * templates/invitation.docx: "Invitation til koordinationsmøde", filled with the view model
 * of src/invitation/invitation-view.ts. Its words come from src/invitation/texts.ts; the
 * agenda and all wording that differs between a first and a follow-up meeting come filled in.
 */
import { buildDocx, textWidthMm } from '../../src/docx/build-docx.js';
import { cell, field, GRID_TABLE, noteBox, paragraph, row, run, tab, table, type Xml } from '../../src/docx/ooxml.js';
import type { StyleDef } from '../../src/docx/styles.js';
import { HEADING } from '../../src/invitation/texts.js';

export const name = 'invitation';

const LABEL_FILL = 'DEEAF6';
const NOTE_FILL = 'FDE9D9';
const W = textWidthMm();

const styles: StyleDef[] = [
  { id: 'Cell', name: 'Tabeltekst', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceBeforePt: 1, spaceAfterPt: 1 } },
  { id: 'Label', name: 'Feltnavn', type: 'paragraph', basedOn: 'Cell', primary: true, run: { bold: true } },
  { id: 'TableHeading', name: 'Tabeloverskrift', type: 'paragraph', basedOn: 'Cell', run: { bold: true } },
  { id: 'Intro', name: 'Indledning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 10 }, run: { sizePt: 11.5 } },
  { id: 'ListNumber', name: 'Dagsordenspunkt', type: 'paragraph', basedOn: 'Normal', paragraph: { spaceAfterPt: 3 } },
  { id: 'NoteText', name: 'Bemærkning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 4 } },
  { id: 'NoteMark', name: 'Bemærkningstegn', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 28, color: 'C0504D' } },
  { id: 'Confidential', name: 'Fortrolighedsmærke', type: 'paragraph', basedOn: 'Header', run: { bold: true, color: 'C00000' } },
];

/** A paragraph that holds only a loop or condition tag: docxtemplater's paragraphLoop drops it. */
const tag = (t: string): Xml => paragraph(t);
const labelCell = (text: string): Xml => cell(paragraph(text, { style: 'Label' }), { shading: LABEL_FILL });
const valueCell = (text: string): Xml => cell(paragraph(text, { style: 'Cell' }));
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
      { widthsMm: [c1, W - c1], ...GRID_TABLE, caption: HEADING.when },
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
  const w = [W * 0.34, W * 0.28, W * 0.38];
  const head = (t: string) => cell(paragraph(t, { style: 'TableHeading' }), { shading: LABEL_FILL });
  return [
    heading(HEADING.invitees),
    table(
      [
        row([head(HEADING.name), head(HEADING.role), head(HEADING.organisation)], { header: true, cantSplit: true }),
        row([valueCell('{#invitees}{name}'), valueCell('{title}'), valueCell('{organisation}{/invitees}')], { cantSplit: true }),
      ],
      { widthsMm: w, ...GRID_TABLE, caption: HEADING.invitees },
    ),
  ];
}

function coordinatorAndApologies(): Xml[] {
  const c1 = 52;
  return [
    tag('{#message}'),
    heading(HEADING.message),
    paragraph('{message}'),
    tag('{/message}'),
    heading(HEADING.coordinator),
    table([row([cell(paragraph('{#coordinatorLines}{label}', { style: 'Label' }), { shading: LABEL_FILL }), valueCell('{value}{/coordinatorLines}')])], {
      widthsMm: [c1, W - c1],
      ...GRID_TABLE,
      caption: HEADING.coordinator,
    }),
    heading(HEADING.apologies),
    paragraph('{apologies}'),
    tag('{#hasAttachments}'),
    heading(HEADING.attachments),
    tag('{/hasAttachments}'),
    tag('{#attachments}'),
    paragraph(['–', tab(), '{.}'], { indentMm: 6, hangingMm: 6, spaceAfterPt: 2 }),
    tag('{/attachments}'),
    paragraph('', { spaceAfterPt: 6 }),
    noteBox(
      [paragraph(run(HEADING.personalData, { bold: true }), { style: 'NoteText' }), paragraph('{personalDataNote}', { style: 'NoteText' })],
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
