/**
 * Reads the official form (Bilag 1) without content controls, filled the traditional
 * way as in Bilag 2 of the guideline: the tables and rows are found by their labels,
 * a box counts as ticked when ☐ was replaced by ☒/☑/■ or an X was typed next to it,
 * and dates are read the Danish way. A form retyped as paragraphs is read too: a label
 * at the start of a paragraph ("Dato for koordinationsmødet: 1.5.2014", or the label
 * alone with its value in the paragraphs under it), and the form's own sentence
 * "Opfølgende møde afholdes den …" wherever it stands. What cannot be read is reported
 * at its field.
 */
import type { Element } from '@xmldom/xmldom';
import { FORM_TITLE, GROUND_TEXT, LABEL, NOTE, SECTION } from '../plan/labels.js';
import { FORM_HINT } from '../plan/form-hints.js';
import type { ExistingPlanKey, PlanInput } from '../plan/schema.js';
import { readContactText, readParticipantsText, stripHint } from './contact-text.js';
import type { ProblemItem } from '../shared/problem.js';
import { parseDanishDate } from './danish-date.js';
import { followUpSentence, parseFollowUpDate } from './form-sentences.js';
import { decideYesNo, type BoxState } from './yes-no.js';
import { childElements, elementText, EMPTY_BOX_GLYPHS, squash, TICKED_BOX_GLYPHS, wordNs } from './ooxml-text.js';
import { boxUnclear, dateUnreadable } from './reading-problems.js';
import type { DocxPackage, ReadResult } from './types.js';

type Block = { kind: 'p'; text: string } | { kind: 'tbl'; rows: string[][] };

const WRAPPERS = new Set(['sdt', 'sdtContent', 'customXml']);

/** The children `p`, `tbl`, `tr` or `tc` of `el`, looking through content controls and custom XML around them. */
function unwrapped(el: Element, ns: string, locals: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  for (const c of childElements(el)) {
    const name = c.localName ?? '';
    if (c.namespaceURI !== ns) continue;
    if (locals.has(name)) out.push(c);
    else if (WRAPPERS.has(name)) out.push(...unwrapped(c, ns, locals));
  }
  return out;
}

const BLOCK = new Set(['p', 'tbl']);
const ROW = new Set(['tr']);
const CELL = new Set(['tc']);

/** The body's paragraphs and tables in order, each as the text a person sees. */
function readBlocks(body: Element, ns: string): Block[] {
  const text = (el: Element) => cleanText(elementText(el, ns));
  return unwrapped(body, ns, BLOCK).map((b): Block =>
    b.localName === 'p'
      ? { kind: 'p', text: text(b) }
      : { kind: 'tbl', rows: unwrapped(b, ns, ROW).map((tr) => unwrapped(tr, ns, CELL).map(text)) },
  );
}

/** Trims each line's trailing blanks and the text's blank lines at both ends; keeps inner line breaks. */
function cleanText(s: string): string {
  return s
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/u, ''))
    .join('\n')
    .replace(/^\s*\n/u, '')
    .trim();
}

type SectionName = keyof typeof SECTION;
/** Headings compare without their number (Word may number them itself) and by their first words. */
const sectionKey = (title: string) => squash(title).replace(/^\d+/u, '').slice(0, 15);
const SECTION_KEYS = (Object.keys(SECTION) as SectionName[]).map((name) => [name, sectionKey(SECTION[name])] as const);

function sectionOf(text: string): SectionName | undefined {
  const s = sectionKey(text);
  return SECTION_KEYS.find(([, key]) => s === key)?.[0];
}

/** The blocks of a section: from its heading to the next; every block when the heading is not there. */
function sectionBlocks(blocks: Block[], name: SectionName): Block[] {
  const starts = blocks.map((b) => (b.kind === 'p' ? sectionOf(b.text) : undefined));
  const from = starts.indexOf(name);
  if (from < 0) return blocks;
  let to = from + 1;
  while (to < blocks.length && starts[to] === undefined) to++;
  return blocks.slice(from + 1, to);
}

const NOTE_KEYS = Object.values(NOTE)
  .flat()
  .map((t) => squash(t).slice(0, 40));
const isNote = (text: string) => {
  const s = squash(text);
  return s.length > 0 && NOTE_KEYS.some((k) => s.startsWith(k));
};

interface Labelled {
  /** The label, squashed. */
  key: string;
  value: string;
}

/** A row's label: its first non-empty cell (continued rows of a merged cell start empty). */
function labelledRows(blocks: Block[]): Labelled[] {
  const out: Labelled[] = [];
  for (const b of blocks) {
    if (b.kind !== 'tbl') continue;
    for (const cells of b.rows) {
      const i = cells.findIndex((c) => c !== '');
      if (i < 0) continue;
      out.push({ key: squash(cells[i]!), value: cells.slice(i + 1).filter((c) => c !== '').join('\n') });
    }
  }
  return out;
}

/**
 * Where `text` starts with `label` (compared as squash does: across case, spacing,
 * hyphenation and punctuation), the index just after it; undefined when it does not, or
 * when the label runs on into a longer word ("Navnet").
 */
function afterLabel(text: string, label: string): number | undefined {
  const key = squash(label);
  let k = 0;
  let i = 0;
  for (const ch of text) {
    const sq = squash(ch);
    if (sq === '') {
      if (k === key.length) return i;
    } else {
      if (k === key.length || !key.startsWith(sq, k)) return undefined;
      k += sq.length;
    }
    i += ch.length;
  }
  return k === key.length ? text.length : undefined;
}

/** The form's sentence above the Ja/Nej of consent: a retyped form may leave out its label. */
const CONSENT_SENTENCE = 'Borgeren har givet samtykke til';
/** The labels of section 1 and 5 a retyped form may write at the start of a paragraph. */
const PARAGRAPH_LABELS = [
  LABEL.name,
  LABEL.cpr,
  LABEL.address,
  LABEL.phone,
  LABEL.grounds,
  LABEL.consent,
  CONSENT_SENTENCE,
  'Borgeren givet samtykke til',
  LABEL.coordinator,
  LABEL.participants,
  LABEL.meetingDate,
  LABEL.referralDate,
  LABEL.approvedByCitizen,
  LABEL.followUpDate,
];

function paragraphLabel(text: string): { label: string; rest: string } | undefined {
  for (const label of PARAGRAPH_LABELS) {
    const at = afterLabel(text, label);
    if (at !== undefined) return { label, rest: text.slice(at).replace(/^[\s:.\-–—]+/u, '') };
  }
  return undefined;
}

/**
 * A form retyped as paragraphs: "Label: value", or the label alone and its value in the
 * paragraphs under it, up to the next label, heading, note or table. Sections 2–4 are left
 * out: their free text may start with any word.
 */
function labelledParagraphs(blocks: Block[]): Labelled[] {
  const out: Labelled[] = [];
  let section: SectionName | undefined;
  const freeText = new Set<SectionName>(['existingPlans', 'challenges', 'goals']);
  blocks.forEach((b, i) => {
    if (b.kind !== 'p') return;
    section = sectionOf(b.text) ?? section;
    if (section && freeText.has(section)) return;
    const found = paragraphLabel(b.text);
    if (!found) return;
    const label = found.label.toLowerCase().includes('samtykke') ? LABEL.consent : found.label;
    const lines = [found.rest];
    for (const next of blocks.slice(i + 1)) {
      if (next.kind !== 'p' || paragraphLabel(next.text) || sectionOf(next.text) || isNote(next.text)) break;
      lines.push(next.text);
    }
    out.push({ key: squash(label), value: lines.filter((l) => l.trim() !== '').join('\n') });
  });
  return out;
}

/** Every line of the document, in paragraphs and in table cells, in order. */
function allLines(blocks: Block[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'p' ? [b.text] : b.rows.flat())).flatMap((t) => t.split('\n'));
}

const CHECKED_CHARS = [...TICKED_BOX_GLYPHS].join('');
const UNCHECKED_CHARS = [...EMPTY_BOX_GLYPHS].join('');
const CHECKED = new RegExp(`[${CHECKED_CHARS}]`, 'u');
const UNCHECKED = new RegExp(`[${UNCHECKED_CHARS}]`, 'u');
const GLYPHS = new RegExp(`([${CHECKED_CHARS}${UNCHECKED_CHARS}])`, 'gu');
const PUNCT = /[()[\]:;,.*\-–—]/gu;
/** A box after an option's word on the same line starts the next option ("☒ Ja ☐ Nej"); "☐☒ Ja" and "X ☐ Ja" stay one. */
const NEXT_OPTION = new RegExp(`(?<=\\p{L}{2}[\\s.,;]*)(?=[${CHECKED_CHARS}${UNCHECKED_CHARS}])`, 'u');

type Tick = boolean | 'unclear';

/** Reads the box tokens around an option: glyphs, and an X typed next to them. */
function readMarker(marker: string): Tick {
  const hasChecked = CHECKED.test(marker);
  const hasUnchecked = UNCHECKED.test(marker);
  const tokens = marker.replace(GLYPHS, ' ').replace(PUNCT, ' ').split(/\s+/u).filter(Boolean);
  const hasX = tokens.some((t) => t === 'x' || t === 'X');
  if (tokens.some((t) => t !== 'x' && t !== 'X')) return 'unclear';
  if (hasX) return true;
  if (hasChecked && hasUnchecked) return 'unclear';
  if (hasChecked) return true;
  if (hasUnchecked) return false;
  return 'unclear';
}

/** Splits a line into its box marker (leading and trailing box tokens) and the option text between. */
function splitOption(line: string): { marker: string; text: string } {
  const tokens = line.replace(GLYPHS, ' $1 ').split(/\s+/u).filter(Boolean);
  const isMarker = (t: string) => t.replace(GLYPHS, '').replace(PUNCT, '').replace(/^x$/iu, '') === '';
  let a = 0;
  let b = tokens.length;
  while (a < b && isMarker(tokens[a]!)) a++;
  while (b > a && isMarker(tokens[b - 1]!)) b--;
  return { marker: [...tokens.slice(0, a), ...tokens.slice(b)].join(' '), text: tokens.slice(a, b).join(' ') };
}

const GROUND_KEYS = {
  inPsychiatricTreatment: 'erpatientidenambulantepsykiatri',
  inSubstanceTreatment: 'eristofogelleralkoholbehandling',
  needsPsychiatricTreatment: 'behovforpsykiatriskbehandling',
  needsSubstanceTreatment: 'behovforstofogelleralkoholbehandling',
} as const satisfies Record<keyof typeof GROUND_TEXT, string>;

const EXISTING_PLAN_MATCH: Record<ExistingPlanKey, (key: string) => boolean> = {
  drugTreatment: (k) => k.includes('stofmisbrug') && k.startsWith('behandlingsplan'),
  alcoholTreatment: (k) => k.includes('alkoholafhængighed') && k.startsWith('behandlingsplan'),
  psychiatricTreatment: (k) => k.startsWith('psykiatriskbehandlingsplan'),
  dischargeAgreement: (k) => k.startsWith('udskrivningsaftale'),
  coordinationPlan: (k) => k.startsWith('koordinationsplan'),
  socialActionPlan: (k) => k.startsWith('socialhandleplan'),
  educationOrJobPlan: (k) => k.startsWith('uddannelsesplan') || k.startsWith('jobplan'),
  other: (k) => k === 'andet' || k.startsWith('andet'),
};
const EXISTING_FIELD: Record<string, 'status' | 'goal' | 'intervention'> = { status: 'status', mål: 'goal', indsats: 'intervention' };

interface ReadContext {
  problems: ProblemItem[];
}

function readDate(ctx: ReadContext, text: string, path: string, label: string): string | null {
  const d = parseDanishDate(text);
  if (d.kind === 'date') return d.iso;
  if (d.kind === 'unreadable') ctx.problems.push(dateUnreadable(path, label, d.text));
  return null;
}

/** The box marker of a line when the line is the option's, or undefined. */
type OptionMatch = (line: string) => string | undefined;

/** A long option (the grounds): the text between the box tokens contains `key`. */
const optionContaining =
  (key: string): OptionMatch =>
  (line) => {
    const { marker, text } = splitOption(line);
    return squash(text).includes(key) ? marker : undefined;
  };

/** A one-word option (Ja, Nej): whatever stands around the word is its marker, so "måske Ja" reads as unclear. */
const optionWord = (word: string): OptionMatch => {
  const re = new RegExp(`^(.*?)(?<!\\p{L})${word}(?!\\p{L})(.*)$`, 'iu');
  return (line) => {
    const m = re.exec(line);
    if (!m || !['', 'x'].includes(squash(m[2]!))) return undefined;
    return `${m[1]} ${m[2]}`;
  };
};

const YES = optionWord('ja');
const NO = optionWord('nej');

/** The first line that is the option's: its box marker and what the marker says; undefined when no line is. */
function findBox(lines: string[], match: OptionMatch): { marker: string; tick: Tick } | undefined {
  for (const line of lines) {
    const marker = match(line);
    if (marker !== undefined) return { marker, tick: readMarker(marker) };
  }
  return undefined;
}

/** Reads one box; null (and a problem) when it is neither clearly ticked nor clearly empty. */
function readBox(ctx: ReadContext, lines: string[], match: OptionMatch, path: string, label: string, option: string): boolean | null {
  const box = findBox(lines, match);
  if (box && box.tick !== 'unclear') return box.tick;
  if (box) ctx.problems.push(boxUnclear(path, label, { option, seen: box.marker }));
  else ctx.problems.push({ code: 'upload.box-unclear', path, label, message: `Afkrydsningsfeltet »${option}« blev ikke fundet i dokumentet. Skriv teksten ind igen med ☐ foran, som i skabelonen.` });
  return null;
}

/** Ja/Nej, decided as the other readers decide it (yes-no.ts): null and a problem unless exactly one is ticked. */
function readYesNo(ctx: ReadContext, value: string, path: string, label: string): boolean | null {
  // "☒ Ja ☐ Nej" on one line, as a retyped form may have it: one option per box.
  const lines = value.split('\n').flatMap((l) => l.split(NEXT_OPTION));
  const boxes = [
    { option: 'Ja', box: findBox(lines, YES) },
    { option: 'Nej', box: findBox(lines, NO) },
  ];
  const state = ({ box }: (typeof boxes)[number]): BoxState => (box && box.tick !== 'unclear' ? box.tick : undefined);
  const answer = decideYesNo(state(boxes[0]!), state(boxes[1]!), label);
  if (answer.problem) {
    // A box that is there but unclear is reported with what it shows: that says more than the pair's reason.
    const unclear = boxes.find((b) => b.box?.tick === 'unclear');
    ctx.problems.push(
      unclear ? boxUnclear(path, label, { option: unclear.option, seen: unclear.box!.marker }) : { code: 'upload.box-unclear', path, label, message: answer.problem },
    );
  }
  return answer.value;
}
const FOLLOW_UP_HINTS = [FORM_HINT.followUp, FORM_HINT.followUpMax].map((h) => squash(h).slice(0, 20));

/**
 * "Opfølgende møde afholdes den ___1.10___ 20 14": in the row "Dato for opfølgning", or
 * the sentence wherever a referent who retyped the form wrote it. The first that holds a
 * date counts; one that holds something else is reported when none holds a date.
 */
function readFollowUp(ctx: ReadContext, row: Labelled | undefined, lines: string[]): string | null {
  // The row's value without the form's own hints (a retyped form may have them under the label).
  const value = row?.value.split('\n').filter((l) => !FOLLOW_UP_HINTS.some((h) => squash(l).startsWith(h))) ?? [];
  const inRow = row ? [followUpSentence(value.join('\n')) ?? value[0] ?? ''] : [];
  const candidates = [...inRow, ...lines.map(followUpSentence).filter((v): v is string => v !== undefined)];
  let unreadable: string | undefined;
  for (const text of candidates) {
    const d = parseFollowUpDate(text);
    if (d.kind === 'date') return d.iso;
    if (d.kind === 'unreadable') unreadable ??= d.text;
  }
  if (unreadable !== undefined) ctx.problems.push(dateUnreadable('/followUpDate', LABEL.followUpDate, unreadable));
  return null;
}

function readChallenges(blocks: Block[]): string[] {
  const start = blocks.findIndex((b) => b.kind === 'p' && squash(b.text).startsWith(squash(LABEL.challenges)));
  const lines: string[] = [];
  for (const b of blocks.slice(start + 1)) {
    if (b.kind === 'p') {
      if (isNote(b.text)) break;
      lines.push(b.text);
    } else {
      if (b.rows.some((r) => r.some(isNote))) break;
      for (const r of b.rows) lines.push(r.filter(Boolean).join(' '));
    }
  }
  // Before the list label (a document without it), only numbered lines count.
  const numberedOnly = start < 0;
  const out: string[] = [];
  for (const line of lines) {
    const m = /^\s*(\d{1,2})\s*[.)]\s+(.*)$/su.exec(line);
    if (numberedOnly && !m) continue;
    const text = (m ? m[2]! : line).replace(/^udfordring\s*:\s*/iu, '').replace(/^[.…_\s]+$/u, '').trim();
    if (text === '' || text === '!') continue;
    out.push(text);
  }
  return out;
}

type Goal = NonNullable<PlanInput['goals']>[number];
const INTERVENTION_COLUMNS = [
  ['indsatser', 'task'],
  ['succeskriterier', 'successCriteria'],
  ['rollefordeling', 'responsible'],
  ['tidsplan', 'timeline'],
] as const;
type InterventionField = (typeof INTERVENTION_COLUMNS)[number][1];

function readGoals(blocks: Block[]): Goal[] {
  const goals: Goal[] = [];
  const GOAL = /^\s*mål\s*(\d+)\s*[:.\-–—]?\s*(.*)$/isu;
  const title = (rest: string) => stripHint(rest).trim();
  for (const b of blocks) {
    if (b.kind === 'p') {
      const m = GOAL.exec(b.text);
      if (m) goals.push({ title: title(m[2]!), interventions: [] });
      continue;
    }
    if (b.rows.some((r) => r.some(isNote))) continue;
    let columns: InterventionField[] | undefined;
    for (const cells of b.rows) {
      const first = cells.find((c) => c !== '') ?? '';
      const goalRow = GOAL.exec(first);
      if (goalRow && cells.length <= 2) {
        goals.push({ title: title(goalRow[2] || cells.filter((c) => c !== '')[1] || ''), interventions: [] });
        continue;
      }
      const heads = cells.map((c) => INTERVENTION_COLUMNS.find(([k]) => squash(c).startsWith(k))?.[1]);
      if (heads.filter(Boolean).length >= 2) {
        columns = heads.map((h, i) => h ?? INTERVENTION_COLUMNS[i]?.[1] ?? 'task');
        continue;
      }
      if (!columns || cells.every((c) => c === '')) continue;
      const iv: Record<InterventionField, string> = { task: '', successCriteria: '', responsible: '', timeline: '' };
      cells.forEach((c, i) => {
        const f = columns![i];
        if (f) iv[f] = [iv[f], c].filter(Boolean).join('\n');
      });
      let goal = goals[goals.length - 1];
      if (!goal) {
        goal = { title: '', interventions: [] };
        goals.push(goal);
      }
      goal.interventions!.push(iv);
    }
  }
  return goals.filter((g) => g.title !== '' || (g.interventions?.length ?? 0) > 0);
}

/** "Psykiatrisk behandlingsplan (…) – Status": the heading of a long field in the service's own print, its text in the row under it. */
const FIELD_HEADING = /\s[–-]\s*(status|mål|indsats)\s*$/iu;

function readExistingPlans(blocks: Block[]): NonNullable<PlanInput['existingPlans']> {
  const plans: Partial<Record<ExistingPlanKey, { status: string; goal: string; intervention: string }>> = {};
  for (const b of blocks) {
    if (b.kind !== 'tbl') continue;
    let current: ExistingPlanKey | undefined;
    let headed: 'status' | 'goal' | 'intervention' | undefined;
    for (const cells of b.rows) {
      if (current && headed) {
        // The row under a field's heading is its text, whatever words it starts with.
        (plans[current] ??= { status: '', goal: '', intervention: '' })[headed] = cells.filter(Boolean).join('\n');
        headed = undefined;
        continue;
      }
      const first = squash(cells[0] ?? '');
      const match = (Object.keys(EXISTING_PLAN_MATCH) as ExistingPlanKey[]).find((k) => EXISTING_PLAN_MATCH[k](first));
      if (match) {
        current = match;
        const field = FIELD_HEADING.exec(cells[0] ?? '')?.[1];
        headed = field ? EXISTING_FIELD[field.toLowerCase()] : undefined;
        if (headed) continue;
      }
      if (!current) continue;
      // The field's label after the plan's name (the form), or first in a row under the name (the service's print).
      const i = cells.findIndex((c, j) => (j > 0 || !match) && EXISTING_FIELD[squash(c)] !== undefined);
      if (i < 0) continue;
      const entry = (plans[current] ??= { status: '', goal: '', intervention: '' });
      entry[EXISTING_FIELD[squash(cells[i]!)]!] = cells.slice(i + 1).filter(Boolean).join('\n');
    }
  }
  return plans;
}

export function readPlainTemplate(pkg: DocxPackage): ReadResult | undefined {
  const ns = wordNs(pkg.strict);
  const body = pkg.document.documentElement ? childElements(pkg.document.documentElement, ns, 'body')[0] : undefined;
  if (!body) return undefined;
  const blocks = readBlocks(body, ns);
  // Paragraphs are read for labels only in a document that has the form's title or a section heading.
  const formLike = blocks.some((b) => b.kind === 'p' && (sectionOf(b.text) !== undefined || squash(b.text) === squash(FORM_TITLE)));
  const tableRows = labelledRows(blocks);
  const paragraphs = formLike ? labelledParagraphs(blocks) : [];
  // A table row wins; a paragraph only where the row is missing or was left empty.
  const find = (test: (key: string) => boolean): Labelled | undefined => {
    const inTable = tableRows.find((r) => test(r.key));
    if (inTable?.value) return inTable;
    const inParagraphs = paragraphs.filter((r) => test(r.key));
    return inParagraphs.find((r) => r.value !== '') ?? inTable ?? inParagraphs[0];
  };
  const exact = (label: string) => find((k) => k === squash(label));
  const prefix = (label: string) => find((k) => k.startsWith(squash(label)));

  const row = {
    name: exact(LABEL.name),
    cpr: exact(LABEL.cpr) ?? prefix('Cpr'),
    address: exact(LABEL.address),
    phone: exact(LABEL.phone),
    grounds: prefix(LABEL.grounds),
    consent: exact(LABEL.consent),
    coordinator: exact(LABEL.coordinator),
    participants: prefix(LABEL.participants),
    meetingDate: prefix(LABEL.meetingDate),
    referralDate: prefix(LABEL.referralDate),
    approved: prefix(LABEL.approvedByCitizen),
    followUp: prefix(LABEL.followUpDate),
  };
  // The official form: its master data table, found by at least three of its labels.
  const found = [row.name, row.cpr, row.grounds, row.consent, row.coordinator, row.participants, row.meetingDate, row.approved].filter(Boolean).length;
  if (found < 3) return undefined;

  const ctx: ReadContext = { problems: [] };
  const plan: PlanInput = {};
  plan.citizen = { name: row.name?.value ?? '', cpr: row.cpr?.value ?? '', address: row.address?.value ?? '', phone: row.phone?.value ?? '' };

  if (row.grounds) {
    const lines = row.grounds.value.split('\n');
    const grounds: Record<string, boolean | null> = {};
    for (const [k, key] of Object.entries(GROUND_KEYS) as Array<[keyof typeof GROUND_KEYS, string]>) {
      grounds[k] = readBox(ctx, lines, optionContaining(key), `/grounds/${k}`, LABEL.grounds, GROUND_TEXT[k]);
    }
    plan.grounds = grounds;
  }
  if (row.consent) plan.consent = readYesNo(ctx, row.consent.value, '/consent', LABEL.consent);
  if (row.approved) plan.approvedByCitizen = readYesNo(ctx, row.approved.value, '/approvedByCitizen', LABEL.approvedByCitizen);
  if (row.coordinator) plan.coordinator = readContactText(row.coordinator.value);
  if (row.participants) plan.participants = readParticipantsText(row.participants.value);
  if (row.meetingDate) plan.meetingDate = readDate(ctx, row.meetingDate.value, '/meetingDate', LABEL.meetingDate);
  if (row.referralDate) plan.referralDate = readDate(ctx, row.referralDate.value, '/referralDate', LABEL.referralDate);
  const lines = allLines(blocks);
  if (row.followUp || lines.some((l) => followUpSentence(l) !== undefined)) plan.followUpDate = readFollowUp(ctx, row.followUp, lines);

  plan.existingPlans = readExistingPlans(sectionBlocks(blocks, 'existingPlans'));
  plan.challenges = readChallenges(sectionBlocks(blocks, 'challenges'));
  plan.goals = readGoals(sectionBlocks(blocks, 'goals'));

  return { source: 'plain-template', plan, problems: ctx.problems };
}
