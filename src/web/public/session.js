// Who is logged in and a way to log out, or the development-mode banner, on every page;
// and the session's CSRF token, which common.js sends with every request that changes something.
'use strict';

let current;

/** What the service says about this browser's login (GET /auth/session); null when it cannot tell. */
export function session() {
  current ??= fetch('/auth/session', { headers: { Accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : null))
    .catch(() => null);
  return current;
}

async function logOut(button, token) {
  button.disabled = true;
  try {
    const res = await fetch('/auth/logout', { method: 'POST', headers: { Accept: 'application/json', 'X-CSRF-Token': token } });
    const body = res.ok ? await res.json() : {};
    window.location.assign(body.next || '/auth/logged-out');
  } catch {
    button.disabled = false;
  }
}

async function show() {
  const info = await session();
  const header = document.querySelector('header');
  if (!info || !header) return;
  const who = document.createElement('div');
  who.className = 'who';
  who.id = 'who';
  if (info.development) {
    const banner = document.createElement('p');
    banner.className = 'dev-banner';
    banner.id = 'dev-banner';
    banner.setAttribute('role', 'note');
    banner.textContent = 'udviklingstilstand, ingen login';
    header.after(banner);
    who.textContent = 'Udviklingstilstand';
  } else {
    const name = document.createElement('span');
    name.id = 'who-name';
    name.textContent = info.identity.name;
    who.append('Logget ind som ', name, ` (${info.identity.organisation})`);
    if (info.canLogOut) {
      const button = document.createElement('button');
      button.type = 'button';
      button.id = 'logout';
      button.className = 'secondary';
      button.textContent = 'Log ud';
      button.addEventListener('click', () => logOut(button, info.csrfToken));
      who.append(' ', button);
    }
  }
  header.append(who);
}

show();
