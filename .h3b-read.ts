import { readFileSync } from 'node:fs';
import { openDocx } from './src/upload/open-docx.js';
import { readPlainTemplate } from './src/upload/read-plain-template.js';
const pkg = openDocx(readFileSync(process.argv[2]!), { uploadBytes: 1e7, uploadUncompressedBytes: 6e7, uploadEntries: 2000 });
const r = readPlainTemplate(pkg);
console.log(JSON.stringify(r, null, 1).slice(-3500));
