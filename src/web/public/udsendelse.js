import { el, readProblem, request, showFailure, showMessage, takeHandedOverPlan } from './common.js';
import { wireDistribution } from './distribution.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
let plan = null;
const distribution = wireDistribution($('manifest-card'), { result, thing: 'planen' });

const handedOver = takeHandedOverPlan();
if (handedOver) {
  plan = handedOver.plan;
  $('handoff').hidden = false;
  $('handoff').textContent = `Planen fra referentsiden er klar (${handedOver.meetingDay ? `møde ${handedOver.meetingDay}` : 'uden mødedato'}). Du kan også vælge en anden fil.`;
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
  if (await distribution.prepare('/api/distributions', { plan: withGp })) {
    result.replaceChildren(el('p', { class: 'ok' }, 'Udsendelsen er forberedt. Kontroller modtagerne, og send.'));
  }
});

$('refresh').addEventListener('click', () => void distribution.refresh());
