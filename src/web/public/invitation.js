import { el, postJson, problemText, readProblem, renderProblems, request, saveDownload, showFailure, showMessage, wireDistribution } from './common.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
const invitees = $('invitees');

function addInvitee(values = {}) {
  const node = $('invitee-template').content.firstElementChild.cloneNode(true);
  node.querySelector('[data-remove]').addEventListener('click', () => node.remove());
  for (const [field, value] of Object.entries(values)) {
    const input = node.querySelector(`[data-field="${field}"]`);
    if (input) input.value = value;
  }
  invitees.append(node);
}
$('add-invitee').addEventListener('click', () => addInvitee());
addInvitee();

$('meeting').addEventListener('change', () => {
  $('previousMeetingDate').disabled = $('meeting').value !== 'followUp';
});

/**
 * Opened from a follow-up (/invitation?opfoelgning=<id>, from the overview or the reminder):
 * the follow-up meeting with the plan's participants, on its follow-up date. The address
 * carries only the id; the rest comes from the API.
 */
async function prefillFollowUp(id) {
  const res = await request(`/api/follow-ups/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
  const body = await readProblem(res);
  if (!res.ok) {
    showFailure(result, body);
    return;
  }
  $('meeting').value = 'followUp';
  $('previousMeetingDate').disabled = false;
  $('previousMeetingDate').value = body.meetingDate;
  $('citizenName').value = body.citizen.name;
  $('start').value = `${body.followUpDate}T10:00`;
  $('end').value = `${body.followUpDate}T11:30`;
  $('coordName').value = body.coordinator.name;
  $('coordOrg').value = body.coordinator.organisation;
  $('coordEmail').value = body.coordinator.email;
  invitees.replaceChildren();
  const coordinatorEmail = body.coordinator.email.toLowerCase();
  for (const p of body.participants) {
    // The coordinator invites; listed among the participants too, they are not invited again.
    if (coordinatorEmail && p.email.toLowerCase() === coordinatorEmail) continue;
    addInvitee({ name: p.name, organisation: p.organisation, email: p.email });
  }
  if (invitees.children.length === 0) addInvitee();
  $('follow-up-note').hidden = false;
}

const followUpId = new URL(window.location.href).searchParams.get('opfoelgning');
if (followUpId) void prefillFollowUp(followUpId);

/** A datetime-local value as an ISO time with the offset Copenhagen has at that moment. */
export function copenhagenIso(local) {
  if (!local) return '';
  const [date, time] = local.split('T');
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const offset of ['+01:00', '+02:00']) {
    const iso = `${date}T${time.slice(0, 5)}:00${offset}`;
    if (fmt.format(new Date(iso)).replace(' ', 'T') === `${date}T${time.slice(0, 5)}`) return iso;
  }
  return `${date}T${time.slice(0, 5)}:00+01:00`;
}

function invitation() {
  return {
    meeting: $('meeting').value,
    citizen: { name: $('citizenName').value.trim() },
    start: copenhagenIso($('start').value),
    end: copenhagenIso($('end').value),
    location: { address: $('address').value.trim(), room: $('room').value.trim(), videoLink: $('videoLink').value.trim() },
    coordinator: { name: $('coordName').value.trim(), title: $('coordTitle').value.trim(), organisation: $('coordOrg').value.trim(), phone: $('coordPhone').value.trim(), email: $('coordEmail').value.trim() },
    invitees: [...invitees.querySelectorAll('.invitee')].map((node) => {
      const get = (f) => node.querySelector(`[data-field="${f}"]`).value.trim();
      return { name: get('name'), title: get('title'), organisation: get('organisation'), email: get('email') };
    }).filter((i) => i.name || i.email),
    previousMeetingDate: $('meeting').value === 'followUp' && $('previousMeetingDate').value ? $('previousMeetingDate').value : null,
    showCitizenNameInCalendar: $('showCitizenNameInCalendar').checked,
    include: { planForm: $('includePlanForm').checked, article: $('includeArticle').checked },
  };
}

const ACCEPT = { pdf: 'application/pdf', ics: 'text/calendar', bundle: 'application/zip' };

/** Checks the invitation first, so every problem and warning is shown in Danish; false when it has errors. */
async function check() {
  const res = await postJson('/api/invitations/validate', invitation());
  const body = await readProblem(res);
  if (!res.ok) {
    showMessage(result, problemText(body));
    return false;
  }
  renderProblems(result, body, 'Invitationen er klar.');
  return body.valid;
}

async function download(format) {
  if (!(await check())) return;
  const res = await postJson(`/api/invitations/${format}`, invitation(), ACCEPT[format]);
  if (res.ok) {
    const name = await saveDownload(res, `invitation.${format === 'bundle' ? 'zip' : format}`);
    result.append(el('p', { class: 'ok', id: 'download-done' }, `Hentet: ${name}`));
    return;
  }
  showFailure(result, await readProblem(res));
}

const distribution = wireDistribution($('manifest-card'), { result, sentText: 'Invitationen er sendt.' });

$('prepare-send').addEventListener('click', async () => {
  if (await check()) await distribution.prepare('/api/invitations/distributions', invitation());
});

$('invitation-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void download('pdf');
});
for (const button of document.querySelectorAll('button[data-format]')) {
  if (button.type === 'button') button.addEventListener('click', () => void download(button.dataset.format));
}
