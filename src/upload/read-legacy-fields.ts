/**
 * Reads a local variant of the form built with legacy form fields (Word 97-2003
 * FORMCHECKBOX / FORMTEXT). Each field is mapped to the plan by its bookmark name
 * (`w:ffData/w:name`) or, failing that, by the label in its row's first cell and the
 * option text after a box. The layout around the fields is read by the plain-template
 * reader (which sees a legacy box as ☒/☐ and a text field as its result); the values of
 * the fields themselves then replace what it read, since a field's state is exact.
 */
import type { Element } from '@xmldom/xmldom';
import { GROUND_TEXT, LABEL } from '../plan/labels.js';
import type { PlanInput } from '../plan/schema.js';
import { isWithin, toPointer, type ProblemItem } from '../shared/problem.js';
import { parseDanishDate } from './danish-date.js';
import { readContactText } from './contact-text.js';
import { FORM_FIELDS, type FormField } from '../plan-form/form-fields.js';
import { decideYesNo, type BoxState } from './yes-no.js';
import { ancestor, attr, childElements, elementText, firstChild, legacyCheckboxState, MC_NS, squash, wordNs } from './ooxml-text.js';
import { readPlainTemplate } from './read-plain-template.js';
import { setPath, type Json } from './plan-json.js';
import { boxUnclear, dateUnreadable } from './reading-problems.js';
import type { DocxPackage, ReadResult } from './types.js';

export interface LegacyField {
  /** The bookmark name Word gives the field (Tekst1, Kontrol1 or a name the form's author chose). */
  name: string;
  type: 'checkbox' | 'text' | 'other';
  /** A checkbox's state (undefined when its values cannot be read). */
  checked?: boolean;
  /** A text field's result, without Word's U+2002 placeholder; empty while it shows its default (a hint). */
  text: string;
  /** A text field's default text (`w:textInput/w:default`), which a form's author uses as a hint. */
  defaultText?: string;
  /** Visible text after the field in its paragraph, up to the next field (a box's option). */
  after: string;
  /** The `w:fldChar` that begins the field. */
  begin: Element;
}

/** Word fills an empty text field with five EN SPACEs. */
const EMPTY_RESULT = /\u2002/gu;

/** The legacy form fields of a body in document order, with their results. */
export function collectLegacyFields(body: Element, ns: string): LegacyField[] {
  const out: LegacyField[] = [];
  const stack: Array<{ field?: LegacyField; inResult: boolean; parts: string[] }> = [];
  let labelOf: LegacyField | undefined;

  const visibleText = (s: string) => {
    const top = stack[stack.length - 1];
    if (top?.inResult) top.parts.push(s);
    if (labelOf && stack.every((f) => f.inResult)) labelOf.after += s;
  };

  const visit = (el: Element): void => {
    for (const c of childElements(el)) {
      if (c.namespaceURI === MC_NS) {
        if (c.localName === 'AlternateContent') {
          const branch = firstChild(c, MC_NS, 'Choice') ?? firstChild(c, MC_NS, 'Fallback');
          if (branch) visit(branch);
        }
        continue;
      }
      if (c.namespaceURI !== ns) {
        visit(c);
        continue;
      }
      switch (c.localName) {
        case 'del':
        case 'moveFrom':
        case 'instrText':
        case 'delText':
        case 'pPr':
        case 'rPr':
        case 'sdtPr':
          break;
        case 'fldChar': {
          const type = attr(c, ns, 'fldCharType');
          if (type === 'begin') {
            const ff = firstChild(c, ns, 'ffData');
            let field: LegacyField | undefined;
            if (ff) {
              const kind = firstChild(ff, ns, 'checkBox') ? 'checkbox' : firstChild(ff, ns, 'textInput') ? 'text' : 'other';
              field = { name: attr(firstChild(ff, ns, 'name'), ns, 'val') ?? '', type: kind, text: '', after: '', begin: c };
              if (kind === 'checkbox') field.checked = legacyCheckboxState(ff, ns);
              if (kind === 'text') field.defaultText = attr(firstChild(firstChild(ff, ns, 'textInput'), ns, 'default'), ns, 'val')?.trim();
              labelOf = field;
            }
            stack.push({ field, inResult: false, parts: [] });
          } else if (type === 'separate') {
            const top = stack[stack.length - 1];
            if (top) top.inResult = true;
          } else if (type === 'end') {
            const top = stack.pop();
            if (top?.field) {
              const text = top.parts.join('').replace(EMPTY_RESULT, '').trim();
              top.field.text = text === top.field.defaultText ? '' : text;
              out.push(top.field);
            }
          }
          break;
        }
        case 't':
          visibleText(c.textContent ?? '');
          break;
        case 'tab':
          visibleText('\t');
          break;
        case 'br':
        case 'cr':
          visibleText('\n');
          break;
        case 'p': {
          visit(c);
          // A field's option text ends with its paragraph; a result may span paragraphs.
          labelOf = undefined;
          const top = stack[stack.length - 1];
          if (top?.inResult) top.parts.push('\n');
          break;
        }
        default:
          visit(c);
      }
    }
  };
  visit(body);
  for (const f of out) f.after = f.after.replace(/\s+/gu, ' ').trim();
  return out;
}

/** Bookmark names a form author would give a field: the form's keys and aliases, and short Danish names. */
const NAME_TO_KEY = new Map<string, string>();
for (const f of FORM_FIELDS) {
  if (f.scope !== 'plan') continue;
  NAME_TO_KEY.set(squash(f.key), f.key);
  NAME_TO_KEY.set(squash(f.alias), f.key);
}
for (const [names, key] of [
  [['navn', 'borgernavn', 'borger'], 'citizen.name'],
  [['cpr', 'cprnr', 'cprnummer'], 'citizen.cpr'],
  [['adresse'], 'citizen.address'],
  [['telefon', 'tlf', 'telefonnr'], 'citizen.phone'],
  [['grundlag1'], 'grounds.inPsychiatricTreatment'],
  [['grundlag2'], 'grounds.inSubstanceTreatment'],
  [['grundlag3'], 'grounds.needsPsychiatricTreatment'],
  [['grundlag4'], 'grounds.needsSubstanceTreatment'],
  [['samtykkeja'], 'consent.yes'],
  [['samtykkenej'], 'consent.no'],
  [['godkendtja', 'godkendtafborgerja'], 'approvedByCitizen.yes'],
  [['godkendtnej', 'godkendtafborgernej'], 'approvedByCitizen.no'],
  [['mødedato', 'moededato', 'datokoordinationsmøde', 'datoforkoordinationsmødet'], 'meetingDate'],
  [['opfølgning', 'opfoelgning', 'opfølgningsdato', 'opfoelgningsdato', 'datoforopfølgning'], 'followUpDate'],
] as const) {
  for (const n of names) NAME_TO_KEY.set(squash(n), key);
}

const FIELD_BY_KEY = new Map(FORM_FIELDS.map((f) => [f.key, f]));

/** Row labels of the official form (first cell) → the key of a text field in that row. */
const ROW_TEXT_KEYS: Array<[string, string]> = [
  [squash(LABEL.name), 'citizen.name'],
  [squash(LABEL.cpr), 'citizen.cpr'],
  [squash(LABEL.address), 'citizen.address'],
  [squash(LABEL.phone), 'citizen.phone'],
  [squash(LABEL.meetingDate), 'meetingDate'],
  [squash(LABEL.followUpDate), 'followUpDate'],
];
const GROUND_KEYS = (Object.keys(GROUND_TEXT) as Array<keyof typeof GROUND_TEXT>).map((k) => [squash(GROUND_TEXT[k]).slice(0, 40), `grounds.${k}`] as const);

function rowLabel(begin: Element, ns: string): string {
  const tc = ancestor(begin, ns, 'tc');
  const tr = tc ? ancestor(tc, ns, 'tr') : undefined;
  if (!tc || !tr) return '';
  const first = childElements(tr, ns, 'tc')[0];
  return first && first !== tc ? squash(elementText(first, ns)) : '';
}

const rowMatches = (label: string, key: string) => label === key || (key.length > 8 && label.startsWith(key));

/** The form field a legacy field stands for, by its name, else by its row's label and its option text. */
function keyOf(f: LegacyField, ns: string): string | undefined {
  const byName = NAME_TO_KEY.get(squash(f.name));
  if (byName) return byName;
  const row = rowLabel(f.begin, ns);
  if (f.type === 'text') return ROW_TEXT_KEYS.find(([label]) => rowMatches(row, label))?.[1];
  if (f.type !== 'checkbox') return undefined;
  const option = squash(f.after);
  const yesNo = option.startsWith('ja') ? 'yes' : option.startsWith('nej') ? 'no' : undefined;
  if (yesNo && rowMatches(row, squash(LABEL.consent))) return `consent.${yesNo}`;
  if (yesNo && rowMatches(row, squash(LABEL.approvedByCitizen))) return `approvedByCitizen.${yesNo}`;
  return GROUND_KEYS.find(([text]) => option.startsWith(text))?.[1];
}

export function readLegacyFields(pkg: DocxPackage): ReadResult | undefined {
  // Most uploads have no legacy fields: a look at the part's text spares walking its tree.
  if (!pkg.readPart(pkg.mainPartName)?.includes('ffData')) return undefined;
  const ns = wordNs(pkg.strict);
  const root = pkg.document.documentElement;
  const body = root ? firstChild(root, ns, 'body') : undefined;
  if (!body) return undefined;
  const fields = collectLegacyFields(body, ns).filter((f) => f.type !== 'other');
  if (fields.length === 0) return undefined;

  // All fields of a key, in order (a follow-up date may be split into day.month and year).
  const byKey = new Map<string, LegacyField[]>();
  for (const f of fields) {
    const key = keyOf(f, ns);
    if (!key) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  const base = readPlainTemplate(pkg);
  if (!base && byKey.size < 3) return undefined;

  const plan: Json = { ...((base?.plan as Json | undefined) ?? {}) };
  const problems: ProblemItem[] = [];
  const replaced: string[] = [];
  const put = (field: FormField, value: unknown) => {
    setPath(plan, field.path, value);
    replaced.push(toPointer(field.path));
  };
  const problem = (field: FormField, code: string, message: string) => problems.push({ code, path: toPointer(field.path), label: field.label, message });
  const boxOf = (key: string): BoxState => {
    const list = byKey.get(key);
    return list ? list[0]!.checked : undefined;
  };

  for (const [key, list] of byKey) {
    const field = FIELD_BY_KEY.get(key)!;
    if (field.kind === 'box') {
      const state = list[0]!.checked;
      if (state === undefined) problems.push(boxUnclear(toPointer(field.path), field.label));
      put(field, state ?? null);
    } else if (field.kind === 'date') {
      const [first, second] = list.map((f) => f.text);
      // "den [1.10] 20[14]": the form prints the century, the field holds the year's last digits.
      const year = second && /^\d{2}$/u.test(second) ? 2000 + Number(second) : second && /^\d{4}$/u.test(second) ? Number(second) : undefined;
      const d = parseDanishDate(first ?? '', { year });
      if (d.kind === 'unreadable') problems.push(dateUnreadable(toPointer(field.path), field.label, d.text));
      put(field, d.kind === 'date' ? d.iso : null);
    } else if (field.kind === 'text' || field.kind === 'multiline') {
      put(field, list.map((f) => f.text).join('\n'));
    } else if (field.kind === 'contact') {
      put(field, readContactText(list.map((f) => f.text).join('\n')));
    }
  }
  for (const base of ['consent', 'approvedByCitizen']) {
    if (!byKey.has(`${base}.yes`) && !byKey.has(`${base}.no`)) continue;
    const yes = FIELD_BY_KEY.get(`${base}.yes`)!;
    const answer = decideYesNo(boxOf(`${base}.yes`), boxOf(`${base}.no`), yes.label);
    if (answer.problem) problem(yes, 'upload.box-unclear', answer.problem);
    put(yes, answer.value);
  }

  // What the fields say replaces what the layout reader made of the same place.
  const kept = (base?.problems ?? []).filter((p) => !replaced.some((r) => isWithin(p.path, r)));
  return { source: 'legacy-fields', plan: plan as PlanInput, problems: [...kept, ...problems] };
}
