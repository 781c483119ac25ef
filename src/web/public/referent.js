import { el, PLAN_HANDOFF_KEY, problemText, readProblem, renderProblems, request, saveDownload, showFailure, showMessage } from './common.js';

const form = document.getElementById('upload-form');
const fileInput = document.getElementById('file');
const result = document.getElementById('result');
const summary = document.getElementById('summary');
const pdfButton = document.getElementById('pdf');
const toDistribution = document.getElementById('to-distribution');
let lastPlan = null;

function upload(accept) {
  const data = new FormData();
  data.append('file', fileInput.files[0]);
  return request('/api/plans/upload', { method: 'POST', headers: { Accept: accept }, body: data });
}

function formatDate(iso) {
  if (!iso) return 'ikke angivet';
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function renderSummary(plan) {
  summary.replaceChildren(
    el('h2', {}, 'Det læste'),
    el('table', {},
      el('tbody', {},
        el('tr', {}, el('th', {}, 'Navn'), el('td', { id: 'read-name' }, plan.citizen?.name || '–')),
        el('tr', {}, el('th', {}, 'Dato for koordinationsmødet'), el('td', {}, formatDate(plan.meetingDate))),
        el('tr', {}, el('th', {}, 'Deltagere'), el('td', {}, String(plan.participants?.length ?? 0))),
        el('tr', {}, el('th', {}, 'Udfordringer'), el('td', {}, String(plan.challenges?.length ?? 0))),
        el('tr', {}, el('th', {}, 'Mål'), el('td', {}, String(plan.goals?.length ?? 0))),
        el('tr', {}, el('th', {}, 'Dato for opfølgning'), el('td', {}, formatDate(plan.followUpDate))),
      ),
    ),
  );
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  pdfButton.disabled = true;
  toDistribution.disabled = true;
  summary.replaceChildren();
  showMessage(result, 'Læser planen …', 'muted');
  const res = await upload('application/json');
  const body = await readProblem(res);
  if (!res.ok && !body.errors) {
    showMessage(result, problemText(body));
    return;
  }
  lastPlan = body.plan ?? null;
  renderProblems(result, body, 'Planen er klar: ingen fejl.');
  if (lastPlan) renderSummary(lastPlan);
  const valid = res.ok && (body.errors ?? []).length === 0;
  pdfButton.disabled = !valid;
  toDistribution.disabled = !valid;
});

pdfButton.addEventListener('click', async () => {
  pdfButton.disabled = true;
  const res = await upload('application/pdf');
  if (res.ok) {
    const name = await saveDownload(res, 'indsatsplan.pdf');
    result.append(el('p', { class: 'ok', id: 'pdf-done' }, `PDF hentet: ${name}`));
  } else {
    showFailure(result, await readProblem(res));
  }
  pdfButton.disabled = false;
});

toDistribution.addEventListener('click', () => {
  if (!lastPlan) return;
  sessionStorage.setItem(PLAN_HANDOFF_KEY, JSON.stringify(lastPlan));
  window.location.href = '/udsendelse';
});
