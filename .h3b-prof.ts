import { readFileSync } from 'node:fs';
import { openDocx } from './src/upload/open-docx.js';
import { readFormControls } from './src/upload/read-form-controls.js';
import { readPlainTemplate } from './src/upload/read-plain-template.js';
import { validatePlan } from './src/plan/validate-plan.js';
import { PlanSchema } from './src/plan/schema.js';
import { renderPlanDocx } from './src/plan/render-plan-docx.js';
import { createDocxTemplateRenderer } from './src/templating/template-renderer.js';
import { buildPlanForm } from './src/upload/form/build-plan-form.js';
const lim = { uploadBytes: 1e7, uploadUncompressedBytes: 6.4e7, uploadEntries: 2000 };
const j = JSON.parse(readFileSync('fixtures/bilag2.json', 'utf8'));
const files = { plain: renderPlanDocx(PlanSchema.parse(j), createDocxTemplateRenderer()), form: buildPlanForm(j) };
for (const [name, b] of Object.entries(files)) {
  const acc = { open: [] as number[], fc: [] as number[], plain: [] as number[], val: [] as number[] };
  for (let i = 0; i < 200; i++) {
    let t = performance.now(); const pkg = openDocx(b, lim); acc.open.push(performance.now() - t);
    t = performance.now(); const r1 = readFormControls(pkg); acc.fc.push(performance.now() - t);
    t = performance.now(); const r2 = readPlainTemplate(pkg); acc.plain.push(performance.now() - t);
    t = performance.now(); validatePlan((r1 ?? r2)!.plan); acc.val.push(performance.now() - t);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!.toFixed(2);
  console.log(name, 'open', med(acc.open), 'formControls', med(acc.fc), 'plain', med(acc.plain), 'validate', med(acc.val));
}
