// The naive reference client: object by object, as admin scripts do (Get-MgUser -UserId per user, one group lookup
// per group, members with default pages of 100, one write per change, Get-Mailbox -Identity per mailbox). It is
// given 16 requests in flight and honours Retry-After, so it is a fair script, not a strawman.
import { mapLimit } from '../../util/pool.js';
import { desiredConfig, SKU, type Sizes } from './model.js';
import { NAIVE_APP } from '../access.js';

export const NAIVE_CONCURRENCY = 16;

export interface NaiveRun {
  read: Record<string, number>;
  write: Record<string, number>;
  readMs: number;
  writeMs: number;
  changes: number;
}

type Json = Record<string, unknown> & { value?: Json[]; '@odata.nextLink'?: string };

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A script's session with one tenant: a token per resource, each request retried on 429/503 after Retry-After. */
export class NaiveSession {
  readonly counts: Record<string, number> = {};
  private readonly tokens = new Map<string, Promise<string>>();
  constructor(private readonly url: string, private readonly tenantId: string, private readonly sleep: Sleep = realSleep) {}

  private token(scope: string): Promise<string> {
    let t = this.tokens.get(scope);
    if (!t) {
      t = (async () => {
        this.count('login');
        const res = await fetch(`${this.url}/${this.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'client_credentials', client_id: NAIVE_APP.clientId, client_secret: NAIVE_APP.secret, scope }),
        });
        return ((await res.json()) as { access_token: string }).access_token;
      })();
      this.tokens.set(scope, t);
    }
    return t;
  }

  private count(service: string): void {
    this.counts[service] = (this.counts[service] ?? 0) + 1;
  }

  async call(service: 'graph' | 'exchange', method: string, path: string, body?: unknown): Promise<Json | undefined> {
    const scope = service === 'graph' ? 'https://graph.microsoft.com/.default' : 'https://outlook.office365.com/.default';
    const token = await this.token(scope);
    for (;;) {
      this.count(service);
      const res = await fetch(/^https?:/.test(path) ? path : `${this.url}${path}`, {
        method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status === 429 || res.status === 503) {
        await this.sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
        continue;
      }
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
      return text ? (JSON.parse(text) as Json) : {};
    }
  }

  async pages(path: string): Promise<Json[]> {
    const out: Json[] = [];
    let next: string | undefined = path;
    while (next) {
      const page = await this.call('graph', 'GET', next);
      out.push(...(page?.value ?? []));
      next = page?.['@odata.nextLink'];
    }
    return out;
  }

  cmdlet(name: string, parameters: Record<string, unknown>): Promise<Json | undefined> {
    return this.call('exchange', 'POST', `/adminapi/beta/${this.tenantId}/InvokeCommand`, { CmdletInput: { CmdletName: name, Parameters: parameters } });
  }
}

/** A missing user as a script creates it: the user, then its license, one request each. */
function createUser(session: NaiveSession, u: { userPrincipalName: string; displayName?: string; usageLocation?: string }): () => Promise<unknown> {
  return async () => {
    const created = await session.call('graph', 'POST', '/v1.0/users', {
      accountEnabled: true, displayName: u.displayName, mailNickname: u.userPrincipalName.split('@')[0], userPrincipalName: u.userPrincipalName,
      usageLocation: u.usageLocation, passwordProfile: { password: `Bench-${u.userPrincipalName.length}-Aa1!x`, forceChangePasswordNextSignIn: true },
    });
    return session.call('graph', 'POST', `/v1.0/users/${String(created?.id)}/assignLicense`, { addLicenses: [{ skuId: SKU.skuId, disabledPlans: [] }], removeLicenses: [] });
  };
}

/**
 * Reads a tenant object by object and, with `write`, fixes each difference with one request (a missing user: two).
 * `sleep` waits out Retry-After (simulated time in the write-quota scenario).
 */
export async function naiveTenant(url: string, s: Sizes, t: number, write: boolean, limit = NAIVE_CONCURRENCY, sleep?: Sleep): Promise<NaiveRun> {
  const started = performance.now();
  const config = desiredConfig(s, t);
  const session = new NaiveSession(url, config.tenant.tenantId, sleep);
  const fixes: (() => Promise<unknown>)[] = [];
  await session.call('graph', 'GET', '/v1.0/subscribedSkus');
  const users = await mapLimit(config.users ?? [], limit, (u) => session.call('graph', 'GET', `/v1.0/users/${encodeURIComponent(u.userPrincipalName)}`));
  const idOf = new Map<string, string>();
  (config.users ?? []).forEach((u, i) => {
    const live = users[i];
    if (!live) {
      fixes.push(createUser(session, u));
      return;
    }
    idOf.set(u.userPrincipalName.toLowerCase(), String(live.id));
    if (live.jobTitle !== u.jobTitle) fixes.push(() => session.call('graph', 'PATCH', `/v1.0/users/${String(live.id)}`, { jobTitle: u.jobTitle }));
  });
  await mapLimit(config.groups ?? [], limit, async (g) => {
    const found = await session.call('graph', 'GET', `/v1.0/groups?$filter=mailNickname eq '${g.mailNickname}'`);
    const live = found?.value?.[0];
    if (!live) return;
    if (live.description !== g.description) fixes.push(() => session.call('graph', 'PATCH', `/v1.0/groups/${String(live.id)}`, { description: g.description }));
    const members = new Set((await session.pages(`/v1.0/groups/${String(live.id)}/members`)).map((m) => String(m.userPrincipalName).toLowerCase()));
    for (const m of g.members ?? []) {
      if (members.has(m.toLowerCase())) continue;
      fixes.push(() => session.call('graph', 'POST', `/v1.0/groups/${String(live.id)}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${idOf.get(m.toLowerCase())}` }));
    }
  });
  await mapLimit(config.mailboxes ?? [], limit, async (m) => {
    const row = (await session.cmdlet('Get-Mailbox', { Identity: m.address }))?.value?.[0];
    if (row && row.HiddenFromAddressListsEnabled !== m.hiddenFromAddressLists) {
      fixes.push(() => session.cmdlet('Set-Mailbox', { Identity: m.address, HiddenFromAddressListsEnabled: m.hiddenFromAddressLists }));
    }
  });
  const read = { ...session.counts };
  const readMs = performance.now() - started;
  if (write) await mapLimit(fixes, limit, (fix) => fix());
  const written = Object.fromEntries(Object.entries(session.counts).map(([k, v]) => [k, v - (read[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
  return { read, write: written, readMs, writeMs: performance.now() - started - readMs, changes: fixes.length };
}
