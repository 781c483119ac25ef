/**
 * Text of WordprocessingML the way a person sees it in Word, plus the small DOM helpers
 * every upload reader needs. Shared by the form-control, legacy-field and plain-template
 * readers, so that all of them agree on what a cell "says": split runs, spelling marks,
 * bookmarks, smart tags and fields are invisible; accepted insertions count, deletions do
 * not; alternate content counts once; tabs, breaks and symbol glyphs become characters.
 */
import type { Element, Node } from '@xmldom/xmldom';
import { BOX_CHECKED, BOX_EMPTY } from '../plan/plan-view.js';

/** The WordprocessingML main namespace: transitional (what Word and LibreOffice write) and ISO Strict. */
export const W_NS = {
  transitional: 'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
  strict: 'http://purl.oclc.org/ooxml/wordprocessingml/main',
} as const;
export const W14_NS = 'http://schemas.microsoft.com/office/word/2010/wordml';
export const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** The main namespace of a package: pass `DocxPackage.strict`. */
export function wordNs(strict: boolean): string {
  return strict ? W_NS.strict : W_NS.transitional;
}

const ELEMENT_NODE = 1;

/** True when `node` is an element `ns:local`. */
export function isEl(node: Node | null | undefined, ns: string, local: string): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE && (node as Element).localName === local && (node as Element).namespaceURI === ns;
}

/** The child elements of `el`, optionally only `ns:local`. */
export function childElements(el: Element, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue;
    const e = n as Element;
    if (local !== undefined && (e.localName !== local || e.namespaceURI !== ns)) continue;
    out.push(e);
  }
  return out;
}

/** The first child element `ns:local`, or undefined. */
export function firstChild(el: Element | undefined, ns: string, local: string): Element | undefined {
  if (!el) return undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) if (isEl(n, ns, local)) return n;
  return undefined;
}

/** Follows a path of child names in one namespace, e.g. `child(sdt, w, 'sdtPr', 'alias')`. */
export function child(el: Element | undefined, ns: string, ...locals: string[]): Element | undefined {
  let cur = el;
  for (const l of locals) cur = firstChild(cur, ns, l);
  return cur;
}

/**
 * Every descendant `ns:local` of `root` in document order. When `stopInside` is true,
 * a match's own descendants are not searched (e.g. the outermost content controls only).
 */
export function descendants(root: Node, ns: string, local: string, stopInside = false): Element[] {
  const out: Element[] = [];
  const walk = (node: Node): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      if (isEl(n, ns, local)) {
        out.push(n);
        if (stopInside) continue;
      }
      walk(n);
    }
  };
  walk(root);
  return out;
}

/** The nearest ancestor `ns:local` of `node`, or undefined. */
export function ancestor(node: Node, ns: string, local: string): Element | undefined {
  for (let n = node.parentNode; n; n = n.parentNode) if (isEl(n, ns, local)) return n;
  return undefined;
}

/** An attribute in namespace `ns` (WordprocessingML prefixes its attributes), or undefined. */
export function attr(el: Element | undefined, ns: string, local: string): string | undefined {
  if (!el) return undefined;
  return el.hasAttributeNS(ns, local) ? (el.getAttributeNS(ns, local) ?? undefined) : undefined;
}

/**
 * An on/off property such as `<w:checked/>`: present without a value means on. Word writes
 * 1/0, Strict writes true/false, older tools on/off.
 */
export function onOff(el: Element | undefined, ns: string): boolean | undefined {
  if (!el) return undefined;
  const v = attr(el, ns, 'val');
  if (v === undefined) return true;
  const s = v.trim().toLowerCase();
  if (s === '1' || s === 'true' || s === 'on') return true;
  if (s === '0' || s === 'false' || s === 'off') return false;
  return undefined;
}

/**
 * The state of a legacy FORMCHECKBOX from its `w:ffData`: `w:checked` wins over `w:default`
 * (Word writes the current state into checked and the initial one into default).
 * Undefined when the element is not a checkbox or its values are unreadable.
 */
export function legacyCheckboxState(ffData: Element, ns: string): boolean | undefined {
  const box = firstChild(ffData, ns, 'checkBox');
  if (!box) return undefined;
  const checked = firstChild(box, ns, 'checked');
  if (checked) return onOff(checked, ns);
  const def = firstChild(box, ns, 'default');
  if (def) return onOff(def, ns);
  return false;
}

/**
 * What a referent puts in place of an empty box to tick it, and what an empty box looks
 * like: the glyphs every reader accepts. A typed X is not a glyph; each reader handles it.
 */
// ☒ ☑ ■ ✓ ✔ ✗ ✘ ⊠ ⬛ ◼ ▪ ● ✕ ✖ ⌧ 🗹
export const TICKED_BOX_GLYPHS: ReadonlySet<string> = new Set([...'\u2612\u2611\u25a0\u2713\u2714\u2717\u2718\u22a0\u2b1b\u25fc\u25aa\u25cf\u2715\u2716\u2327\u{1f5f9}']);
// ☐ □ ❑ ❒ ⬜ ◻ ▢ ○ ❏ ❐
export const EMPTY_BOX_GLYPHS: ReadonlySet<string> = new Set([...'\u2610\u25a1\u2751\u2752\u2b1c\u25fb\u25a2\u25cb\u274f\u2750']);

/** Lower-case letters and digits only: labels and names compare across hyphenation, spacing, case and punctuation. */
export function squash(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

// Symbol fonts draw their glyphs at private-use or Latin-1 code points; a person sees the
// glyph, so the boxes and ticks a referent inserts from them are mapped to their Unicode twins.
const SYMBOL_FONT_MAP: Record<string, Record<number, string>> = {
  wingdings: { 0x6f: '\u2610', 0xa8: '\u2610', 0x71: '\u2610', 0x78: '\u2612', 0xfd: '\u2612', 0xfe: '\u2611', 0xfb: '\u2717', 0xfc: '\u2713', 0x6e: '\u25a0' },
  'wingdings 2': { 0xa3: '\u2610', 0x2a: '\u2610', 0x4f: '\u2717', 0x50: '\u2713', 0x51: '\u2612', 0x52: '\u2611', 0x53: '\u2612', 0x54: '\u2612' },
};

/** Maps one character drawn in a symbol font (at U+F0xx or U+00xx) to what it shows. */
function symbolChar(font: string | undefined, code: number): string {
  const table = font ? SYMBOL_FONT_MAP[font.trim().toLowerCase()] : undefined;
  const low = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
  const mapped = table?.[low];
  if (mapped) return mapped;
  return String.fromCodePoint(code);
}

export interface TextOptions {
  /** Keep the placeholder text a content control shows while empty (default: treat it as empty). */
  keepPlaceholders?: boolean;
  /**
   * Read two `w:t` side by side in one run as two lines. LibreOffice 7.4 writes the line
   * breaks of a plain-text control that way; Word never writes adjacent `w:t`.
   */
  adjacentTextsAreLines?: boolean;
  /** Leave out whatever is inside content controls (the text typed beside them). */
  skipContentControls?: boolean;
}

/** A field being walked: instruction part until `separate`, then the result a person sees. */
interface FieldState {
  inInstruction: boolean;
}

/**
 * The text of an element (a paragraph, cell, row, table, content control or body) as a
 * person sees it: paragraphs are joined with `\n`, `w:br`/`w:cr` are line breaks, `w:tab` a tab.
 */
export function elementText(el: Element, ns: string, options: TextOptions = {}): string {
  const out: string[] = [];
  const fields: FieldState[] = [];
  let pendingBreak = false;
  let runFont: string | undefined;
  let placeholderDepth = 0;

  const visible = (): boolean => placeholderDepth === 0 && !fields.some((f) => f.inInstruction);
  const emit = (s: string): void => {
    if (!visible() || s === '') return;
    // Text after a text box inside the same paragraph starts a line of its own.
    if (pendingBreak) out.push('\n');
    pendingBreak = false;
    out.push(s);
  };

  const walk = (node: Element): void => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      visit(n as Element);
    }
  };

  const visit = (e: Element): void => {
    const uri = e.namespaceURI;
    const name = e.localName;
    if (uri === MC_NS) {
      if (name === 'AlternateContent') {
        // Counted once: the first Choice (what Word shows), the Fallback only when there is none.
        const branch = firstChild(e, MC_NS, 'Choice') ?? firstChild(e, MC_NS, 'Fallback');
        if (branch) walk(branch);
      }
      return;
    }
    if (uri !== ns) {
      // Drawings, VML and extensions: descend (text boxes hold w:txbxContent), never emit.
      walk(e);
      return;
    }
    switch (name) {
      case 'p': {
        if (pendingBreak) out.push('\n');
        pendingBreak = false;
        walk(e);
        // A deleted paragraph mark joins this paragraph to the next, as Word shows it.
        const markDeleted = child(e, ns, 'pPr', 'rPr', 'del') !== undefined;
        pendingBreak = !markDeleted;
        return;
      }
      case 'r': {
        const saved = runFont;
        runFont = symbolFontOf(e, ns);
        walk(e);
        runFont = saved;
        return;
      }
      case 't':
        if (options.adjacentTextsAreLines && isEl(previousElement(e), ns, 't')) emit('\n');
        emit(runFont ? mapSymbolText(runFont, e.textContent ?? '') : (e.textContent ?? ''));
        return;
      case 'tab':
      case 'ptab':
        // A tab stop inside w:pPr/w:tabs is formatting, not content; those are skipped with pPr.
        emit('\t');
        return;
      case 'br':
      case 'cr':
        emit('\n');
        return;
      case 'noBreakHyphen':
        emit('-');
        return;
      case 'sym': {
        const code = parseInt(attr(e, ns, 'char') ?? '', 16);
        if (Number.isFinite(code)) emit(symbolChar(attr(e, ns, 'font'), code));
        return;
      }
      case 'fldChar': {
        const type = attr(e, ns, 'fldCharType');
        if (type === 'begin') {
          // A legacy checkbox shows a box where the field starts.
          const ff = firstChild(e, ns, 'ffData');
          const state = ff ? legacyCheckboxState(ff, ns) : undefined;
          if (state !== undefined) emit(state ? BOX_CHECKED : BOX_EMPTY);
          fields.push({ inInstruction: true });
        } else if (type === 'separate') {
          const top = fields[fields.length - 1];
          if (top) top.inInstruction = false;
        } else if (type === 'end') {
          fields.pop();
        }
        return;
      }
      case 'sdt': {
        const pr = firstChild(e, ns, 'sdtPr');
        const content = firstChild(e, ns, 'sdtContent');
        if (!content || options.skipContentControls) return;
        // Placeholder text is not content, but the paragraphs it sits in are still lines.
        const placeholder = !options.keepPlaceholders && !!pr && onOff(firstChild(pr, ns, 'showingPlcHdr'), ns) === true;
        if (placeholder) placeholderDepth++;
        walk(content);
        if (placeholder) placeholderDepth--;
        return;
      }
      case 'txbxContent':
        if (out.length > 0 && !endsWithBreak(out)) out.push('\n');
        walk(e);
        pendingBreak = true;
        return;
      // Not content: properties, deleted or moved-away text, field codes, references.
      case 'pPr':
      case 'rPr':
      case 'tblPr':
      case 'tblGrid':
      case 'trPr':
      case 'tcPr':
      case 'sectPr':
      case 'sdtPr':
      case 'sdtEndPr':
      case 'del':
      case 'moveFrom':
      case 'delText':
      case 'instrText':
      case 'delInstrText':
      case 'footnoteReference':
      case 'endnoteReference':
      case 'commentReference':
      case 'annotationRef':
      case 'fldData':
      case 'softHyphen':
      case 'customXmlPr':
      case 'smartTagPr':
        return;
      default:
        // ins, moveTo, hyperlink, smartTag, customXml, fldSimple, sdtContent, tbl, tr, tc, body, dir, bdo...
        walk(e);
    }
  };

  if (isEl(el, ns, 'p') || isEl(el, ns, 'r')) visit(el);
  else walk(el);
  return out.join('');
}

function previousElement(e: Element): Element | undefined {
  for (let n = e.previousSibling; n; n = n.previousSibling) if (n.nodeType === ELEMENT_NODE) return n as Element;
  return undefined;
}

function endsWithBreak(out: string[]): boolean {
  const last = out[out.length - 1];
  return last === undefined || last.endsWith('\n');
}

/** The symbol font of a run (Wingdings, Wingdings 2), when it uses one. */
function symbolFontOf(run: Element, ns: string): string | undefined {
  const fonts = child(run, ns, 'rPr', 'rFonts');
  if (!fonts) return undefined;
  for (const a of ['ascii', 'hAnsi', 'cs', 'eastAsia']) {
    const f = attr(fonts, ns, a);
    if (f && SYMBOL_FONT_MAP[f.trim().toLowerCase()]) return f;
  }
  return undefined;
}

function mapSymbolText(font: string, s: string): string {
  let r = '';
  for (const ch of s) r += symbolChar(font, ch.codePointAt(0) ?? 0);
  return r;
}

/** The text of each paragraph directly or indirectly inside `el`, one entry per paragraph. */
export function paragraphTexts(el: Element, ns: string, options: TextOptions = {}): string[] {
  return descendants(el, ns, 'p', true).map((p) => elementText(p, ns, options));
}
