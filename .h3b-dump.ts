import { readFileSync } from 'node:fs';
import { openDocx } from './src/upload/open-docx.js';
import { childElements, elementText, wordNs } from './src/upload/ooxml-text.js';
const pkg = openDocx(readFileSync(process.argv[2]!), { uploadBytes: 1e7, uploadUncompressedBytes: 6e7, uploadEntries: 2000 });
const ns = wordNs(pkg.strict);
const body = childElements(pkg.document.documentElement!, ns, 'body')[0]!;
for (const b of childElements(body)) {
  if (b.localName === 'tbl') {
    console.log('TABLE');
    for (const tr of childElements(b, ns, 'tr')) console.log('  ROW', JSON.stringify(childElements(tr, ns, 'tc').map((tc) => elementText(tc, ns))));
  } else console.log(b.localName, JSON.stringify(elementText(b, ns)));
}
