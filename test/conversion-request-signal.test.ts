/** requestSignal: aborts when the client leaves before the answer, never after a full answer. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSignal } from '../src/http/request-signal.js';

describe('requestSignal', () => {
  const seen: Array<Promise<boolean>> = [];
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.get('/slow', (_req, res) => {
      const signal = requestSignal(res);
      seen.push(new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve(true));
        setTimeout(() => {
          if (!res.destroyed) res.end('ok');
          setTimeout(() => resolve(signal.aborted), 50);
        }, 300);
      }));
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('aborts when the client disconnects while waiting', async () => {
    const req = http.get({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 100));
    req.destroy();
    await expect(seen[0]).resolves.toBe(true);
  });

  it('does not abort once the answer was sent', async () => {
    const body = await new Promise<string>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/slow' }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve(text));
      });
    });
    expect(body).toBe('ok');
    await expect(seen[1]).resolves.toBe(false);
  });
});
