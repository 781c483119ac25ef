/**
 * The service's two cookies, both `HttpOnly; Secure; SameSite=Lax` under the `__Host-` prefix
 * (the browser then keeps them to this exact origin, on every path): the session (a random
 * token; the session itself lives in the store) and, for the minutes of a login, the sealed
 * state of that login (state, nonce, PKCE verifier), so that any replica can finish it.
 * `Secure` holds on http://127.0.0.1 too: browsers treat loopback as a secure origin.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = '__Host-indsatsplan-session';
export const LOGIN_COOKIE = '__Host-indsatsplan-login';

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Sets a cookie; without `maxAgeSeconds` it lasts until the browser closes (the store decides when it ends). */
export function setCookie(res: Response, name: string, value: string, maxAgeSeconds?: number): void {
  const attributes = ['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax', ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`])];
  res.append('Set-Cookie', `${name}=${value}; ${attributes.join('; ')}`);
}

export function clearCookie(res: Response, name: string): void {
  setCookie(res, name, '', 0);
}

/** A random token for a cookie or a CSRF header (256 bits, base64url). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps of a session token: an HMAC under SESSION_SECRET, so a copy of the store opens nothing. */
export function sessionIdOf(secret: string, token: string): string {
  return createHmac('sha256', secret).update(`session:${token}`).digest('base64url');
}

function sealKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'indsatsplan', 'login cookie', 32));
}

/** Encrypts and authenticates a value for a cookie (AES-256-GCM), with its own expiry. */
export function seal(secret: string, value: unknown, expiresAt: number): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ v: value, exp: expiresAt }), 'utf8'), cipher.final()]);
  return [iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join('.');
}

/** The sealed value, or undefined when it was altered, sealed under another secret, or has expired. */
export function unseal<T>(secret: string, sealed: string | undefined, now: number): T | undefined {
  const [iv, body, tag] = (sealed ?? '').split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), iv);
    decipher.setAuthTag(tag);
    const opened = JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')) as { v: T; exp: number };
    return opened.exp > now ? opened.v : undefined;
  } catch {
    return undefined;
  }
}
