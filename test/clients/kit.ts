// The clients tests' own fixtures (nothing else needs them): the emulator's real token endpoint (MSAL signs in against it), and a scripted HTTP
// server that plays Graph/ARM/Exchange/Partner Center answers in order and records anything it was not told to expect.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorServer } from '../../src/emulator/server.js';
import { loadSeed } from '../../src/emulator/seed.js';
import { stateFromSeed } from '../../src/emulator/seeding.js';
import { identityModule, verifyToken, type TokenClaims } from '../../src/emulator/tokens.js';
import { appId, withWorldApps } from '../support/world.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { CONTOSO, PARTNER } from '../support/seed.js';

export const SECRET_APP = appId('app-secret');
export const SECRET_APP_VALUE = 'S3cr3t-Value-Of-The-App';
export const CERT_APP = appId('app-cert');
export const OIDC_APP = appId('app-oidc');

export async function startTokenEmulator(): Promise<EmulatorServer> {
  const tenant = (tenantId: string, name: string) => ({ tenantId, displayName: name, domains: [`${name}.onmicrosoft.com`], skus: [] });
  const doc = withWorldApps(loadSeed({ tenants: [tenant(CONTOSO, 'contoso'), tenant(PARTNER, 'partner')] }));
  // The apps the client tests sign in as: a secret one, and certificate and federated (OIDC) ones, which the emulator
  // knows without a secret (it does not verify assertions).
  withApp(doc, { clientId: SECRET_APP, clientSecret: SECRET_APP_VALUE, displayName: 'secret app', roles: ['Organization.Read.All', 'User.Read.All'] });
  for (const clientId of [CERT_APP, OIDC_APP]) withApp(doc, { clientId, displayName: 'assertion app', roles: ['Organization.Read.All'] });
  const state = stateFromSeed(doc);
  const server = new EmulatorServer(state, [identityModule], {
    port: 0, latencyMs: 0, throttling: false, replicationDelayMs: 0,
  });
  await server.listen();
  return server;
}

export interface Reply {
  /** Close the socket without answering (a connection reset), or answer only after a delay. */
  reset?: boolean;
  delayMs?: number;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  at: number;
  claims?: TokenClaims;
}

interface Expectation {
  method: string;
  url: string;
  audience?: string;
  replies: (Reply | ((req: Recorded) => Reply))[];
}

const IDENTITY = /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$|^\/common\/discovery\/instance$/;

/**
 * Answers each expected `METHOD url` (path plus query, exact) with its replies in order; identity paths go to the
 * token emulator. Anything else, or a reply past the scripted ones, is recorded in `unexpected` and answered 500.
 * With an audience, the bearer token is verified like a real service would (signature, tenant, audience).
 */
export class ScriptedServer {
  readonly requests: Recorded[] = [];
  /** Sign-in traffic (discovery and token requests) that MSAL sent here, forwarded to the token emulator. */
  readonly identity: Recorded[] = [];
  readonly unexpected: string[] = [];
  private readonly expected: Expectation[] = [];
  private readonly server: Server = createServer((req, res) => void this.handle(req, res));
  origin = '';

  constructor(private readonly emulator: EmulatorServer) {}

  expect(method: string, url: string, replies: Expectation['replies'], audience?: string): this {
    this.expected.push({ method, url, replies: [...replies], audience });
    return this;
  }

  /** Token requests (POSTs to a token endpoint) that reached this server. */
  tokenRequests(): { tenant: string; form: URLSearchParams }[] {
    return this.identity
      .filter((r) => r.method === 'POST')
      .map((r) => ({ tenant: r.url.split('/')[1] ?? '', form: new URLSearchParams(r.body) }));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '/';
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const rec: Recorded = { method: req.method ?? 'GET', url, headers, body, at: Date.now() };
    if (IDENTITY.test(new URL(url, 'http://x').pathname)) {
      this.identity.push(rec);
      const answer = await fetch(`${this.emulator.origin}${url}`, {
        method: rec.method,
        headers: { 'content-type': headers['content-type'] ?? '' },
        body: rec.method === 'POST' ? body : undefined,
      });
      // Discovery names the emulator's origin; keep MSAL talking to this server so the test sees every call.
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end((await answer.text()).split(this.emulator.origin).join(this.origin));
      return;
    }
    this.requests.push(rec);
    const e = this.expected.find((x) => x.method === rec.method && x.url === url && x.replies.length > 0);
    if (!e) return this.fail(res, `${rec.method} ${url}`);
    if (e.audience) {
      try {
        rec.claims = verifyToken(this.emulator.state, headers.authorization, e.audience);
      } catch (err) {
        return this.reply(res, { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: (err as Error).message } } });
      }
    }
    const next = e.replies.shift()!;
    const r = typeof next === 'function' ? next(rec) : next;
    if (r.reset) {
      req.socket.destroy();
      return;
    }
    if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
    this.reply(res, r);
  }

  private fail(res: import('node:http').ServerResponse, what: string): void {
    this.unexpected.push(what);
    this.reply(res, { status: 500, body: { error: { code: 'UnexpectedRequest', message: `not scripted: ${what}` } } });
  }

  private reply(res: import('node:http').ServerResponse, r: Reply): void {
    const status = r.status ?? 200;
    const headers: Record<string, string> = { ...(r.headers ?? {}) };
    let payload: string | undefined;
    if (r.body !== undefined && status !== 204) {
      payload = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(status, headers);
    res.end(payload);
  }
}

export const graphError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message, innerError: { date: '2026-11-22T10:00:00', 'request-id': 'req-1', 'client-request-id': 'req-1' } } },
});
