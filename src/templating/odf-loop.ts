/**
 * docxtemplater's loop module for the ODT form, with a render of its own for the loops that
 * have nothing of Word's in them (all of the form's: Word's page breaks, sections and
 * PowerPoint's rows are found by Word's and PowerPoint's tags). Parsing, and every loop with
 * something of Word's, stay docxtemplater's.
 *
 * Why: docxtemplater (3.71, compiled by Babel) copies its whole options object (21 fields)
 * with Babel's spread helper for every pass of a loop, and once more per loop for its mending.
 * For the long plan's 147 passes that was a fifth of the fill (0.81 of 4.07 ms, a --cpu-prof of
 * the built service over 220 requests; 0.27 of 1.16 ms for Bilag 2's 57, back to back). The
 * same copy as JavaScript's own spread costs a fraction of it, and the mending's copy is not
 * needed: the form's parts are mended once, whole (mend-parts.ts), and docxtemplater's own
 * mending is given no rules. The rest is the same steps as docxtemplater's render: each pass
 * renders the loop's parts in a scope of its own, and the passes' parts and errors are
 * gathered in order.
 */

/** What this module uses of a compiled loop (docxtemplater's, not in its public types). */
interface LoopPart {
  type: string;
  tag?: string;
  module?: string;
  value?: string;
  inverted?: boolean;
  subparsed: Array<{ tag?: string }>;
  hasPageBreak?: boolean;
  hasPageBreakBeginning?: boolean;
  sectPrCount?: number;
  addContinuousType?: boolean;
  addNextPage?: unknown;
  lastParagrapSectPr?: string;
}

interface ScopeManager {
  getValue(tag: string | undefined, meta: { part: LoopPart }): unknown;
  loopOverValue(value: unknown, functor: (scope: unknown, i: number, length: number) => void, inverted?: boolean): boolean;
  createSubScopeManager(scope: unknown, tag: string | undefined, i: number, part: LoopPart, length: number): ScopeManager;
}

/** What docxtemplater passes a module's render (the fields used here). */
interface RenderOptions {
  scopeManager: ScopeManager;
  nullGetter(part: LoopPart): unknown;
  render(options: RenderOptions & { compiled: unknown; tags: object }): { parts: unknown[]; errors: unknown[] };
}

/** The only parts other than loops docxtemplater's loop render looks at (a slide's frame and its size). */
const POWERPOINT_TAGS = new Set(['p:xfrm', 'a:ext']);

interface LoopModule {
  render(part: LoopPart, options: RenderOptions): unknown;
}

/** True for a loop that uses something of Word's or PowerPoint's: docxtemplater renders those. */
function hasWordMarkup(part: LoopPart): boolean {
  return Boolean(
    part.hasPageBreak || part.hasPageBreakBeginning || part.sectPrCount || part.addContinuousType || part.addNextPage || part.lastParagrapSectPr ||
      part.subparsed.some((p) => p.tag === 'a:tr' || p.tag === 'a16:rowId'),
  );
}

function renderLoop(part: LoopPart, options: RenderOptions): { value: unknown[] | string; errors: unknown[] } {
  const parts: unknown[] = [];
  const errors: unknown[] = [];
  const pass = (scope: unknown, i: number, length: number) => {
    const scopeManager = options.scopeManager.createSubScopeManager(scope, part.value, i, part, length);
    const rendered = options.render({ ...options, compiled: part.subparsed, tags: {}, scopeManager });
    for (const p of rendered.parts) parts.push(p);
    for (const e of rendered.errors) errors.push(e);
  };
  const value = options.scopeManager.getValue(part.value, { part }) ?? options.nullGetter(part);
  const shown = options.scopeManager.loopOverValue(value, pass, part.inverted);
  return shown ? { value: parts, errors } : { value: '', errors };
}

/** Wraps docxtemplater's loop module factory: the same module, with this render for loops without Word's markup. */
export function odfLoopModule(factory: () => unknown): () => unknown {
  return () => {
    const loop = factory() as LoopModule;
    const wordRender = loop.render.bind(loop);
    const word = new WeakMap<LoopPart, boolean>();
    loop.render = (part, options) => {
      if (part.type !== 'placeholder' || part.module !== 'loop') return POWERPOINT_TAGS.has(part.tag!) ? wordRender(part, options) : null;
      let hasWord = word.get(part);
      if (hasWord === undefined) word.set(part, (hasWord = hasWordMarkup(part)));
      return hasWord ? wordRender(part, options) : renderLoop(part, options);
    };
    return loop;
  };
}
