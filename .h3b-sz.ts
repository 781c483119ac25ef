import { readFileSync, writeFileSync } from 'node:fs';
import { buildPlanForm } from './src/upload/form/build-plan-form.js';
writeFileSync('/tmp/h3b/form.docx', buildPlanForm(JSON.parse(readFileSync('fixtures/bilag2.json', 'utf8'))));
