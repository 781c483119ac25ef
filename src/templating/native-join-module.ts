/**
 * A docxtemplater module that writes each filled part as UTF-8 in one native step.
 *
 * After a render, docxtemplater mends the parts (an empty table cell gets its paragraph
 * back: `joinUncorrupt`) and then encodes them to UTF-8 in JavaScript, character by
 * character. That encoding took about a fifth of a Bilag 2 fill. This module runs last,
 * does the same mending itself, and hands back the parts joined and encoded by Node
 * (`Buffer.from`). docxtemplater's own steps then find one finished byte array, which they
 * pass through unchanged. The file is byte for byte the same (checked in its test): the two
 * encodings differ only on a lone surrogate, which validation removes from every text.
 *
 * A module object belongs to one docxtemplater instance: make one per instance.
 */

import type { DXT } from 'docxtemplater';

/** What docxtemplater passes to a module's postrender (the part this module uses). */
interface PostrenderOptions {
  joinUncorrupt: (parts: string[], options: PostrenderOptions) => string[];
}

export function nativeJoinModule(): DXT.Module {
  return {
    name: 'NativeJoinModule',
    // docxtemplater sorts modules by priority, highest first: this one runs after all others.
    priority: -1000,
    postrender(parts: string[], options: PostrenderOptions): string[] {
      // Parts may be strings or byte arrays (docxtemplater's types say strings only). Bytes
      // come from modules we do not use; such a file is left to docxtemplater.
      const strings = (list: unknown[]) => list.every((part) => typeof part === 'string');
      if (!strings(parts)) return parts;
      const mended = options.joinUncorrupt(parts, options);
      if (!strings(mended)) return mended;
      return [Buffer.from(mended.join(''), 'utf8')] as unknown as string[];
    },
  };
}
