import { el, postJson, problemText, readProblem, renderProblems, request, saveDownload, showFailure, showMessage } from './common.js';
import { wireDistribution } from './distribution.js';

const $ = (id) => document.getElementById(id);
const result = $('result');
const invitees = $('invitees');
const summary = $('error-summary');
const INVITEE_FIELDS = ['name', 'title', 'organisation', 'email'];
let inviteeCount = 0;

const inviteeNodes = () => [...invitees.querySelectorAll('.invitee')];
const isBlank = (node) => INVITEE_FIELDS.every((f) => !node.querySelector(`[data-field="${f}"]`).value.trim());
/** The invitees sent, in order: every row with anything typed in it (an untouched row is no invitee). */
const sentInvitees = () => inviteeNodes().filter((node) => !isBlank(node));

/** Numbers the invitees as they stand now: the number is how the errors name them. */
function renumberInvitees() {
  inviteeNodes().forEach((node, i) => {
    node.querySelector('legend').textContent = `Inviteret ${i + 1}`;
  });
}

function addInvitee(values = {}) {
  const node = $('invitee-template').content.firstElementChild.cloneNode(true);
  // Ids of their own, so that a label, an error message and a link can point at each field.
  const n = ++inviteeCount;
  for (const field of INVITEE_FIELDS) {
    const input = node.querySelector(`[data-field="${field}"]`);
    input.id = `invitee-${n}-${field}`;
    node.querySelector(`label[data-for="${field}"]`).htmlFor = input.id;
    if (values[field]) input.value = values[field];
  }
  node.querySelector('[data-remove]').addEventListener('click', () => {
    node.remove();
    if (inviteeNodes().length === 0) addInvitee();
    renumberInvitees();
    // The button pressed is gone: the keyboard goes on from the list's own button.
    $('add-invitee').focus();
    if (!summary.hidden) void recheck();
  });
  invitees.append(node);
  renumberInvitees();
  return node;
}
$('add-invitee').addEventListener('click', () => addInvitee().querySelector('input').focus());
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
    invitees: sentInvitees().map((node) => {
      const get = (f) => node.querySelector(`[data-field="${f}"]`).value.trim();
      return { name: get('name'), title: get('title'), organisation: get('organisation'), email: get('email') };
    }),
    previousMeetingDate: $('meeting').value === 'followUp' && $('previousMeetingDate').value ? $('previousMeetingDate').value : null,
    showCitizenNameInCalendar: $('showCitizenNameInCalendar').checked,
    include: { planForm: $('includePlanForm').checked, article: $('includeArticle').checked },
  };
}

/** The page's field(s) for a problem's path, the first of them to show the message at. */
const FIELDS = {
  '/meeting': ['meeting'],
  '/previousMeetingDate': ['previousMeetingDate'],
  '/citizen/name': ['citizenName'],
  '/start': ['start'],
  '/end': ['end'],
  '/location': ['address', 'videoLink'],
  '/location/address': ['address'],
  '/location/room': ['room'],
  '/location/videoLink': ['videoLink'],
  '/coordinator/name': ['coordName'],
  '/coordinator/title': ['coordTitle'],
  '/coordinator/organisation': ['coordOrg'],
  '/coordinator/phone': ['coordPhone'],
  '/coordinator/email': ['coordEmail'],
  '/showCitizenNameInCalendar': ['showCitizenNameInCalendar'],
  '/include/planForm': ['includePlanForm'],
  '/include/article': ['includeArticle'],
};

function fieldsOf(path, sent) {
  const invitee = /^\/invitees(?:\/(\d+)(?:\/(\w+))?)?/.exec(path ?? '');
  if (invitee) {
    // "No invitee" and a whole invitee point at the name; the index counts the invitees sent.
    const node = invitee[1] === undefined ? inviteeNodes()[0] : sent[Number(invitee[1])];
    const field = INVITEE_FIELDS.includes(invitee[2]) ? invitee[2] : 'name';
    const input = node?.querySelector(`[data-field="${field}"]`);
    return input ? [input] : [];
  }
  // The deepest part of the path the page has a field for (e.g. /coordinator/email/…).
  for (let p = path ?? ''; p; p = p.slice(0, p.lastIndexOf('/'))) {
    if (FIELDS[p]) return FIELDS[p].map($);
  }
  return [];
}

/** A field's own visible label, and where it stands when the label alone is ambiguous (Navn: whose?). */
function labelOf(input) {
  const label = input.labels?.[0];
  const text = label ? [...label.childNodes].filter((n) => n.nodeType === n.TEXT_NODE).map((n) => n.textContent).join('').trim() : input.name;
  const context = input.closest('fieldset.invitee')?.querySelector('legend')?.textContent ?? input.closest('[data-context]')?.dataset.context;
  return { text, context };
}

function clearErrors() {
  for (const message of document.querySelectorAll('.field-error')) message.remove();
  for (const input of document.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
  summary.querySelector('ul').replaceChildren();
  summary.hidden = true;
}

/**
 * Shows the errors where they belong: a summary at the top that links to each field, and at
 * each field its message in the words of its own label, tied to it (aria-invalid,
 * aria-describedby). `focus` moves the keyboard and the screen reader to the summary.
 */
function showErrors(errors, { focus }) {
  clearErrors();
  if (errors.length === 0) return;
  const sent = sentInvitees();
  const atField = new Map();
  const items = [];
  for (const problem of errors) {
    const [first, ...others] = fieldsOf(problem.path, sent);
    if (!first) {
      items.push(el('li', {}, `${problem.label}: ${problem.message}`));
      continue;
    }
    const { text, context } = labelOf(first);
    if (!atField.has(first)) atField.set(first, { text, messages: [], others: new Set() });
    const entry = atField.get(first);
    entry.messages.push(problem.message);
    for (const o of others) entry.others.add(o);
    const link = el('a', { href: `#${first.id}` }, `${text}${context ? ` (${context})` : ''}: ${problem.message}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      first.focus();
      first.labels?.[0]?.scrollIntoView({ block: 'center' });
    });
    items.push(el('li', {}, link));
  }
  for (const [input, { text, messages, others }] of atField) {
    const message = el('p', { class: 'field-error', id: `${input.id}-error` }, `${text}: ${messages.join(' ')}`);
    (input.labels?.[0] ?? input).after(message);
    for (const field of [input, ...others]) {
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', message.id);
    }
  }
  summary.querySelector('h2').textContent = errors.length === 1 ? 'Ret 1 fejl, før invitationen kan laves' : `Ret ${errors.length} fejl, før invitationen kan laves`;
  summary.querySelector('ul').replaceChildren(...items);
  summary.hidden = false;
  if (focus) summary.focus();
}

/** Asks the service about the invitation; the answer, or null when it could not say (shown). */
async function validate() {
  const res = await postJson('/api/invitations/validate', invitation());
  const body = await readProblem(res);
  if (!res.ok) {
    showMessage(result, problemText(body));
    return null;
  }
  return body;
}

/** Checks the invitation first, so every problem and warning is shown in Danish; false when it has errors. */
async function check() {
  // Rows left empty are dropped now, so the invitees' numbers are those the errors use.
  for (const node of inviteeNodes()) if (isBlank(node) && inviteeNodes().length > 1) node.remove();
  renumberInvitees();
  const body = await validate();
  if (!body) return false;
  showErrors(body.errors, { focus: true });
  if (body.errors.length > 0) {
    result.replaceChildren();
    return false;
  }
  renderProblems(result, body, 'Invitationen er klar.');
  return body.valid;
}

/**
 * While errors are shown, every change is checked again, so an error goes as soon as it is
 * fixed (and stays while it is not). Only the latest answer counts.
 */
let rechecks = 0;
async function recheck() {
  const mine = ++rechecks;
  const body = await validate();
  if (!body || mine !== rechecks || summary.hidden) return;
  showErrors(body.errors, { focus: false });
  if (body.errors.length === 0) renderProblems(result, body, 'Fejlene er rettet. Invitationen er klar.');
}
$('invitation-form').addEventListener('change', () => {
  if (!summary.hidden) void recheck();
});

const ACCEPT = { pdf: 'application/pdf', ics: 'text/calendar', bundle: 'application/zip' };

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

const distribution = wireDistribution($('manifest-card'), { result, thing: 'invitationen' });

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
