// The referent's page: upload the plan filled in Word, see every problem in the form's order with
// what to do about it, and always a way on: the final PDF, or a draft of what was read and why
// the final one must wait, or why not even a draft can be made.
import { el, handOverPlan, problemText, readProblem, request, saveDownload } from './common.js';

const $ = (id) => document.getElementById(id);
const form = $('upload-form');
const fileInput = $('file');
const progress = $('progress');
const pdfStatus = $('pdf-status');
const outcome = $('outcome');
const heading = $('outcome-heading');
const result = $('result');
const problems = $('problems');
const summary = $('summary');
const pdfButton = $('pdf');
const draftButton = $('draft-pdf');
const toDistribution = $('to-distribution');
let last = null;

/** Problems the service could not place in a section of the form (the plan as a whole). */
const NO_SECTION = 'Planen som helhed';

function upload(accept, query = '') {
  const data = new FormData();
  data.append('file', fileInput.files[0]);
  return request(`/api/plans/upload${query}`, { method: 'POST', headers: { Accept: accept }, body: data });
}

function say(text, kind = 'muted', where = progress) {
  where.replaceChildren(text ? el('span', { class: kind }, text) : '');
}

function show(node, visible) {
  node.hidden = !visible;
}

/** The service lists problems in the form's order, each with its section: one heading per section, in that order. */
function bySection(items) {
  const groups = [];
  for (const p of items) {
    const title = p.section ?? NO_SECTION;
    const group = groups.at(-1)?.title === title ? groups.at(-1) : groups[groups.push({ title, items: [] }) - 1];
    group.items.push(p);
  }
  return groups;
}

/** Each problem once, as the service words it (its message names the field), and what to do about it. */
function problemGroups(items, kind, title) {
  const headingId = `${kind}-heading`;
  const block = el('section', { class: 'problem-block', 'data-kind': kind, 'aria-labelledby': headingId }, el('h3', { id: headingId }, title));
  for (const group of bySection(items)) {
    const list = el('ul', { class: `problems ${kind}`, 'data-kind': kind });
    for (const p of group.items) {
      list.append(el('li', { 'data-code': p.code, 'data-path': p.path }, el('span', { class: 'message' }, p.message), el('span', { class: 'action' }, el('strong', {}, 'Gør sådan: '), p.action)));
    }
    block.append(el('h4', {}, group.title), list);
  }
  return block;
}

function count(n, one, many) {
  return n === 1 ? `1 ${one}` : `${n} ${many}`;
}

function renderSummary(body) {
  const { plan, dates } = body;
  summary.replaceChildren(
    el('h3', {}, 'Det læste'),
    el('table', {},
      el('tbody', {},
        el('tr', {}, el('th', { scope: 'row' }, 'Navn'), el('td', { id: 'read-name' }, plan.citizen?.name || '–')),
        el('tr', {}, el('th', { scope: 'row' }, 'Dato for koordinationsmødet'), el('td', {}, dates?.meetingDate ?? 'ikke angivet')),
        el('tr', {}, el('th', { scope: 'row' }, 'Deltagere'), el('td', {}, String(plan.participants?.length ?? 0))),
        el('tr', {}, el('th', { scope: 'row' }, 'Udfordringer'), el('td', {}, String(plan.challenges?.length ?? 0))),
        el('tr', {}, el('th', { scope: 'row' }, 'Mål'), el('td', {}, String(plan.goals?.length ?? 0))),
        el('tr', {}, el('th', { scope: 'row' }, 'Dato for opfølgning'), el('td', {}, dates?.followUpDate ?? 'ikke angivet')),
      ),
    ),
  );
}

/** What the next panel offers: the final PDF and the distribution, or the reason and a draft, or why nothing. */
function renderNext({ final, draft }) {
  show(pdfButton, final.available);
  show(toDistribution, final.available);
  $('final-reason').textContent = final.reason ?? '';
  show($('final-reason'), !final.available);
  const draftOffered = !final.available && draft.available;
  show(draftButton, draftOffered);
  show($('draft-note'), draftOffered);
  $('draft-reason').textContent = !final.available && !draft.available ? draft.reason : '';
  show($('draft-reason'), !final.available && !draft.available);
}

function renderReading(body) {
  const errors = body.errors ?? [];
  const warnings = body.warnings ?? [];
  heading.textContent = errors.length === 0 ? 'Ingen fejl' : `Planen har ${count(errors.length, 'fejl', 'fejl')}`;
  heading.className = errors.length === 0 ? 'ok' : 'error';
  result.replaceChildren();
  problems.replaceChildren();
  if (errors.length === 0) result.append(el('p', { class: 'ok' }, 'Planen er klar: den kan laves som endelig PDF og sendes ud.'));
  else problems.append(problemGroups(errors, 'errors', 'Fejl, der skal rettes'));
  if (warnings.length > 0) problems.append(problemGroups(warnings, 'warnings', `${count(warnings.length, 'advarsel', 'advarsler')}: stopper ikke planen, men kontroller dem`));
  renderSummary(body);
  renderNext(body.pdf);
}

/** The file could not be read (the service's upload problems), or not checked at all: no PDF, and why. */
function renderUnread(problem) {
  const unreadable = (problem.type ?? '').startsWith('/problems/upload-');
  heading.textContent = unreadable ? 'Filen kunne ikke læses' : 'Planen kunne ikke kontrolleres';
  heading.className = 'error';
  result.replaceChildren(el('p', { class: 'error' }, problemText(problem)));
  problems.replaceChildren();
  summary.replaceChildren();
  const why = unreadable
    ? 'Der kan ikke laves en PDF, heller ikke en kladde, fordi filen ikke kunne læses som en indsatsplan. Vælg den udfyldte plan (Word, .docx), og kontroller den igen.'
    : 'Der kan ikke laves en PDF, før planen er kontrolleret. Prøv igen om lidt.';
  renderNext({ final: { available: false, reason: why }, draft: { available: false, reason: '' } });
  show($('draft-reason'), false);
}

function reset() {
  last = null;
  outcome.hidden = true;
  say('');
  say('', 'muted', pdfStatus);
}

fileInput.addEventListener('change', reset);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  reset();
  const check = $('check');
  check.disabled = true;
  say('Læser planen …');
  const res = await upload('application/json');
  const body = await readProblem(res);
  check.disabled = false;
  say('');
  if (res.ok && body.pdf) {
    last = body;
    renderReading(body);
  } else {
    renderUnread(body);
  }
  outcome.hidden = false;
  // Announce the outcome and start reading there: the list follows the heading.
  heading.focus();
});

async function download(button, query, fallbackName, what) {
  button.disabled = true;
  say(`Laver ${what} …`, 'muted', pdfStatus);
  const res = await upload('application/pdf', query);
  if (res.ok) {
    const name = await saveDownload(res, fallbackName);
    say(`${what[0].toUpperCase()}${what.slice(1)} er hentet: ${name}`, 'ok', pdfStatus);
  } else {
    say(problemText(await readProblem(res)), 'error', pdfStatus);
  }
  button.disabled = false;
}

pdfButton.addEventListener('click', () => download(pdfButton, '', 'indsatsplan.pdf', 'PDF\'en'));
draftButton.addEventListener('click', () => download(draftButton, '?draft=true', 'indsatsplan-kladde.pdf', 'kladden'));

toDistribution.addEventListener('click', () => {
  if (!last) return;
  handOverPlan(last.plan, last.dates?.meetingDate ?? null);
  window.location.href = '/udsendelse';
});
