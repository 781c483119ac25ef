/**
 * templates/indsatsplan.docx: the official form (Bilag 1) as a docxtemplater template.
 * The form's words come from src/plan/labels.ts and src/plan/form-hints.ts; the tags are the
 * view model of src/plan/plan-view.ts. A plan rendered beside its previous plan ends with a
 * page of changes (not the form's).
 *
 * Made for paper, where pages come loose:
 * - each of the five sections starts on a new page, as in the form, as a part of its own
 *   (a Word section): its first page has the running header (the form and the meeting's date),
 *   the pages after it say also which section they continue, "… (fortsat)";
 * - a table that runs onto another page repeats its heading rows there: a goal's title and
 *   column headings; in section 2 a long field is a block of its own under a heading row that
 *   names the plan and the field ("Psykiatrisk behandlingsplan … – Status");
 * - a note box stays on the page of its section's last lines;
 * - a draft has "KLADDE" written large across every page, and says so in words at the top of
 *   its first page (which a screen reader reads), in its running header and in its title.
 */
import { buildDocx, type SectionSpec } from '../../src/docx/build-docx.js';
import { textPictureEmf } from '../../src/docx/emf.js';
import { cell, field, keptWithNext, paragraph, pictureBehindText, row, run, table, type Xml } from '../../src/docx/ooxml.js';
import type { StyleDef } from '../../src/docx/styles.js';
import { CONSENT_TEXT, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../../src/plan/labels.js';
import { DRAFT_MARK, GROUND_KEYS, groundBoxKey } from '../../src/plan/plan-view.js';
import { FORM_HINT } from '../../src/plan/form-hints.js';
import {
  boxLine,
  CHALLENGES_LIST,
  DRAFT_NOTICE,
  changeRow,
  changesTable,
  existingPlanFieldRow,
  existingPlanFields,
  existingPlanLongField,
  followUp,
  gap,
  goalTable,
  interventionRow,
  labelCell,
  note,
  section,
  TABLES,
  UNCHANGED,
} from './plan-form-parts.js';

export const name = 'indsatsplan';

const DRAFT_RED = 'C00000';

const styles: StyleDef[] = [
  { id: 'Hint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', next: 'Normal', primary: true,
    run: { italic: true, color: '595959' }, paragraph: { spaceAfterPt: 8, keepNext: true } },
  { id: 'Label', name: 'Feltnavn', type: 'paragraph', basedOn: 'Normal', primary: true, run: { bold: true } },
  // LibreOffice tags a table cell whose first paragraph has this style (by this name) as a header cell (TH).
  { id: 'TableHeading', name: 'Table Heading', type: 'paragraph', basedOn: 'Normal', primary: true, run: { bold: true } },
  { id: 'ColumnHeading', name: 'Kolonneoverskrift', type: 'paragraph', basedOn: 'TableHeading', run: { bold: true, sizePt: 9.5 } },
  { id: 'LabelHint', name: 'Feltvejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true, sizePt: 9, color: '595959' } },
  { id: 'NoteText', name: 'Bemærkning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 6 } },
  { id: 'NoteMark', name: 'Bemærkningstegn', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 28, color: 'C0504D' } },
  { id: 'DraftMark', name: 'Kladdemærke', type: 'paragraph', basedOn: 'Header', run: { bold: true, sizePt: 10, color: DRAFT_RED }, paragraph: { align: 'center' } },
  { id: 'DraftNotice', name: 'Kladdebesked', type: 'paragraph', basedOn: 'Normal', primary: true,
    run: { bold: true, sizePt: 12, color: DRAFT_RED }, paragraph: { spaceAfterPt: 4 } },
  { id: 'ListNumber', name: 'List Number', type: 'paragraph', basedOn: 'Normal', paragraph: { spaceAfterPt: 6 } },
];

/** A paragraph that holds only a loop tag: docxtemplater's paragraphLoop drops it. */
const tag = (t: string): Xml => paragraph(t);

function masterData(): Xml[] {
  const simple = (l: string, value: string) => row([labelCell(l), cell(value)]);
  const grounds = GROUND_KEYS.map((k) => boxLine(`{${groundBoxKey(k)}}`, GROUND_TEXT[k]));
  const yesNo = (yes: string, no: string) => [boxLine(`{${yes}}`, 'Ja'), boxLine(`{${no}}`, 'Nej')];
  // A person: name (bold) and details, then phone and e-mail; the view model leaves no dangling commas.
  const person = [paragraph([run('{name}', { bold: true }), '{details}'], { spaceAfterPt: 0 }), paragraph('{contact}', { spaceAfterPt: 0 })];
  return [
    // A draft says so first, in words: the watermark is a drawing, which a screen reader passes over.
    tag('{#isDraft}'),
    paragraph(DRAFT_NOTICE, { style: 'DraftNotice' }),
    tag('{/isDraft}'),
    paragraph(FORM_TITLE, { style: 'Title' }),
    ...section(SECTION.masterData, FORM_HINT.masterData),
    table(
      [
        simple(LABEL.name, '{citizenName}'),
        simple(LABEL.cpr, '{citizenCpr}'),
        simple(LABEL.address, '{citizenAddress}'),
        simple(LABEL.phone, '{citizenPhone}'),
        row([labelCell(LABEL.grounds, GROUNDS_HINT), cell(grounds)]),
        row([labelCell(LABEL.consent), cell([paragraph(CONSENT_TEXT), ...yesNo('consentYes', 'consentNo')])]),
        row([
          labelCell(LABEL.coordinator),
          cell([tag('{^hasCoordinator}'), paragraph(FORM_HINT.coordinator, { style: 'LabelHint' }), tag('{/hasCoordinator}'), tag('{#coordinator}'), ...person, tag('{/coordinator}')]),
        ]),
        row([
          labelCell(LABEL.participants),
          cell([
            tag('{^participants}'),
            paragraph(FORM_HINT.participants, { style: 'LabelHint' }),
            tag('{/participants}'),
            tag('{#participants}'),
            ...person,
            paragraph('{attendance}', { run: { italic: true }, spaceAfterPt: 6 }),
            tag('{/participants}'),
          ]),
        ]),
        simple(LABEL.meetingDate, '{meetingDate}'),
        keptWithNext(row([labelCell(LABEL.approvedByCitizen), cell(yesNo('approvedYes', 'approvedNo'))])),
      ],
      TABLES.masterData(SECTION.masterData),
    ),
    ...note(NOTE.masterData),
  ];
}

/**
 * Section 2 in blocks (src/plan/plan-view.ts): a plan's short fields as rows under its name,
 * and each long field alone under a heading row "plan – field", which is repeated on every
 * page the text runs onto. Fields are the form's rows, in the form's order.
 */
function existingPlans(): Xml[] {
  return [
    ...section(SECTION.existingPlans, FORM_HINT.existingPlans),
    tag('{#existingPlanBlocks}'),
    tag('{#short}'),
    existingPlanFields('{heading}', [existingPlanFieldRow('{#fields}{label}', '{text}{/fields}')]),
    tag('{/short}'),
    tag('{#long}'),
    existingPlanLongField('{heading}', '{text}'),
    tag('{/long}'),
    gap(3),
    tag('{/existingPlanBlocks}'),
  ];
}

function challenges(): Xml[] {
  return [
    ...section(SECTION.challenges, FORM_HINT.challenges),
    paragraph(FORM_HINT.challengesIntro, { spaceAfterPt: 8 }),
    paragraph(`${LABEL.challenges}:`, { style: 'Label', keepNext: true, spaceAfterPt: 6 }),
    // A numbered list of the document's own: a list (L, LI) in the tagged PDF, numbered 1, 2, 3 as before.
    tag('{#challengesBeforeLast}'),
    paragraph('{text}', { style: 'ListNumber', numId: CHALLENGES_LIST }),
    tag('{/challengesBeforeLast}'),
    tag('{#lastChallenge}'),
    paragraph('{text}', { style: 'ListNumber', numId: CHALLENGES_LIST, keepNext: true }),
    tag('{/lastChallenge}'),
    ...note(NOTE.challenges),
  ];
}

/** A goal's table; the last goal's last row is kept with the section's note box. */
function goalOf(keptWithNote: boolean): Xml {
  const intervention = (loop: string) => interventionRow(`{#${loop}}{task}`, '{successCriteria}', '{responsible}', `{timeline}{/${loop}}`);
  return goalTable(
    `${LABEL.goal} {number}: {title}`,
    keptWithNote ? [intervention('interventionsBeforeLast'), keptWithNext(intervention('lastIntervention'))] : [intervention('interventions')],
  );
}

function goals(): Xml[] {
  return [
    ...section(SECTION.goals, FORM_HINT.goals),
    tag('{#goalsBeforeLast}'),
    goalOf(false),
    gap(8),
    tag('{/goalsBeforeLast}'),
    tag('{#lastGoal}'),
    goalOf(true),
    tag('{/lastGoal}'),
    ...note(NOTE.goals),
  ];
}

/**
 * "Ændringer siden planen af …" on a page of its own, after the form: for each section with
 * changes a heading and a table (label, change). Without a previous plan the whole block,
 * its tag paragraphs and the section break before it included, is left out.
 */
function changesPage(): Xml[] {
  return [
    paragraph('{heading}', { style: 'Heading1' }),
    paragraph('{intro}', { style: 'Hint' }),
    tag('{#sections}'),
    paragraph('{title}', { style: 'Heading2' }),
    changesTable([changeRow('{#changes}{label}', '{message}{/changes}')]),
    tag('{/sections}'),
    tag('{^sections}'),
    paragraph(UNCHANGED),
    tag('{/sections}'),
  ];
}

/** "KLADDE" across the page, corner to corner of the text area, in a light red the text stays readable on. */
const WATERMARK = { id: 'rIdKladde', fileName: 'kladde.emf', widthMm: 170, heightMm: 230 } as const;
const watermarkPicture = () =>
  textPictureEmf({ text: 'KLADDE', widthMm: WATERMARK.widthMm, heightMm: WATERMARK.heightMm, fontMm: 50, angleDeg: 54, color: 'F2B8B8', font: 'Calibri', bold: true });

/**
 * A page header: on a draft the mark, and "KLADDE" large across the page behind the text;
 * the running header; on a section's later pages which section they continue. `id` tells
 * the headers' pictures apart.
 */
function header(id: number, continues?: string): Xml[] {
  const picture = pictureBehindText(WATERMARK.id, { widthMm: WATERMARK.widthMm, heightMm: WATERMARK.heightMm, name: 'KLADDE', id });
  return [
    tag('{#isDraft}'),
    paragraph([picture, run(DRAFT_MARK)], { style: 'DraftMark' }),
    tag('{/isDraft}'),
    paragraph('{runningHeader}', { style: 'Header', align: 'right' }),
    ...(continues ? [paragraph(`${continues} (fortsat)`, { style: 'Header', align: 'right' })] : []),
  ];
}

export function build(): Buffer {
  const first = header(100);
  let id = 100;
  const part = (title: string, body: Xml[]): SectionSpec => ({ body, firstHeader: first, header: header(++id, title) });
  return buildDocx({
    title: '{documentTitle}',
    subject: '{documentSubject}',
    theme: { sizePt: 10, lineSpacing: 1 },
    styles,
    numbering: [{ numId: CHALLENGES_LIST, indentMm: 8, hangingMm: 8 }],
    images: [{ id: WATERMARK.id, fileName: WATERMARK.fileName, data: watermarkPicture() }],
    // Room under the header's lines, so the body never runs into it.
    marginsMm: { top: 25, right: 20, bottom: 20, left: 20 },
    footer: [paragraph(['Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer', align: 'right' })],
    sections: [
      part(SECTION.masterData, masterData()),
      part(SECTION.existingPlans, existingPlans()),
      part(SECTION.challenges, challenges()),
      part(SECTION.goals, goals()),
      // The changes page is a part of its own: the break before it is inside its block, so
      // without a previous plan section 5 is the last part, and its header says so.
      part(SECTION.followUp, [...followUp('{followUpDate}'), tag('{#changesPage}')]),
      part('{#changesPage}{heading}{/changesPage}{^changesPage}' + SECTION.followUp + '{/changesPage}', [...changesPage(), tag('{/changesPage}')]),
    ],
  });
}
