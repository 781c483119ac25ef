import { writeFileSync, readFileSync } from 'node:fs';
import { buildPlanForm } from '../../src/upload/form/build-plan-form.js';
const input = process.argv[2] ? JSON.parse(readFileSync(process.argv[2], 'utf8')) : {};
writeFileSync(process.argv[3] ?? '/tmp/h3a/exp/form.docx', buildPlanForm(input));
