/** The committed invitation templates are what their build modules generate. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEMPLATES_DIR } from '../src/shared/paths.js';
import * as invitation from '../scripts/templates/invitation.js';
import * as article from '../scripts/templates/invitation-article.js';

describe('invitation templates', () => {
  for (const mod of [invitation, article]) {
    it(`templates/${mod.name}.docx is what scripts/build-templates.ts generates (regenerate after changing the template code)`, () => {
      expect(readFileSync(path.join(TEMPLATES_DIR, `${mod.name}.docx`)).equals(mod.build())).toBe(true);
    });
  }

  it('carries the article without the web site around it and without CPR-like numbers', () => {
    const all = [article.ARTICLE.title, article.ARTICLE.subtitle, ...article.ARTICLE.history, article.ARTICLE.heading, ...article.ARTICLE.body].join('\n');
    expect(all).not.toMatch(/faxeifaellesskab\.dk drives af|Copyright|Redaktør/);
    expect(all).not.toMatch(/\d{6}-?\d{4}/);
    expect(article.ARTICLE.history).toHaveLength(8);
  });
});
