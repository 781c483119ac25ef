import { DOMParser, onErrorStopParsing } from '@xmldom/xmldom';
import { execSync } from 'node:child_process';
const text = execSync('unzip -p /work/shared/corpus/real-docx/docx2python__libreoffice_conversion.docx word/document.xml', { maxBuffer: 1e8 }).toString('utf8');
const opts = process.argv[2] === 'nl' ? { onError: onErrorStopParsing, locator: false } : { onError: onErrorStopParsing };
const ts = [];
for (let i = 0; i < 10; i++) { const c = process.cpuUsage(); new DOMParser(opts).parseFromString(text, 'application/xml'); const u = process.cpuUsage(c); ts.push((u.user + u.system) / 1000); }
ts.sort((a, b) => a - b); console.log(process.argv[2] ?? 'default', 'cpu ms min/med', ts[0].toFixed(0), ts[5].toFixed(0));
