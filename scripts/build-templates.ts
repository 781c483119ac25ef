/**
 * Generates the Word templates in templates/ from code (src/docx), so the committed
 * .docx files can be rebuilt and reviewed as code. Each module in scripts/templates/
 * exports `name` (the file name without .docx) and `build(): Buffer`; adding a template
 * means adding a module there.
 *
 *   npx tsx scripts/build-templates.ts            all templates
 *   npx tsx scripts/build-templates.ts indsatsplan  only the named ones
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEMPLATES_DIR } from '../src/shared/paths.js';

interface TemplateModule {
  name: string;
  build(): Buffer;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.join(here, 'templates');
const wanted = process.argv.slice(2);

const files = readdirSync(modulesDir).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(modulesDir, file)).href)) as Partial<TemplateModule>;
  if (typeof mod.name !== 'string' || typeof mod.build !== 'function') continue;
  if (wanted.length > 0 && !wanted.includes(mod.name)) continue;
  const out = path.join(TEMPLATES_DIR, `${mod.name}.docx`);
  const buf = mod.build();
  writeFileSync(out, buf);
  console.log(`${path.relative(process.cwd(), out)}: ${buf.length} bytes`);
}
