// Shared helpers of the web pages: calling the API, showing problems, saving downloads.
'use strict';

import { session } from './session.js';

const SAFE_METHODS = ['GET', 'HEAD'];

/**
 * fetch, but a lost connection is an answer too: a problem the page shows like any other,
 * so no page is left waiting with a disabled button. A request that changes something carries
 * the session's CSRF token, without which the service refuses it.
 */
export async function request(url, init = {}) {
  try {
    if (!SAFE_METHODS.includes((init.method || 'GET').toUpperCase())) {
      const token = (await session())?.csrfToken;
      // The pages pass headers as plain objects.
      if (token) init = { ...init, headers: { ...init.headers, 'X-CSRF-Token': token } };
    }
    return await fetch(url, init);
  } catch {
    const problem = { title: 'Tjenesten kunne ikke nås', detail: 'Tjek forbindelsen, og prøv igen.' };
    return new Response(JSON.stringify(problem), { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
  }
}

export async function readProblem(res) {
  try {
    const body = await res.json();
    return body;
  } catch {
    return { title: `Tjenesten svarede uventet (fejl ${res.status})`, detail: 'Prøv igen om lidt, og kontakt it-supporten, hvis det fortsætter.' };
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== undefined && c !== null) node.append(c);
  return node;
}
export { el };

/** Renders errors and warnings (the API's problem items) into a container. */
export function renderProblems(container, { errors = [], warnings = [] }, okText) {
  container.replaceChildren();
  if (errors.length === 0) {
    container.append(el('p', { class: 'ok' }, okText));
  } else {
    container.append(el('p', { class: 'error' }, errors.length === 1 ? '1 fejl skal rettes:' : `${errors.length} fejl skal rettes:`));
    container.append(problemList(errors, 'errors'));
  }
  if (warnings.length > 0) {
    container.append(el('p', {}, warnings.length === 1 ? '1 advarsel:' : `${warnings.length} advarsler:`));
    container.append(problemList(warnings, 'warnings'));
  }
}

function problemList(items, kind) {
  const list = el('ul', { class: `problems ${kind}`, 'data-kind': kind });
  for (const p of items) {
    // The service's messages name their field (»Koordinator«: …): the label goes only before one that does not.
    const named = !p.label || p.message.includes(`»${p.label}«`);
    list.append(el('li', { 'data-code': p.code, 'data-path': p.path }, named ? null : el('span', { class: 'label' }, `${p.label}: `), p.message));
  }
  return list;
}

/** Saves a response body as a file, with the name the server gave it. */
export async function saveDownload(res, fallbackName) {
  const disposition = res.headers.get('Content-Disposition') || '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] || fallbackName;
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

/** Shows why an answer failed: its list of problems where it has one, else its title and detail. */
export function showFailure(container, problem) {
  if (problem.errors) renderProblems(container, problem, '');
  else showMessage(container, problemText(problem));
}

export function showMessage(container, text, kind = 'error') {
  container.replaceChildren(el('p', { class: kind }, text));
}

export function problemText(problem) {
  return [problem.title, problem.detail].filter(Boolean).join(': ');
}

export async function postJson(url, body, accept = 'application/json', headers = {}) {
  return request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept, ...headers },
    body: JSON.stringify(body),
  });
}

/** The plan read from an upload, handed from the referent page to the distribution page in this tab only. */
const PLAN_HANDOFF_KEY = 'indsatsplan.plan';

/** Hands the plan on, with its meeting day as the service printed it ("1. maj 2014"; null without one). */
export function handOverPlan(plan, meetingDay) {
  sessionStorage.setItem(PLAN_HANDOFF_KEY, JSON.stringify({ plan, meetingDay }));
}

/** The plan handed on, once: `{ plan, meetingDay }`, or null. */
export function takeHandedOverPlan() {
  const handoff = sessionStorage.getItem(PLAN_HANDOFF_KEY);
  if (!handoff) return null;
  sessionStorage.removeItem(PLAN_HANDOFF_KEY);
  return JSON.parse(handoff);
}

/**
 * Gives each body cell of a table its column's name (`data-label`), which a narrow screen shows
 * beside the value once the table's rows are stacked (style.css, table.stack).
 */
export function labelCells(table) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll('tbody tr')) {
    [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', names[i] ?? ''));
  }
}
