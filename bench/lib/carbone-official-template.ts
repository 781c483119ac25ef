/**
 * The official form (templates/indsatsplan.docx) as a Carbone template: the same five
 * sections, tables, note boxes, page breaks, styles, header and footer, with Carbone's tags
 * instead of docxtemplater's. Only word/document.xml, the header and the title are new; the
 * other parts (styles, settings, footer) are taken from the production template itself.
 * The body mirrors scripts/templates/indsatsplan.ts as it was before the print was made for
 * paper (issue 12), with the same parts (scripts/templates/plan-form-parts.ts): one part, one
 * table for section 2, goals' titles as headings, the note boxes where they fall; so pages and
 * words differ from the service's now, which the benchmark's table shows.
 *
 * Carbone repeats the part from a `[i]` tag up to the matching `[i+1]` marker (a paragraph or
 * row that is removed). docxtemplater's conditional blocks ({^x}, {#object}) become loops over
 * arrays of zero or one item (an empty array drops the block, marker included), and a text
 * goes through `:convCRLF`, as docxtemplater's `linebreaks` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { cell, paragraph, row, run, tab, table, type Xml } from '../../src/docx/ooxml.js';
import { CONSENT_TEXT, EXISTING_PLAN_LABEL, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../../src/plan/labels.js';
import { FORM_HINT } from '../../src/plan/form-hints.js';
import { buildPlanView, GROUND_KEYS, groundBoxKey } from '../../src/plan/plan-view.js';
import { EXISTING_PLAN_KEYS, type Plan } from '../../src/plan/schema.js';
import { TEMPLATES_DIR } from '../../src/shared/paths.js';
import { boxLine, columnHead, labelCell, LABEL_FILL, note, section, TABLES } from '../../scripts/templates/plan-form-parts.js';

/** A Carbone value tag; text keeps its line breaks. */
const d = (p: string) => `{d.${p}:convCRLF}`;

/** The paragraph that marks the next item of a paragraph loop (Carbone removes it). */
const next = (loop: string, key: string): Xml => paragraph(`{d.${loop}[i+1].${key}}`);

function masterData(): Xml[] {
  const simple = (l: string, key: string) => row([labelCell(l), cell(d(key))]);
  const yesNo = (yes: string, no: string) => [boxLine(`{d.${yes}}`, 'Ja'), boxLine(`{d.${no}}`, 'Nej')];
  const person = (loop: string) => [
    paragraph([run(`{d.${loop}[i].name:convCRLF}`, { bold: true }), d(`${loop}[i].details`)], { spaceAfterPt: 0 }),
    paragraph(d(`${loop}[i].contact`), { spaceAfterPt: 0 }),
  ];
  return [
    ...section(SECTION.masterData, FORM_HINT.masterData, false),
    table(
      [
        simple(LABEL.name, 'citizenName'),
        simple(LABEL.cpr, 'citizenCpr'),
        simple(LABEL.address, 'citizenAddress'),
        simple(LABEL.phone, 'citizenPhone'),
        row([labelCell(LABEL.grounds, GROUNDS_HINT), cell(GROUND_KEYS.map((k) => boxLine(`{d.${groundBoxKey(k)}}`, GROUND_TEXT[k])))]),
        row([labelCell(LABEL.consent), cell([paragraph(CONSENT_TEXT), ...yesNo('consentYes', 'consentNo')])]),
        row([
          labelCell(LABEL.coordinator),
          cell([
            paragraph('{d.coordinatorHint[i].text}', { style: 'LabelHint' }),
            next('coordinatorHint', 'text'),
            ...person('coordinators'),
            next('coordinators', 'name'),
          ]),
        ]),
        row([
          labelCell(LABEL.participants),
          cell([
            paragraph('{d.participantsHint[i].text}', { style: 'LabelHint' }),
            next('participantsHint', 'text'),
            ...person('participants'),
            paragraph(d('participants[i].attendance'), { run: { italic: true }, spaceAfterPt: 6 }),
            next('participants', 'name'),
          ]),
        ]),
        simple(LABEL.meetingDate, 'meetingDate'),
        row([labelCell(LABEL.approvedByCitizen), cell(yesNo('approvedYes', 'approvedNo'))]),
      ],
      TABLES.masterData(SECTION.masterData),
    ),
    ...note(NOTE.masterData),
  ];
}

function existingPlans(): Xml[] {
  const merged = cell('', { vMerge: 'continue', shading: LABEL_FILL });
  return [
    ...section(SECTION.existingPlans, FORM_HINT.existingPlans, true),
    table(
      [
        row([cell(paragraph(d('existingPlans[i].name'), { style: 'Label' }), { vMerge: 'restart', shading: LABEL_FILL }), labelCell(LABEL.status), cell(d('existingPlans[i].status'))]),
        row([merged, labelCell(LABEL.existingGoal), cell(d('existingPlans[i].goal'))]),
        row([merged, labelCell(LABEL.existingIntervention), cell(d('existingPlans[i].intervention'))]),
        row([cell('{d.existingPlans[i+1].name}'), cell(''), cell('')]),
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
    paragraph(['{d.challenges[i].number}.', tab(), d('challenges[i].text')], { style: 'ListNumber', indentMm: 8, hangingMm: 8 }),
    next('challenges', 'number'),
    ...note(NOTE.challenges),
  ];
}

function goals(): Xml[] {
  const iv = (key: string) => cell(d(`goals[i].interventions[i].${key}`));
  return [
    ...section(SECTION.goals, FORM_HINT.goals, true),
    paragraph(`${LABEL.goal} {d.goals[i].number}: ${d('goals[i].title')}`, { style: 'Heading2' }),
    table(
      [
        row([columnHead(LABEL.task), columnHead(LABEL.successCriteria), columnHead(LABEL.responsible, FORM_HINT.responsible), columnHead(LABEL.timeline, FORM_HINT.timeline)], {
          header: true,
          cantSplit: true,
        }),
        row([iv('task'), iv('successCriteria'), iv('responsible'), iv('timeline')]),
        row([cell('{d.goals[i].interventions[i+1].task}'), cell(''), cell(''), cell('')]),
      ],
      TABLES.goal(),
    ),
    next('goals', 'title'),
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
          cell([paragraph(`${FORM_HINT.followUpLine} ${d('followUpDate')}`), paragraph(FORM_HINT.followUpMax, { style: 'LabelHint' })]),
        ]),
      ],
      TABLES.followUp(SECTION.followUp),
    ),
    ...note(NOTE.followUp),
    paragraph('', { spaceAfterPt: 0 }),
    paragraph(FORM_HINT.closing),
  ];
}

/** The production template's package with Carbone's body, header and title. */
export function buildCarboneOfficialTemplate(): Buffer {
  const files = unzipSync(fs.readFileSync(path.join(TEMPLATES_DIR, 'indsatsplan.docx')));
  const text = (name: string) => Buffer.from(files[name]!).toString('utf8');
  const body = [paragraph(FORM_TITLE, { style: 'Title' }), ...masterData(), ...existingPlans(), ...challenges(), ...goals(), ...followUp()].join('');
  const document = text('word/document.xml').replace(/<w:body>.*(<w:sectPr>)/s, (_, sectPr: string) => `<w:body>${body}${sectPr}`);
  // The headers of the last part, which Carbone's one-part body keeps: the running header with
  // Carbone's tag; the draft's mark (paragraphs between {#isDraft} and {/isDraft}) left out, as
  // the benchmark's plans are final, and so is "(fortsat)", which needs the parts.
  const headers = Object.keys(files).filter((n) => /^word\/header\d+\.xml$/.test(n));
  const changed = Object.fromEntries(
    headers.map((n) => [
      n,
      strToU8(
        text(n)
          .replace(/<w:p>(?:(?!<w:p>).)*?\{#isDraft\}.*?\{\/isDraft\}.*?<\/w:p>/s, '')
          .replace('{runningHeader}', '{d.runningHeader}')
          .replace(/<w:p>(?:(?!<w:p>).)*?\(fortsat\).*?<\/w:p>/s, ''),
      ),
    ]),
  );
  const core = text('docProps/core.xml').replace('{documentTitle}', '{d.documentTitle}').replace('{documentSubject}', '{d.documentSubject}');
  // The footer (Side x af y) is the production one, unchanged.
  const footer = text('word/footer1.xml');
  if (document === text('word/document.xml') || headers.length === 0 || headers.some((n) => Buffer.from(changed[n]!).toString('utf8').includes('{#')) || core === text('docProps/core.xml') || !footer.includes('PAGE')) {
    throw new Error('templates/indsatsplan.docx no longer has the structure this Carbone template expects');
  }
  return Buffer.from(
    zipSync(
      { ...files, 'word/document.xml': strToU8(document), ...changed, 'docProps/core.xml': strToU8(core) },
      { level: 6 },
    ),
  );
}

/**
 * The data the Carbone template takes: the same view the service builds (glyphs, Danish
 * dates, numbering), with docxtemplater's conditional blocks as arrays of zero or one item.
 */
export function carbonePlanView(plan: Plan) {
  const v = buildPlanView(plan);
  return {
    ...v,
    // Section 2 in the form's one table (this copy's layout), not in the service's blocks.
    existingPlans: EXISTING_PLAN_KEYS.map((k) => ({ name: EXISTING_PLAN_LABEL[k], ...plan.existingPlans[k] })),
    draftMark: v.isDraft ? FORM_HINT.draftMark : '',
    coordinatorHint: v.hasCoordinator ? [] : [{ text: FORM_HINT.coordinator }],
    coordinators: v.coordinator ? [v.coordinator] : [],
    participantsHint: v.participants.length ? [] : [{ text: FORM_HINT.participants }],
  };
}
