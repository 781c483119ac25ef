import { readFileSync } from 'node:fs';
import { openDocx } from '../../src/upload/open-docx.js';
import { readFormControls } from '../../src/upload/read-form-controls.js';
const r = readFormControls(openDocx(readFileSync(process.argv[2]!), { uploadBytes: 20e6, uploadUncompressedBytes: 100e6, uploadEntries: 1000 }))!;
console.log(JSON.stringify(r.plan.participants), JSON.stringify(r.problems));
