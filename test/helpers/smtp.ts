/**
 * A real SMTP server on loopback (smtp-server) for integration tests, with TEST-ONLY
 * certificates made by openssl at run time: one the client is told to trust (`caFile`),
 * one it is not. Variants: STARTTLS, implicit TLS, no STARTTLS at all, an untrusted
 * certificate, and a server that speaks nothing newer than TLS 1.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export type SmtpTestTls = 'starttls' | 'implicit' | 'none' | 'untrusted-cert' | 'tls1.1';

export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpTestServerOptions {
  tls?: SmtpTestTls;
  /** Runs after a message's DATA has arrived, before the reply: return a reply to reject it, await to hold it. */
  beforeAccept?: (mail: ParsedMail, session: SMTPServerSession) => Promise<SmtpReply | void> | SmtpReply | void;
  /** Require this login. */
  auth?: { user: string; pass: string };
}

export interface ReceivedMail extends ParsedMail {
  /** The session's TLS protocol, e.g. 'TLSv1.3'; undefined if the message came in plaintext. */
  tlsVersion: string | undefined;
}

export interface SmtpTestServer {
  host: '127.0.0.1';
  port: number;
  /** True for implicit TLS (the client sets `secure`). */
  secure: boolean;
  /** PEM of the certificate clients should trust (never the untrusted one). */
  ca: string;
  caFile: string;
  /** Accepted messages only. */
  messages: ReceivedMail[];
  /** How many transactions got as far as MAIL FROM (0 means nothing was even offered). */
  mailFromCount: number;
  close(): Promise<void>;
}

interface KeyPair {
  key: string;
  cert: string;
  certFile: string;
}

let certs: { trusted: KeyPair; untrusted: KeyPair; dir: string } | undefined;

/** Self-signed localhost certificates, made once per test process. */
export function testCertificates(): { trusted: KeyPair; untrusted: KeyPair } {
  if (!certs) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-test-tls-'));
    const make = (name: string): KeyPair => {
      const keyFile = path.join(dir, `${name}.key`);
      const certFile = path.join(dir, `${name}.pem`);
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
        '-keyout', keyFile, '-out', certFile,
        '-subj', `/CN=localhost/O=indsatsplan test only (${name})`,
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ], { stdio: 'ignore' });
      return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
    };
    certs = { trusted: make('trusted'), untrusted: make('untrusted'), dir };
    const { dir: created } = certs;
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  return certs;
}

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const tls = options.tls ?? 'starttls';
  const { trusted, untrusted } = testCertificates();
  const pair = tls === 'untrusted-cert' ? untrusted : trusted;
  const messages: ReceivedMail[] = [];
  const state = { mailFromCount: 0 };
  // The negotiated protocol per session (the session's cipher info only tells the cipher's minimum).
  const protocols = new Map<string, string>();

  const serverOptions: SMTPServerOptions = {
    key: pair.key,
    cert: pair.cert,
    secure: tls === 'implicit',
    disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    logger: false,
    ...(tls === 'tls1.1'
      ? // OpenSSL 3 only negotiates TLS 1.0/1.1 at security level 0.
        { minVersion: 'TLSv1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT@SECLEVEL=0' }
      : {}),
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onSecure(socket, session, callback) {
      const protocol = (socket as TLSSocket).getProtocol?.();
      if (protocol) protocols.set(session.id, protocol);
      callback();
    },
    onMailFrom(_address, _session, callback) {
      state.mailFromCount += 1;
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const reply = await options.beforeAccept?.(mail, session);
          if (reply) return callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
          const tlsVersion = session.secure ? protocols.get(session.id) : undefined;
          messages.push(Object.assign(mail, { tlsVersion }));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A refused handshake is what some tests expect; it must not become an unhandled error.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  return {
    host: '127.0.0.1',
    port,
    secure: tls === 'implicit',
    ca: trusted.cert,
    caFile: trusted.certFile,
    messages,
    get mailFromCount() {
      return state.mailFromCount;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
