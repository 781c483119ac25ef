// The distribution block the plan's and the invitation's pages share: who gets what, the send
// button, and what the coordinator is told from the send request until every delivery has
// finished. The send request answers 202 while some delivery waits for a retry, so the page
// follows the distribution until then and only says it is sent once it is.
import { el, labelCells, postJson, problemText, readProblem, request, showFailure } from './common.js';

/** The shortest and longest wait between two looks at a distribution still sending. */
const LOOK_MIN_MS = 2_000;
const LOOK_MAX_MS = 30_000;
/** Looked at this long after a retry is due, so that the attempt has had time to run. */
const AFTER_DUE_MS = 1_000;

/**
 * A send request's Idempotency-Key: 24 random letters (about 112 bits). Not a UUID: the service
 * refuses a key that looks like a CPR number (six digits, a dash, four digits), and about one
 * UUID in ninety does, so one send in ninety would have failed with a message about the key.
 */
export function newSendKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) => String.fromCharCode(97 + (b % 26))).join('');
}

/** Renders a distribution (the API's DistributionView) into a table body: who gets what, how, and its state. */
function renderDistribution(tbody, view) {
  tbody.replaceChildren(
    ...(view.recipients ?? []).map((r) =>
      el('tr', { 'data-role': r.role, 'data-state': r.state },
        el('td', {}, r.name || '–', r.organisation ? el('div', { class: 'muted' }, r.organisation) : null),
        el('td', {}, r.roleLabel ?? r.role),
        el('td', {}, r.channelLabel ?? r.channel),
        el('td', {}, (r.documents ?? []).join(', ')),
        el('td', { class: `state-${r.state}` }, r.stateLabel ?? r.state, r.reason ? el('div', { class: 'muted' }, r.reason) : null),
      ),
    ),
  );
  labelCells(tbody.closest('table'));
}

/**
 * A page's distribution, in a card that holds the manifest table and the #send button:
 * `prepare(url, body)` asks the service to prepare it and shows who gets what (the view, or null
 * after showing why not in `result`); the button then sends it with an Idempotency-Key of its
 * own, so a repeated click is harmless, and the page follows it to its end. `thing` names what
 * is sent, as in "planen er sendt". `refresh()` looks at the distribution now.
 */
export function wireDistribution(card, { result, thing }) {
  const tbody = card.querySelector('tbody');
  const button = card.querySelector('#send');
  let current = { id: null, key: null };
  const progress = followDistribution({ result, thing, render: (view) => renderDistribution(tbody, view) });
  const show = (view, res) => {
    progress.show(view, res);
    card.hidden = false;
  };

  button.addEventListener('click', async () => {
    const { id, key } = current;
    if (!id) return;
    button.disabled = true;
    const res = await request(`/api/distributions/${encodeURIComponent(id)}/send`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Idempotency-Key': key },
    });
    const body = await readProblem(res);
    if (id !== current.id) return; // another distribution was prepared meanwhile
    if (!res.ok) {
      showFailure(result, body);
      button.disabled = false;
      return;
    }
    // Sent or not, the request is made: a second click would only replay this answer.
    show(body, res);
  });

  return {
    async prepare(url, body) {
      const res = await postJson(url, body);
      const view = await readProblem(res);
      if (!res.ok) {
        showFailure(result, view);
        return null;
      }
      current = { id: view.id, key: newSendKey() };
      progress.watch(view.id);
      button.disabled = false;
      show(view, res);
      return view;
    },
    refresh: () => progress.look(),
  };
}

/**
 * Follows one distribution once its send is requested: renders each answer, says in `result`
 * (a live region) where the sending stands, and looks again after the next retry is due
 * (bounded), until every delivery has finished. Nothing is looked at while the page is hidden
 * or left; it looks at once when it is shown again.
 */
function followDistribution({ result, thing, render }) {
  let id = null;
  let timer;
  let following = false;
  let looks = 0;
  let failedLooks = 0;

  const stop = () => {
    following = false;
    clearTimeout(timer);
    timer = undefined;
  };
  const lookIn = (ms) => {
    clearTimeout(timer);
    timer = following && !document.hidden ? setTimeout(look, ms) : undefined;
  };

  function show(view, res) {
    render(view);
    if (view.state === 'prepared') return; // not asked to send yet: nothing to tell
    say(result, sendStatus(view, thing));
    if (view.finished || view.state === 'expired') return stop();
    following = true;
    failedLooks = 0;
    lookIn(nextLookMs(view, res));
  }

  async function look() {
    if (!id) return;
    const mine = ++looks;
    const res = await request(`/api/distributions/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' } });
    const body = await readProblem(res);
    if (mine !== looks) return; // a later look, or another distribution (watch), has the say
    if (res.ok) return show(body, res);
    if (!following || !(res.status === 429 || res.status >= 500)) {
      stop();
      return showFailure(result, body);
    }
    // Lost connection or a busy service: the sending goes on regardless; look again later.
    say(result, [el('p', { class: 'error', id: 'look-failed' }, `Status for udsendelsen kunne ikke hentes lige nu (${problemText(body)}). Afsendelsen fortsætter; siden prøver igen om lidt.`)]);
    failedLooks += 1;
    lookIn(Math.min(LOOK_MAX_MS, LOOK_MIN_MS * 2 ** failedLooks));
  }

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) {
      clearTimeout(timer);
      timer = undefined;
    } else if (following) {
      void look();
    }
  });

  return {
    show,
    look,
    /** From now on the page's distribution is `next`: the last one's answers no longer count. */
    watch(next) {
      stop();
      id = next;
      looks += 1;
    },
  };
}

/**
 * When to look again: just after the earliest retry is due, on the service's clock (its Date
 * header, so a wrong clock in the browser does no harm), within the bounds.
 */
function nextLookMs(view, res) {
  const now = Date.parse(res.headers.get('Date') ?? '') || Date.now();
  const due = view.recipients.filter((r) => r.state === 'pending' && r.nextAttemptAt).map((r) => Date.parse(r.nextAttemptAt));
  const ms = due.length > 0 ? Math.min(...due) - now + AFTER_DUE_MS : LOOK_MIN_MS;
  return Math.min(LOOK_MAX_MS, Math.max(LOOK_MIN_MS, ms));
}

/** Replaces the live region's content only when its words change, so a screen reader hears each news once. */
function say(region, nodes) {
  if (nodes.map((n) => n.textContent).join('') === region.textContent) return;
  region.replaceChildren(...nodes);
}

const capitalised = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const clock = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit' });
const who = (r) => `${r.name || r.roleLabel} (${r.channelLabel})`;
const list = (recipients, line = who) => el('ul', {}, ...recipients.map((r) => el('li', { 'data-delivery': r.id }, line(r))));

/** What the coordinator is told of a distribution whose send was requested: still sending, all sent, or what was not. */
function sendStatus(view, thing) {
  const all = view.recipients ?? [];
  const by = (...states) => all.filter((r) => states.includes(r.state));
  const [sent, waiting, failed, manual] = [by('sent'), by('pending', 'sending'), by('failed'), by('manual')];
  const Thing = capitalised(thing);
  if (view.state === 'expired') {
    return [el('p', { class: 'error', id: 'send-failed' }, `Udsendelsen er udløbet, og intet er sendt. Forbered udsendelsen igen.`)];
  }
  const handOver = manual.length > 0
    ? [el('p', {}, `Skal have ${thing} på anden sikker måde (kan ikke sendes automatisk):`), list(manual)]
    : [];
  if (!view.finished) {
    const when = (r) => (r.state === 'sending' || !r.nextAttemptAt ? 'sendes nu' : `nyt forsøg kl. ${clock.format(new Date(r.nextAttemptAt))}`);
    return [
      el('p', { class: 'in-progress', id: 'sending' }, `Afsendelsen er i gang, men ikke færdig: ${all.length === 1 ? 'modtageren' : `${waiting.length} af ${all.length} modtagere`} venter stadig.`),
      el('p', {}, 'Venter:'),
      list(waiting, (r) => `${who(r)}: ${when(r)}`),
      el('p', {}, 'Siden følger med og siger til her, når alle forsendelser er afsluttet.'),
    ];
  }
  if (failed.length > 0) {
    return [
      el('p', { class: 'error', id: 'send-failed' }, `${Thing} kunne ikke sendes til ${all.length === 1 ? 'modtageren' : `${failed.length} af ${all.length} modtagere`}:`),
      list(failed),
      el('p', {}, `Intet er sendt til ${failed.length === 1 ? 'vedkommende' : 'dem'}. Giv ${failed.length === 1 ? 'vedkommende' : 'dem'} ${thing} på anden sikker måde, og ret adressen, hvis den er forkert. Grunden står ud for modtageren i tabellen. ${sent.length > 0 ? `${Thing} er sendt til de ${sent.length} andre.` : ''}`.trim()),
      ...handOver,
    ];
  }
  if (sent.length === 0) {
    return [el('p', { class: 'error' }, `${Thing} er ikke sendt automatisk til nogen.`), ...handOver];
  }
  if (manual.length > 0) {
    return [el('p', { class: 'ok', id: 'sent' }, `${Thing} er sendt til ${sent.length} af ${all.length} modtagere.`), ...handOver];
  }
  return [el('p', { class: 'ok', id: 'sent' }, all.length === 1 ? `${Thing} er sendt til modtageren.` : `${Thing} er sendt til alle ${all.length} modtagere.`)];
}
