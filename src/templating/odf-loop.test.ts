/** Which loops the ODT form's loop render takes, and which it leaves to docxtemplater (odt-form.test.ts shows it renders them). */
import { describe, expect, it } from 'vitest';
import { odfLoopModule } from './odf-loop.js';

/** A loop module whose own render answers "word", and options in which every pass renders its item. */
function setUp() {
  const module = odfLoopModule(() => ({ name: 'LoopModule', render: () => 'word' }))() as { render(part: object, options: object): unknown };
  const scope = (item: unknown) => ({
    item,
    getValue: () => ['a', 'b'],
    loopOverValue: (value: unknown[], pass: (s: unknown, i: number, n: number) => void) => (value.forEach((v, i) => pass(v, i, value.length)), value.length > 0),
    createSubScopeManager: (s: unknown) => scope(s),
  });
  const options = { scopeManager: scope(undefined), nullGetter: () => '', render: (o: { scopeManager: { item: unknown } }) => ({ parts: [`<${String(o.scopeManager.item)}>`], errors: [] }) };
  return { module, options };
}

const loop = (extra: object = {}) => ({ type: 'placeholder', module: 'loop', value: 'items', subparsed: [{ tag: 'text:p' }], ...extra });

describe('the ODT form\'s loop module', () => {
  it('renders a loop without Word\'s markup itself, each pass in its own scope, in order', () => {
    const { module, options } = setUp();
    expect(module.render(loop(), options)).toEqual({ value: ['<a>', '<b>'], errors: [] });
  });

  it('leaves other parts, and every loop with Word\'s or PowerPoint\'s markup, to docxtemplater\'s render', () => {
    const { module, options } = setUp();
    expect(module.render({ type: 'tag', tag: 'p:xfrm', subparsed: [] }, options)).toBe('word');
    expect(module.render({ type: 'tag', tag: 'a:ext', subparsed: [] }, options)).toBe('word');
    // Any other part is none of the loop module's business.
    expect(module.render({ type: 'tag', tag: 'text:p', subparsed: [] }, options)).toBeNull();
    expect(module.render({ type: 'placeholder', value: 'x', subparsed: [] }, options)).toBeNull();
    for (const extra of [{ hasPageBreak: true }, { hasPageBreakBeginning: true }, { sectPrCount: 1 }, { addContinuousType: true }, { addNextPage: { index: 0 } }, { lastParagrapSectPr: '<w:sectPr/>' }, { subparsed: [{ tag: 'a:tr' }] }, { subparsed: [{ tag: 'text:p' }, { tag: 'a16:rowId' }] }]) {
      expect(module.render(loop(extra), options), JSON.stringify(extra)).toBe('word');
    }
  });
});
