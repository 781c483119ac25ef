import { el, PLAN_HANDOFF_KEY, postJson, readProblem, renderDistribution, request, showFailure, showMessage, wireSendButton } from './common.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
let plan = null;
let distributionId = null;
let idempotencyKey = null;

const handoff = sessionStorage.getItem(PLAN_HANDOFF_KEY);
if (handoff) {
  plan = JSON.parse(handoff);
  sessionStorage.removeItem(PLAN_HANDOFF_KEY);
  $('handoff').hidden = false;
  $('handoff').textContent = `Planen fra referentsiden er klar (møde ${plan.meetingDate ?? 'uden dato'}). Du kan også vælge en anden fil.`;
}

async function readPlanFromFile() {
  const file = $('file').files[0];
  if (!file) return plan;
  const data = new FormData();
  data.append('file', file);
  const res = await request('/api/plans/upload', { method: 'POST', headers: { Accept: 'application/json' }, body: data });
  const body = await readProblem(res);
  if (!res.ok || (body.errors ?? []).length > 0) {
    showFailure(result, body);
    return null;
  }
  return body.plan;
}

function renderManifest(view) {
  renderDistribution($('manifest').querySelector('tbody'), view);
  $('manifest-card').hidden = false;
}

$('prepare').addEventListener('click', async () => {
  showMessage(result, 'Forbereder …', 'muted');
  const source = await readPlanFromFile();
  if (!source) {
    if (!$('file').files[0]) showMessage(result, 'Vælg den godkendte plan først.');
    return;
  }
  plan = source;
  const gpName = $('gpName').value.trim();
  const withGp = gpName || $('gpAddress').value.trim()
    ? { ...plan, generalPractitioner: { name: gpName, clinic: $('gpClinic').value.trim(), address: $('gpAddress').value.trim(), phone: '' } }
    : plan;
  const res = await postJson('/api/distributions', { plan: withGp });
  const body = await readProblem(res);
  if (!res.ok) {
    showFailure(result, body);
    return;
  }
  distributionId = body.id;
  idempotencyKey = crypto.randomUUID();
  result.replaceChildren(el('p', { class: 'ok' }, 'Udsendelsen er forberedt. Kontroller modtagerne, og send.'));
  renderManifest(body);
});

wireSendButton({
  button: $('send'),
  current: () => ({ id: distributionId, key: idempotencyKey }),
  result,
  tbody: $('manifest').querySelector('tbody'),
  sentText: 'Planen er sendt. Se status for hver modtager nedenfor.',
});

$('refresh').addEventListener('click', async () => {
  if (!distributionId) return;
  const res = await request(`/api/distributions/${encodeURIComponent(distributionId)}`, { headers: { Accept: 'application/json' } });
  const body = await readProblem(res);
  if (res.ok) renderManifest(body);
  else showFailure(result, body);
});
