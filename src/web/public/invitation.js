import { el, postJson, problemText, readProblem, renderProblems, saveDownload, showMessage } from './common.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
const invitees = $('invitees');

function addInvitee() {
  const node = $('invitee-template').content.firstElementChild.cloneNode(true);
  node.querySelector('[data-remove]').addEventListener('click', () => node.remove());
  invitees.append(node);
}
$('add-invitee').addEventListener('click', addInvitee);
addInvitee();

$('meeting').addEventListener('change', () => {
  $('previousMeetingDate').disabled = $('meeting').value !== 'followUp';
});

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

async function download(format) {
  showMessage(result, 'Laver dokumentet …', 'muted');
  const res = await postJson(`/api/invitations/${format}`, invitation(), ACCEPT[format]);
  if (res.ok) {
    const warnings = res.headers.get('X-Invitation-Warnings');
    const name = await saveDownload(res, `invitation.${format === 'bundle' ? 'zip' : format}`);
    result.replaceChildren(el('p', { class: 'ok', id: 'download-done' }, `Hentet: ${name}`));
    if (warnings) result.append(el('p', {}, decodeURIComponent(warnings)));
    return;
  }
  const problem = await readProblem(res);
  if (problem.errors) renderProblems(result, problem, '');
  else showMessage(result, problemText(problem));
}

$('invitation-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void download('pdf');
});
for (const button of document.querySelectorAll('button[data-format]')) {
  if (button.type === 'button') button.addEventListener('click', () => void download(button.dataset.format));
}
