/**
 * Reads the service's own fillable form (plan-form/build-plan-form.ts) after a referent
 * filled it in Word or LibreOffice Writer. Each content control is found by its tag, else
 * by its alias (LibreOffice drops tags); rows that were added to a table are read cell by
 * cell by the column their table's controls sit in, because neither editor copies content
 * controls into a new row. The Koordinator and Deltagere cells are read as the official
 * form has them, as free text (contact-text.ts), unless known people's part controls are
 * there; the form's older layout (fixtures/plan-form-v1) is still read. What cannot be read
 * clearly is reported at its field.
 */
import type { Element } from '@xmldom/xmldom';
import type { PlanInput } from '../plan/schema.js';
import { toPointer, type ProblemItem } from '../shared/problem.js';
import { parseDanishDate } from './danish-date.js';
import { readContactText, readParticipantsText } from './contact-text.js';
import { parseFollowUpDate } from './form-sentences.js';
import { LABEL } from '../plan/labels.js';
import { decideYesNo } from './yes-no.js';
import { FORM_FIELDS, fieldByKey, fieldOf, PLACEHOLDERS, type FieldScope, type FormField } from '../plan-form/form-fields.js';
import { ancestor, attr, child, childElements, descendants, elementText, EMPTY_BOX_GLYPHS, firstChild, isEl, onOff, paragraphTexts, squash, TICKED_BOX_GLYPHS, W14_NS, wordNs } from './ooxml-text.js';
import { setPath, type Json } from './plan-json.js';
import { boxUnclear, dateUnreadable } from './reading-problems.js';
import type { DocxPackage, ReadResult } from './types.js';

/** A content control that belongs to a field of the form. */
interface Control {
  field: FormField;
  sdt: Element;
}

/** "Mål 2:" before a goal's title control. */
const GOAL_LEAD = /^Mål\s*\d*\s*:?/u;

/** Fewer recognised fields than this and the document is not the service's form. */
const MIN_FIELDS = 3;

/** A typed X counts as a tick too. */
const TICKED = new Set([...TICKED_BOX_GLYPHS, 'x', 'X']);

/** A box's glyph or typed mark: true ticked, false empty, undefined when it says neither. */
export function boxFromText(text: string): boolean | undefined {
  const s = text.replace(/\b(ja|nej)\b/giu, '').replace(/\s+/gu, '');
  if (s === '') return undefined;
  if ([...s].every((c) => TICKED.has(c))) return true;
  if ([...s].every((c) => EMPTY_BOX_GLYPHS.has(c))) return false;
  return undefined;
}

/** "Deltog" in a row a referent added by hand: a mark, ja/nej, or afbud. */
function attendedFromText(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  if (/^(ja|deltog)$/u.test(s)) return true;
  if (/^(nej|afbud|meldte afbud)$/u.test(s)) return false;
  return boxFromText(text);
}

class FormReader {
  readonly ns: string;
  readonly problems: ProblemItem[] = [];
  /** Controls by the table cell they sit in, for reading rows. */
  private readonly byCell = new Map<Element, Control[]>();

  constructor(
    private readonly body: Element,
    ns: string,
    readonly controls: Control[],
  ) {
    this.ns = ns;
    for (const c of controls) {
      const tc = ancestor(c.sdt, ns, 'tc');
      if (!tc) continue;
      const list = this.byCell.get(tc);
      if (list) list.push(c);
      else this.byCell.set(tc, [c]);
    }
  }

  problem(code: string, path: ReadonlyArray<PropertyKey>, field: FormField, message: string): void {
    this.problems.push({ code, path: toPointer(path), label: field.label, message });
  }

  /**
   * The text of a control (empty while it shows its placeholder). When the control is
   * empty, text typed beside it in its paragraph counts: in Writer the cursor easily
   * lands next to the field rather than in it.
   */
  text(c: Control): string {
    return this.ownText(c) || this.besideText(c);
  }

  private ownText(c: Control): string {
    const pr = firstChild(c.sdt, this.ns, 'sdtPr');
    if (onOff(firstChild(pr, this.ns, 'showingPlcHdr'), this.ns)) return '';
    const content = firstChild(c.sdt, this.ns, 'sdtContent');
    if (!content) return '';
    const plain = firstChild(pr, this.ns, 'text') !== undefined;
    return this.clean(elementText(content, this.ns, { adjacentTextsAreLines: plain }));
  }

  /** Text in the control's paragraph outside it, without the form's own lead ("Navn: "); only where the control is alone. */
  private besideText(c: Control): string {
    const p = ancestor(c.sdt, this.ns, 'p');
    if (!p || descendants(p, this.ns, 'sdt', true).length !== 1) return '';
    const text = this.clean(elementText(p, this.ns, { skipContentControls: true }));
    const lead = c.field.lead?.trim();
    const withoutLead = lead && text.startsWith(lead) ? text.slice(lead.length) : c.field.scope === 'goal' ? text.replace(GOAL_LEAD, '') : text;
    return this.clean(withoutLead);
  }

  /** Trims (each line's end too) and drops a placeholder LibreOffice kept as ordinary text. */
  clean(text: string): string {
    const t = text.replace(/\u00a0/gu, ' ').replace(/[ \t]+\n/gu, '\n').trim();
    return PLACEHOLDERS.has(t) ? '' : t;
  }

  /** The w14:checkbox of a control: its own, or (LibreOffice) that of the control it wraps. */
  checkbox(c: Control): Element | undefined {
    const own = firstChild(firstChild(c.sdt, this.ns, 'sdtPr'), W14_NS, 'checkbox');
    if (own) return own;
    // LibreOffice wraps a checkbox in a paragraph-level control that carries the alias.
    for (const inner of descendants(c.sdt, this.ns, 'sdt')) {
      const box = firstChild(firstChild(inner, this.ns, 'sdtPr'), W14_NS, 'checkbox');
      if (box) return box;
    }
    return undefined;
  }

  /** Everything a control shows, placeholder or not. */
  contentText(c: Control): string {
    const content = firstChild(c.sdt, this.ns, 'sdtContent');
    return content ? elementText(content, this.ns, { keepPlaceholders: true }).trim() : '';
  }

  /** A checkbox control's state: w14:checked (LibreOffice's API does not update the glyph), else the glyph. */
  box(c: Control, fromText: (text: string) => boolean | undefined = boxFromText): boolean | undefined {
    const checkbox = this.checkbox(c);
    if (checkbox) {
      const checked = firstChild(checkbox, W14_NS, 'checked');
      return checked ? onOff(checked, W14_NS) : false;
    }
    const content = firstChild(c.sdt, this.ns, 'sdtContent');
    return content ? fromText(elementText(content, this.ns)) : undefined;
  }

  first(key: string): Control | undefined {
    return this.controls.find((c) => c.field.key === key);
  }

  readScalars(plan: Json): void {
    const pairs = new Map<string, { yes?: FormField; no?: FormField }>();
    for (const f of FORM_FIELDS) {
      if (f.scope !== 'plan' || f.path[0] === 'coordinator') continue;
      if (f.kind === 'yes' || f.kind === 'no') {
        const key = f.path.join('.');
        const pair = pairs.get(key) ?? {};
        pair[f.kind] = f;
        pairs.set(key, pair);
        continue;
      }
      const c = this.first(f.key);
      if (!c) {
        const typedOver = this.rowText(f);
        if (typedOver !== undefined) {
          setPath(plan, f.path, f.kind === 'date' ? this.date(typedOver, f.path, f) : typedOver);
          continue;
        }
        this.problem('upload.field-missing', f.path, f, `Feltet »${f.alias}« findes ikke i dokumentet, så det kunne ikke læses.`);
        if (f.kind === 'box') setPath(plan, f.path, null);
        continue;
      }
      if (f.kind === 'box') {
        const state = this.box(c);
        if (state === undefined) this.problems.push(boxUnclear(toPointer(f.path), f.label, { seen: this.checkbox(c) ? undefined : this.contentText(c) }));
        setPath(plan, f.path, state ?? null);
      } else if (f.kind === 'date') {
        setPath(plan, f.path, this.date(this.text(c), f.path, f));
      } else {
        setPath(plan, f.path, this.text(c));
      }
    }
    for (const { yes, no } of pairs.values()) if (yes && no) this.readYesNo(plan, yes, no);
  }

  /**
   * The value of a field whose control is gone (selected and typed over in Writer): the
   * text of its master-data row's value cell, or of the line there that starts with its lead.
   */
  rowText(f: FormField): string | undefined {
    if (!f.row) return undefined;
    if (typeof f.row !== 'string') return this.existingPlanRowText(squash(f.row[0]), squash(f.row[1]));
    const label = squash(f.row);
    for (const tbl of descendants(this.body, this.ns, 'tbl')) {
      for (const tr of this.rows(tbl)) {
        const cells = this.cells(tr);
        if (cells.length !== 2 || !squash(elementText(cells[0]!.tc, this.ns)).startsWith(label)) continue;
        const lines = paragraphTexts(cells[1]!.tc, this.ns);
        if (!f.lead) return this.clean(lines.join('\n'));
        const lead = f.lead.trim();
        const line = lines.find((l) => l.trim().startsWith(lead));
        if (line !== undefined) return this.clean(line.trim().slice(lead.length));
      }
    }
    return undefined;
  }

  /** Section 2's rows: the plan's name in a merged first cell (empty below it), the part, the value. */
  private existingPlanRowText(plan: string, part: string): string | undefined {
    for (const tbl of descendants(this.body, this.ns, 'tbl')) {
      let current = '';
      for (const tr of this.rows(tbl)) {
        const cells = this.cells(tr);
        if (cells.length !== 3) continue;
        const name = squash(elementText(cells[0]!.tc, this.ns));
        if (name !== '') current = name;
        if (current === plan && squash(elementText(cells[1]!.tc, this.ns)) === part) return this.clean(elementText(cells[2]!.tc, this.ns));
      }
    }
    return undefined;
  }

  date(text: string, path: ReadonlyArray<PropertyKey>, f: FormField): string | null {
    // Section 5's blank prints the century apart ("___________ 20___"); a referent may fill it in place.
    const d = f.key === 'followUpDate' ? parseFollowUpDate(text) : parseDanishDate(text);
    if (d.kind === 'date') return d.iso;
    if (d.kind === 'unreadable') this.problems.push(dateUnreadable(toPointer(path), f.label, d.text));
    return null;
  }

  /** Ja ticked → true, Nej ticked → false; neither, both or an unreadable box → null and a problem. */
  readYesNo(plan: Json, yes: FormField, no: FormField): void {
    const yc = this.first(yes.key);
    const nc = this.first(no.key);
    const answer = decideYesNo(yc ? this.box(yc) : undefined, nc ? this.box(nc) : undefined, yes.label);
    if (answer.problem) this.problem('upload.box-unclear', yes.path, yes, answer.problem);
    setPath(plan, yes.path, answer.value);
  }

  // ---- tables whose rows repeat ----

  /** The rows of a table, including rows wrapped in row-level controls or custom XML. */
  rows(tbl: Element): Element[] {
    const out: Element[] = [];
    const walk = (el: Element): void => {
      for (const c of childElements(el)) {
        if (isEl(c, this.ns, 'tr')) out.push(c);
        else if (isEl(c, this.ns, 'sdt')) walk(firstChild(c, this.ns, 'sdtContent') ?? c);
        else if (isEl(c, this.ns, 'customXml')) walk(c);
      }
    };
    walk(tbl);
    return out;
  }

  /** The cells of a row with their grid column (merged cells count their span). */
  cells(tr: Element): Array<{ tc: Element; col: number }> {
    const out: Array<{ tc: Element; col: number }> = [];
    let col = Number(attr(child(tr, this.ns, 'trPr', 'gridBefore'), this.ns, 'val') ?? 0) || 0;
    const walk = (el: Element): void => {
      for (const c of childElements(el)) {
        if (isEl(c, this.ns, 'tc')) {
          out.push({ tc: c, col });
          col += Number(attr(child(c, this.ns, 'tcPr', 'gridSpan'), this.ns, 'val') ?? 1) || 1;
        } else if (isEl(c, this.ns, 'sdt')) walk(firstChild(c, this.ns, 'sdtContent') ?? c);
        else if (isEl(c, this.ns, 'customXml')) walk(c);
      }
    };
    walk(tr);
    return out;
  }

  /** Controls of `scopes` in a cell. */
  cellControls(tc: Element, scopes: readonly FieldScope[]): Control[] {
    return (this.byCell.get(tc) ?? []).filter((c) => scopes.includes(c.field.scope));
  }

  /** The tables holding controls of a scope, in document order. */
  tablesOf(scopes: readonly FieldScope[]): Element[] {
    const seen = new Set<Element>();
    const out: Element[] = [];
    for (const c of this.controls) {
      if (!scopes.includes(c.field.scope)) continue;
      const tbl = ancestor(c.sdt, this.ns, 'tbl');
      if (tbl && !seen.has(tbl)) {
        seen.add(tbl);
        out.push(tbl);
      }
    }
    return out;
  }

  /** Which field each grid column holds, learnt from the rows that still have their controls. */
  columns(tables: Element[], scope: FieldScope): Map<number, FormField> {
    const map = new Map<number, FormField>();
    for (const tbl of tables)
      for (const tr of this.rows(tbl))
        for (const { tc, col } of this.cells(tr))
          for (const c of this.cellControls(tc, [scope])) if (!map.has(col)) map.set(col, c.field);
    return map;
  }

  /**
   * One row's values by field: a control's value where the cell still has its control,
   * otherwise the text a referent typed into the plain cell.
   */
  rowValues(tr: Element, columns: Map<number, FormField>, scope: FieldScope): Map<FormField, { control?: Control; text: string }> {
    const values = new Map<FormField, { control?: Control; text: string }>();
    for (const { tc, col } of this.cells(tr)) {
      const controls = this.cellControls(tc, [scope]);
      if (controls.length > 0) {
        for (const c of controls) if (!values.has(c.field)) values.set(c.field, { control: c, text: c.field.kind === 'box' ? '' : this.text(c) });
        continue;
      }
      const f = columns.get(col);
      if (f && !values.has(f)) values.set(f, { text: this.clean(elementText(tc, this.ns)) });
    }
    return values;
  }

  /** The rows after the table's column headings: from the first row that has a control of the scope. */
  bodyRows(tbl: Element, scopes: readonly FieldScope[]): Element[] {
    const rows = this.rows(tbl);
    const first = rows.findIndex((tr) => this.cells(tr).some(({ tc }) => this.cellControls(tc, scopes).length > 0));
    return first < 0 ? [] : rows.slice(first);
  }

  // ---- people: the official form's free text, known people's controls, and the older layouts ----

  /** Everything the cell of a control shows (its lines, what was typed beside and below it), without placeholders. */
  cellText(c: Control): string {
    const where = ancestor(c.sdt, this.ns, 'tc') ?? ancestor(c.sdt, this.ns, 'p');
    return where ? this.clean(elementText(where, this.ns, { adjacentTextsAreLines: true })) : '';
  }

  /** The value cells' text of the master-data row labelled `label`, for a row whose controls are gone. */
  labelledRowText(label: string): string | undefined {
    const key = squash(label);
    for (const tbl of descendants(this.body, this.ns, 'tbl')) {
      for (const tr of this.rows(tbl)) {
        const [first, ...rest] = this.cells(tr);
        if (!first || rest.length === 0 || !squash(elementText(first.tc, this.ns)).startsWith(key)) continue;
        return this.clean(rest.map(({ tc }) => elementText(tc, this.ns, { adjacentTextsAreLines: true })).join('\n'));
      }
    }
    return undefined;
  }

  /**
   * The coordinator: a known coordinator's part controls (the pre-filled form, and the
   * older form's lines "Navn: …"), else the free text of the Koordinator cell (the blank
   * form's official hint, or a control typed over), read as the traditional form is.
   */
  readCoordinator(plan: Json): void {
    const parts = FORM_FIELDS.filter((f) => f.path[0] === 'coordinator' && f.kind === 'text');
    if (parts.some((f) => this.first(f.key))) {
      for (const f of parts) {
        const c = this.first(f.key);
        const value = c ? this.text(c) : this.rowText(f);
        if (value === undefined) this.problem('upload.field-missing', f.path, f, `Feltet »${f.alias}« findes ikke i dokumentet, så det kunne ikke læses.`);
        setPath(plan, f.path, value ?? '');
      }
      return;
    }
    const free = this.first('coordinator');
    const f = fieldByKey('coordinator');
    const text = free ? this.cellText(free) : this.labelledRowText(LABEL.coordinator);
    if (text === undefined) {
      this.problem('upload.field-missing', ['coordinator', 'name'], f, `Feltet »${f.alias}« findes ikke i dokumentet, så det kunne ikke læses.`);
      return;
    }
    plan.coordinator = readContactText(text);
  }

  /**
   * Participants. The official layout: the rows of section 1's table under the label
   * "Deltagere i koordinationsmødet" (merged down): a known participant's row of part
   * controls and its "Deltog" box, rows added by hand, and the official hint's free text,
   * one person per line. The older form: a table of its own, one column per part.
   */
  readParticipants(): Json[] {
    const tables = this.tablesOf(['participant']);
    if (tables.length === 0) {
      const text = this.labelledRowText(LABEL.participants);
      return text ? readParticipantsText(text) : [];
    }
    const out: Json[] = [];
    for (const tbl of tables) out.push(...(this.isColumnTable(tbl) ? this.readParticipantColumns(tbl, out.length) : this.readParticipantRows(tbl, out.length)));
    return out;
  }

  /** The older form's table: a participant control in the first column. */
  private isColumnTable(tbl: Element): boolean {
    return this.rows(tbl).some((tr) => {
      const first = this.cells(tr)[0];
      return first !== undefined && first.col === 0 && this.cellControls(first.tc, ['participant']).length > 0;
    });
  }

  /** The attendance of participant `index` from its box, or from what was typed in its place. */
  private attended(index: number, v: { control?: Control; text: string }, f: FormField): boolean | undefined {
    const { control } = v;
    const state = control ? this.box(control, attendedFromText) : attendedFromText(v.text);
    if (state !== undefined) return state;
    // Left empty in an added row (LibreOffice copies the box's empty wrapper there too): the default.
    const said = control ? this.checkbox(control) !== undefined || this.contentText(control) !== '' : v.text !== '';
    if (said) {
      this.problem('upload.box-unclear', ['participants', index, 'attended'], f, `Det kan ikke aflæses, om deltager nr. ${index + 1} deltog i mødet. Sæt kryds i »Deltog«, eller fjern det ved afbud.`);
    }
    return undefined;
  }

  private readParticipantRows(tbl: Element, before: number): Json[] {
    const rows = this.rows(tbl);
    const start = rows.findIndex((tr) => this.cells(tr).some(({ tc }) => this.cellControls(tc, ['participant']).length > 0));
    const boxField = fieldByKey('participants[].attended');
    const out: Json[] = [];
    for (const tr of rows.slice(start)) {
      const [label, ...cells] = this.cells(tr);
      const controls = cells.flatMap(({ tc }) => this.cellControls(tc, ['participant']));
      // The group ends at the next label (rows added to it continue the merged label cell).
      if (!label || (controls.length === 0 && this.clean(elementText(label.tc, this.ns)) !== '')) break;
      // The attendance: the cell with the box, else the last of three or more (the box's column).
      const boxCell = cells.find(({ tc }) => this.cellControls(tc, ['participant']).some((c) => c.field.kind === 'box')) ?? (cells.length >= 3 ? cells[cells.length - 1] : undefined);
      const box = boxCell ? this.cellControls(boxCell.tc, ['participant']).find((c) => c.field.kind === 'box') : undefined;
      const attendance = boxCell ? { control: box, text: box ? '' : this.clean(elementText(boxCell.tc, this.ns)) } : undefined;
      const personCells = cells.filter((c) => c !== boxCell);
      const parts = controls.filter((c) => c.field.kind === 'text');
      let people: Json[];
      if (parts.length > 0) {
        const item: Json = {};
        for (const c of parts) if (!(c.field.path[0]! in item)) item[c.field.path[0]!] = this.text(c);
        people = Object.values(item).some((v) => v !== '') ? [{ name: '', title: '', organisation: '', phone: '', email: '', ...item }] : [];
      } else {
        people = readParticipantsText(personCells.map(({ tc }) => this.clean(elementText(tc, this.ns, { adjacentTextsAreLines: true }))).join('\n'));
      }
      // A box speaks for the one person of its row.
      if (people.length === 1 && attendance) {
        const state = this.attended(before + out.length, attendance, boxField);
        if (state !== undefined) people[0]!.attended = state;
      }
      out.push(...people);
    }
    return out;
  }

  private readParticipantColumns(tbl: Element, before: number): Json[] {
    const columns = this.columns([tbl], 'participant');
    const out: Json[] = [];
    for (const tr of this.bodyRows(tbl, ['participant'])) {
      const values = this.rowValues(tr, columns, 'participant');
      const item: Json = {};
      let attended: { control?: Control; text: string } | undefined;
      for (const [f, v] of values) {
        if (f.kind === 'box') attended = v;
        else if (f.kind === 'text') item[f.path[0]!] = v.text;
      }
      if (!Object.values(item).some((v) => v !== '')) continue;
      if (attended) {
        const f = attended.control?.field ?? [...values.keys()].find((k) => k.kind === 'box')!;
        const state = this.attended(before + out.length, attended, f);
        if (state !== undefined) item.attended = state;
      }
      out.push(item);
    }
    return out;
  }

  readChallenges(): string[] {
    const tables = this.tablesOf(['challenge']);
    const columns = this.columns(tables, 'challenge');
    const out: string[] = [];
    for (const tbl of tables)
      for (const tr of this.bodyRows(tbl, ['challenge']))
        for (const [f, v] of this.rowValues(tr, columns, 'challenge')) if (f.scope === 'challenge' && v.text !== '') out.push(v.text);
    return out;
  }

  /**
   * Goals: every table with goal controls, in document order. A row with the goal's title
   * control (or a row that starts "Mål 4: …") starts a goal; the rows after the column
   * headings are its interventions.
   */
  readGoals(): Json[] {
    const tables = this.tablesOf(['goal', 'intervention']);
    const columns = this.columns(tables, 'intervention');
    const goals: Array<{ title: string; interventions: Json[] }> = [];
    const current = () => {
      // Interventions above the first goal's title still belong to a goal.
      if (goals.length === 0) goals.push({ title: '', interventions: [] });
      return goals[goals.length - 1]!;
    };
    for (const tbl of tables) {
      const rows = this.rows(tbl);
      const firstBody = rows.findIndex((tr) => this.cells(tr).some(({ tc }) => this.cellControls(tc, ['intervention']).length > 0));
      rows.forEach((tr, i) => {
        const cells = this.cells(tr);
        const titleControl = cells.flatMap(({ tc }) => this.cellControls(tc, ['goal']))[0];
        if (titleControl) {
          goals.push({ title: this.text(titleControl), interventions: [] });
          return;
        }
        const typedTitle = this.typedGoalTitle(cells.map(({ tc }) => this.clean(elementText(tc, this.ns))));
        if (typedTitle !== undefined) {
          goals.push({ title: typedTitle, interventions: [] });
          return;
        }
        if (firstBody < 0 || i < firstBody) return;
        const item: Json = {};
        for (const [f, v] of this.rowValues(tr, columns, 'intervention')) if (f.scope === 'intervention') item[f.path[0]!] = v.text;
        if (Object.values(item).some((v) => v !== '')) current().interventions.push(item);
      });
    }
    return goals.filter((g) => g.title !== '' || g.interventions.length > 0);
  }

  /** "Mål 4: Bolig" typed into the first cell of an added row, the other cells empty. */
  private typedGoalTitle(texts: string[]): string | undefined {
    const [first, ...rest] = texts;
    if (first === undefined || rest.some((t) => t !== '')) return undefined;
    const m = /^Mål\s*\d*\s*[:.\-–]\s*(.*)$/isu.exec(first) ?? /^Mål\s+\d+\s+(.*)$/isu.exec(first);
    return m ? m[1]!.trim() : undefined;
  }
}

/** The form's controls in document order; a control inside another one for the same field is the same field. */
function findControls(body: Element, ns: string): Control[] {
  const out: Control[] = [];
  const owner = new Map<Element, FormField>();
  for (const sdt of descendants(body, ns, 'sdt')) {
    const pr = firstChild(sdt, ns, 'sdtPr');
    const field = fieldOf(attr(firstChild(pr, ns, 'tag'), ns, 'val'), attr(firstChild(pr, ns, 'alias'), ns, 'val'));
    if (!field) continue;
    const outer = ancestor(sdt, ns, 'sdt');
    owner.set(sdt, field);
    if (outer && owner.get(outer) === field) continue;
    out.push({ field, sdt });
  }
  return out;
}

export function readFormControls(pkg: DocxPackage): ReadResult | undefined {
  // Most uploads that are not the form have no content controls: the part's text says so quickly.
  if (!pkg.readPart(pkg.mainPartName)?.includes('sdtPr')) return undefined;
  const ns = wordNs(pkg.strict);
  const root = pkg.document.documentElement;
  if (!root) return undefined;
  const body = firstChild(root, ns, 'body') ?? root;
  const controls = findControls(body, ns);
  if (new Set(controls.map((c) => c.field.key)).size < MIN_FIELDS) return undefined;

  const reader = new FormReader(body, ns, controls);
  const plan: Json = {};
  reader.readScalars(plan);
  reader.readCoordinator(plan);
  plan.participants = reader.readParticipants();
  plan.challenges = reader.readChallenges();
  plan.goals = reader.readGoals();
  return { source: 'form-controls', plan: plan as PlanInput, problems: reader.problems };
}
