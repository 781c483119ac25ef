/**
 * templates/indsatsplan.docx: the official form (Bilag 1) as a docxtemplater template.
 * The form's words come from src/plan/labels.ts and src/plan/form-hints.ts; the tags are the
 * view model of src/plan/plan-view.ts. Sections 2–5 start on a new page, as in the form;
 * a plan rendered beside its previous plan ends with a page of changes (not the form's).
 */
import { buildDocx } from '../../src/docx/build-docx.js';
import { cell, field, GRID_TABLE, paragraph, row, run, tab, table, type Xml } from '../../src/docx/ooxml.js';
import type { StyleDef } from '../../src/docx/styles.js';
import { CONSENT_TEXT, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../../src/plan/labels.js';
import { GROUND_KEYS, groundBoxKey } from '../../src/plan/plan-view.js';
import { FORM_HINT } from '../../src/plan/form-hints.js';
import { boxLine, columnHead, labelCell, LABEL_FILL, note, section, TABLES, W } from './plan-form-parts.js';

export const name = 'indsatsplan';

const styles: StyleDef[] = [
  { id: 'Hint', name: 'Vejledning', type: 'paragraph', basedOn: 'Normal', next: 'Normal', primary: true,
    run: { italic: true, color: '595959' }, paragraph: { spaceAfterPt: 8, keepNext: true } },
  { id: 'Label', name: 'Feltnavn', type: 'paragraph', basedOn: 'Normal', primary: true, run: { bold: true } },
  { id: 'LabelHint', name: 'Feltvejledning', type: 'paragraph', basedOn: 'Normal', run: { italic: true, sizePt: 9, color: '595959' } },
  { id: 'TableHeading', name: 'Tabeloverskrift', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 9.5 } },
  { id: 'NoteText', name: 'Bemærkning', type: 'paragraph', basedOn: 'Normal', primary: true, paragraph: { spaceAfterPt: 6 } },
  { id: 'NoteMark', name: 'Bemærkningstegn', type: 'paragraph', basedOn: 'Normal', run: { bold: true, sizePt: 28, color: 'C0504D' } },
  { id: 'DraftMark', name: 'Kladdemærke', type: 'paragraph', basedOn: 'Header', run: { bold: true, sizePt: 12, color: 'C00000' }, paragraph: { align: 'center' } },
  { id: 'ListNumber', name: 'Nummereret udfordring', type: 'paragraph', basedOn: 'Normal', paragraph: { spaceAfterPt: 6 } },
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
    ...section(SECTION.masterData, FORM_HINT.masterData, false),
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
        row([labelCell(LABEL.approvedByCitizen), cell(yesNo('approvedYes', 'approvedNo'))]),
      ],
      TABLES.masterData(SECTION.masterData),
    ),
    ...note(NOTE.masterData),
  ];
}

function existingPlans(): Xml[] {
  // One three-row block per plan; docxtemplater repeats the rows from {#existingPlans} to {/existingPlans}.
  return [
    ...section(SECTION.existingPlans, FORM_HINT.existingPlans, true),
    table(
      [
        row([cell(paragraph('{#existingPlans}{name}', { style: 'Label' }), { vMerge: 'restart', shading: LABEL_FILL }), labelCell(LABEL.status), cell('{status}')]),
        row([cell('', { vMerge: 'continue', shading: LABEL_FILL }), labelCell(LABEL.existingGoal), cell('{goal}')]),
        row([cell('', { vMerge: 'continue', shading: LABEL_FILL }), labelCell(LABEL.existingIntervention), cell('{intervention}{/existingPlans}')]),
      ],
      TABLES.existingPlans(SECTION.existingPlans),
    ),
  ];
}

function challenges(): Xml[] {
  return [
    ...section(SECTION.challenges, FORM_HINT.challenges, true),
    paragraph(FORM_HINT.challengesIntro, { spaceAfterPt: 8 }),
    paragraph(`${LABEL.challenges}:`, { style: 'Label', keepNext: true, spaceAfterPt: 6 }),
    tag('{#challenges}'),
    paragraph(['{number}.', tab(), '{text}'], { style: 'ListNumber', indentMm: 8, hangingMm: 8 }),
    tag('{/challenges}'),
    ...note(NOTE.challenges),
  ];
}

function goals(): Xml[] {
  return [
    ...section(SECTION.goals, FORM_HINT.goals, true),
    tag('{#goals}'),
    paragraph(`${LABEL.goal} {number}: {title}`, { style: 'Heading2' }),
    table(
      [
        row([columnHead(LABEL.task), columnHead(LABEL.successCriteria), columnHead(LABEL.responsible, FORM_HINT.responsible), columnHead(LABEL.timeline, FORM_HINT.timeline)], {
          header: true,
          cantSplit: true,
        }),
        row([cell('{#interventions}{task}'), cell('{successCriteria}'), cell('{responsible}'), cell('{timeline}{/interventions}')]),
      ],
      TABLES.goal(),
    ),
    tag('{/goals}'),
    ...note(NOTE.goals),
  ];
}

function followUp(): Xml[] {
  return [
    ...section(SECTION.followUp, undefined, true),
    table(
      [
        row([
          labelCell(LABEL.followUpDate, FORM_HINT.followUp),
          cell([paragraph(`${FORM_HINT.followUpLine} {followUpDate}`), paragraph(FORM_HINT.followUpMax, { style: 'LabelHint' })]),
        ]),
      ],
      TABLES.followUp(SECTION.followUp),
    ),
    ...note(NOTE.followUp),
    paragraph('', { spaceAfterPt: 0 }),
    paragraph(FORM_HINT.closing),
  ];
}

/**
 * "Ændringer siden planen af …" on a page of its own, after the form: for each section with
 * changes a heading and a table (label, change). Without a previous plan the whole block,
 * its tag paragraphs included, is left out, so the document is the form alone.
 */
function changesPage(): Xml[] {
  return [
    tag('{#changesPage}'),
    paragraph('{heading}', { style: 'Heading1', pageBreakBefore: true }),
    paragraph('{intro}', { style: 'Hint' }),
    tag('{#sections}'),
    paragraph('{title}', { style: 'Heading2' }),
    table(
      [
        row([columnHead('Felt'), columnHead('Ændring')], { header: true, cantSplit: true }),
        row([cell('{#changes}{label}'), cell('{message}{/changes}')], { cantSplit: true }),
      ],
      { widthsMm: [50, W - 50], ...GRID_TABLE, caption: 'Ændringer i afsnittet' },
    ),
    tag('{/sections}'),
    tag('{^sections}'),
    paragraph('Planens indhold er det samme som i den forrige plan.'),
    tag('{/sections}'),
    tag('{/changesPage}'),
  ];
}

export function build(): Buffer {
  return buildDocx({
    title: '{documentTitle}',
    subject: FORM_TITLE,
    styles,
    // Room under the two-line header, so the body never runs into it.
    marginsMm: { top: 25, right: 20, bottom: 20, left: 20 },
    header: [
      paragraph('{#isDraft}' + FORM_HINT.draftMark + '{/isDraft}', { style: 'DraftMark' }),
      paragraph(FORM_TITLE, { style: 'Header', align: 'right' }),
    ],
    footer: [paragraph(['Side ', field('PAGE'), ' af ', field('NUMPAGES')], { style: 'Footer', align: 'right' })],
    body: [
      paragraph(FORM_TITLE, { style: 'Title' }),
      ...masterData(),
      ...existingPlans(),
      ...challenges(),
      ...goals(),
      ...followUp(),
      ...changesPage(),
    ],
  });
}
