import { el, labelCells, readProblem, request, showFailure } from './common.js';

const $ = (id) => document.getElementById(id);
const dateFormat = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** `2014-10-01` → `1. oktober 2014` (a calendar day: no time zone may move it). */
const danishDate = (iso) => (iso ? dateFormat.format(new Date(`${iso.slice(0, 10)}T12:00:00Z`)) : '');

function row(f) {
  const reminder = f.reminderSentAt ? `Sendt ${danishDate(f.reminderSentAt)}` : `Sendes ${danishDate(f.reminderDate)}`;
  const invite = el('button', { type: 'button', class: 'invite' }, 'Inviter til opfølgende møde');
  // The link carries the follow-up's id only; the invitation page fetches the rest.
  invite.addEventListener('click', () => window.location.assign(f.invitationUrl));
  return el('tr', { 'data-follow-up': f.id, 'data-state': f.state },
    el('td', {}, f.citizen.name),
    el('td', {}, danishDate(f.followUpDate)),
    el('td', {}, danishDate(f.meetingDate)),
    el('td', {}, f.coordinator.name, f.coordinator.organisation ? el('div', { class: 'muted' }, f.coordinator.organisation) : null),
    el('td', { class: `state-${f.state}` }, f.overdue ? `⚠ ${f.stateLabel}` : f.stateLabel),
    el('td', {}, reminder),
    el('td', { class: 'action' }, invite),
  );
}

async function load() {
  const res = await request('/api/follow-ups', { headers: { Accept: 'application/json' } });
  const body = await readProblem(res);
  if (!res.ok) {
    showFailure($('result'), body);
    return;
  }
  $('reminder-days').textContent = String(body.reminderDays);
  $('follow-ups').querySelector('tbody').replaceChildren(...body.followUps.map(row));
  labelCells($('follow-ups'));
  $('follow-ups').hidden = body.followUps.length === 0;
  $('empty').hidden = body.followUps.length > 0;
}

void load();
