/**
 * The official form (templates/indsatsplan.docx) as a Carbone template, so that Carbone makes
 * the document the service makes (the benchmark checks pages, words and text). It mirrors
 * scripts/templates/indsatsplan.ts with the same pieces (scripts/templates/plan-form-parts.ts):
 * each section a part of its own, section 2 in blocks (short fields in tight rows, a long
 * field under its own heading row), the challenges a numbered list, each goal a table headed by
 * its title, the last challenge, goal and intervention kept with the note box, a draft's notice
 * and "KLADDE" header picture, and the optional page of changes as a part of its own. Only
 * word/document.xml, the headers and the title's tags are Carbone's; the rest of the package
 * (styles, numbering, settings, footer, the picture, and each part's section properties with its
 * headers, "(fortsat)" among them) is the production template's own.
 *
 * Carbone repeats the part from a `[i]` tag up to the matching `[i+1]` marker (a paragraph or
 * row that is removed). docxtemplater's conditional blocks ({^x}, {#object}) become loops over
 * arrays of zero or one item (an empty array drops the block, marker included); a block with
 * no value of its own starts with an empty one (`start`). A text goes through `:convCRLF`, as
 * docxtemplater's `linebreaks` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { cell, keptWithNext, paragraph, row, run, table, type Xml } from '../../src/docx/ooxml.js';
import { CONSENT_TEXT, FORM_TITLE, GROUND_TEXT, GROUNDS_HINT, LABEL, NOTE, SECTION } from '../../src/plan/labels.js';
import { FORM_HINT } from '../../src/plan/form-hints.js';
import { buildPlanView, DRAFT_MARK, GROUND_KEYS, groundBoxKey, type ChangesPageView } from '../../src/plan/plan-view.js';
import type { Plan } from '../../src/plan/schema.js';
import { TEMPLATES_DIR } from '../../src/shared/paths.js';
// The form's pieces, the production template's own: only the tags differ.
import * as form from '../../scripts/templates/plan-form-parts.js';

/** A Carbone value tag; text keeps its line breaks. */
const d = (p: string) => `{d.${p}:convCRLF}`;

/** The paragraph that marks the next item of a paragraph loop (Carbone removes it). */
const next = (loop: string, key: string): Xml => paragraph(`{d.${loop}[i+1].${key}}`);

/** The row that marks the next item of a row loop. */
const nextRow = (loop: string, key: string, cells: number): Xml => row([cell(`{d.${loop}[i+1].${key}}`), ...Array.from({ length: cells - 1 }, () => cell(''))]);

function masterData(): Xml[] {
  const simple = (l: string, key: string) => row([form.labelCell(l), cell(d(key))]);
  const yesNo = (yes: string, no: string) => [form.boxLine(`{d.${yes}}`, 'Ja'), form.boxLine(`{d.${no}}`, 'Nej')];
  const person = (loop: string) => [
    paragraph([run(`{d.${loop}[i].name:convCRLF}`, { bold: true }), d(`${loop}[i].details`)], { spaceAfterPt: 0 }),
    paragraph(d(`${loop}[i].contact`), { spaceAfterPt: 0 }),
  ];
  return [
    paragraph(`{d.draft[i].start}${form.DRAFT_NOTICE}`, { style: 'DraftNotice' }),
    next('draft', 'start'),
    paragraph(FORM_TITLE, { style: 'Title' }),
    ...form.section(SECTION.masterData, FORM_HINT.masterData),
    table(
      [
        simple(LABEL.name, 'citizenName'),
        simple(LABEL.cpr, 'citizenCpr'),
        simple(LABEL.address, 'citizenAddress'),
        simple(LABEL.phone, 'citizenPhone'),
        row([form.labelCell(LABEL.grounds, GROUNDS_HINT), cell(GROUND_KEYS.map((k) => form.boxLine(`{d.${groundBoxKey(k)}}`, GROUND_TEXT[k])))]),
        row([form.labelCell(LABEL.consent), cell([paragraph(CONSENT_TEXT), ...yesNo('consentYes', 'consentNo')])]),
        row([
          form.labelCell(LABEL.coordinator),
          cell([
            paragraph('{d.coordinatorHint[i].text}', { style: 'LabelHint' }),
            next('coordinatorHint', 'text'),
            ...person('coordinators'),
            next('coordinators', 'name'),
          ]),
        ]),
        row([
          form.labelCell(LABEL.participants),
          cell([
            paragraph('{d.participantsHint[i].text}', { style: 'LabelHint' }),
            next('participantsHint', 'text'),
            ...person('participants'),
            paragraph(d('participants[i].attendance'), { run: { italic: true }, spaceAfterPt: 6 }),
            next('participants', 'name'),
          ]),
        ]),
        simple(LABEL.meetingDate, 'meetingDate'),
        keptWithNext(row([form.labelCell(LABEL.approvedByCitizen), cell(yesNo('approvedYes', 'approvedNo'))])),
      ],
      form.TABLES.masterData(SECTION.masterData),
    ),
    ...form.note(NOTE.masterData),
  ];
}

/** Section 2 in the service's blocks: each a plan's short fields, or one long field. */
function existingPlans(): Xml[] {
  const short = 'existingPlanBlocks[i].short';
  const fields = `${short}[i].fields`;
  const long = 'existingPlanBlocks[i].long';
  return [
    ...form.section(SECTION.existingPlans, FORM_HINT.existingPlans),
    form.existingPlanFields(d(`${short}[i].heading`), [form.existingPlanFieldRow(d(`${fields}[i].label`), d(`${fields}[i].text`)), nextRow(fields, 'label', 2)]),
    next(short, 'heading'),
    form.existingPlanLongField(d(`${long}[i].heading`), d(`${long}[i].text`)),
    next(long, 'heading'),
    form.gap(3),
    next('existingPlanBlocks', 'kind'),
  ];
}

function challenges(): Xml[] {
  return [
    ...form.section(SECTION.challenges, FORM_HINT.challenges),
    paragraph(FORM_HINT.challengesIntro, { spaceAfterPt: 8 }),
    paragraph(`${LABEL.challenges}:`, { style: 'Label', keepNext: true, spaceAfterPt: 6 }),
    paragraph(d('challengesBeforeLast[i].text'), { style: 'ListNumber', numId: form.CHALLENGES_LIST }),
    next('challengesBeforeLast', 'text'),
    paragraph(d('lastChallenge[i].text'), { style: 'ListNumber', numId: form.CHALLENGES_LIST, keepNext: true }),
    next('lastChallenge', 'text'),
    ...form.note(NOTE.challenges),
  ];
}

function goals(): Xml[] {
  const title = (goal: string) => `${LABEL.goal} {d.${goal}[i].number}: ${d(`${goal}[i].title`)}`;
  const interventions = (loop: string) => [
    form.interventionRow(d(`${loop}[i].task`), d(`${loop}[i].successCriteria`), d(`${loop}[i].responsible`), d(`${loop}[i].timeline`)),
    nextRow(loop, 'task', 4),
  ];
  const [lastRow, lastMarker] = interventions('lastGoal[i].lastIntervention');
  return [
    ...form.section(SECTION.goals, FORM_HINT.goals),
    form.goalTable(title('goalsBeforeLast'), interventions('goalsBeforeLast[i].interventions')),
    form.gap(8),
    next('goalsBeforeLast', 'title'),
    // The last goal's last row is kept with the section's note box.
    form.goalTable(title('lastGoal'), [...interventions('lastGoal[i].interventionsBeforeLast'), keptWithNext(lastRow!), lastMarker!]),
    next('lastGoal', 'title'),
    ...form.note(NOTE.goals),
  ];
}

/** The page of changes, without its first paragraph (the section break before it, see below). */
function changesPage(): Xml[] {
  const sections = 'changesPage[i].sections';
  const changes = `${sections}[i].changes`;
  return [
    paragraph(d('changesPage[i].heading'), { style: 'Heading1' }),
    paragraph(d('changesPage[i].intro'), { style: 'Hint' }),
    paragraph(d(`${sections}[i].title`), { style: 'Heading2' }),
    form.changesTable([form.changeRow(d(`${changes}[i].label`), d(`${changes}[i].message`)), nextRow(changes, 'label', 2)]),
    next(sections, 'title'),
    paragraph(`{d.changesPage[i].unchanged[i].start}${form.UNCHANGED}`),
    next('changesPage[i].unchanged', 'start'),
    next('changesPage', 'start'),
  ];
}

/**
 * The production template's headers with Carbone's tags: the draft's mark (with the "KLADDE"
 * picture) a loop of zero or one, and the last part's name (section 5's, or the page of
 * changes') a value of the view.
 */
function carboneHeader(xml: string): string {
  const tagParagraph = (tag: string) => `<w:p><w:r><w:t xml:space="preserve">${tag}</w:t></w:r></w:p>`;
  return xml
    .replace(tagParagraph('{#isDraft}'), '')
    .replace(`>${DRAFT_MARK}<`, `>{d.draft[i].start}${DRAFT_MARK}<`)
    .replace(tagParagraph('{/isDraft}'), tagParagraph('{d.draft[i+1].start}'))
    .replace('{runningHeader}', '{d.runningHeader}')
    .replace(/\{#changesPage\}\{heading\}\{\/changesPage\}\{\^changesPage\}.*?\{\/changesPage\}/, '{d.lastPartHeading}');
}

/** The production template's package with Carbone's body, headers and title. */
export function buildCarboneOfficialTemplate(): Buffer {
  const files = unzipSync(fs.readFileSync(path.join(TEMPLATES_DIR, 'indsatsplan.docx')));
  const text = (name: string) => Buffer.from(files[name]!).toString('utf8');
  const production = text('word/document.xml');
  // Each part's end: the paragraph holding its section properties (headers, footer, margins), and the body's own for the last part.
  const partEnds = production.match(/<w:p><w:pPr>(?:(?!<w:p>).)*?<w:sectPr>.*?<\/w:sectPr><\/w:pPr><\/w:p>/gs) ?? [];
  const [end1, end2, end3, end4, end5] = partEnds;
  const lastSectPr = /(<w:sectPr>(?:(?!<w:sectPr>).)*<\/w:sectPr>)<\/w:body>/s.exec(production)?.[1];
  if (partEnds.length !== 5 || !end5 || !lastSectPr) throw new Error('templates/indsatsplan.docx no longer has the six parts this Carbone template expects');
  // Section 5's end starts the page of changes, so that without one section 5 is the last part
  // (as in the production template); the empty tag in it opens the loop.
  const changesStart = end5.replace(/<\/w:p>$/, '<w:r><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr><w:t>{d.changesPage[i].start}</w:t></w:r></w:p>');
  const body = [
    ...masterData(), end1, ...existingPlans(), end2, ...challenges(), end3, ...goals(), end4,
    ...form.followUp(d('followUpDate')), changesStart, ...changesPage(), lastSectPr,
  ].join('');
  const document = production.replace(/<w:body>.*<\/w:body>/s, () => `<w:body>${body}</w:body>`);
  const headers = Object.keys(files).filter((n) => /^word\/header\d+\.xml$/.test(n));
  const changed = Object.fromEntries(headers.map((n) => [n, carboneHeader(text(n))]));
  const core = text('docProps/core.xml').replace('{documentTitle}', '{d.documentTitle}').replace('{documentSubject}', '{d.documentSubject}');
  // Every tag left is Carbone's: a docxtemplater tag would be printed as it stands.
  const stray = [document, core, ...Object.values(changed)].join('').match(/\{(?!d\.)[^}]*\}/);
  if (stray) throw new Error(`templates/indsatsplan.docx has a tag this Carbone template does not handle: ${stray[0]}`);
  return Buffer.from(
    zipSync(
      { ...files, 'word/document.xml': strToU8(document), ...Object.fromEntries(Object.entries(changed).map(([n, x]) => [n, strToU8(x)])), 'docProps/core.xml': strToU8(core) },
      { level: 6 },
    ),
  );
}

/**
 * The data the Carbone template takes: the same view the service builds (glyphs, Danish
 * dates, numbering, section 2's blocks), with docxtemplater's conditional blocks as arrays of
 * zero or one item.
 */
export function carbonePlanView(plan: Plan, changesPage?: ChangesPageView) {
  const v = buildPlanView(plan, changesPage);
  const one = <T>(x: T | false | undefined): T[] => (x ? [x] : []);
  // The view's (cleaned) page of changes, or none.
  const changes = changesPage && (v.changesPage as ChangesPageView);
  return {
    ...v,
    draft: v.isDraft ? [{ start: '' }] : [],
    coordinatorHint: v.hasCoordinator ? [] : [{ text: FORM_HINT.coordinator }],
    coordinators: one(v.coordinator),
    participantsHint: v.participants.length ? [] : [{ text: FORM_HINT.participants }],
    existingPlanBlocks: v.existingPlanBlocks.map((b) => ({ kind: b.short ? 'short' : 'long', short: one(b.short), long: one(b.long) })),
    changesPage: one(changes && { ...changes, start: '', unchanged: changes.sections.length ? [] : [{ start: '' }] }),
    lastPartHeading: changes ? changes.heading : SECTION.followUp,
  };
}
