// Plain HTTP to the emulator, for the tests that check the wire itself (status, headers, error bodies) rather than
// what the product's clients make of it: one request helper per service root, the token endpoint, the emulator's
// control endpoints (clock, faults, portal changes, stats), and readers of its state.
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { TenantState } from '../../src/emulator/state.js';
import type { GraphApi } from '../../src/clients/types.js';
import { AGENT_RT, APP, APP_SECRET } from './estates.js';
import { ADMIN, CONTOSO, groupsTenant, PARTNER } from './seed.js';
import { clientsFor } from './clients.js';
import { appToken, startEmulator, TEST_APP } from './world.js';

export interface Res { status: number; headers: Headers; body: Record<string, unknown> }

/** One request with a bearer token; `path` is relative to the origin or an absolute URL (a nextLink). */
export async function request(url: string, bearer: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
  const res = await fetch(/^https?:/.test(path) ? path : `${url}${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Graph calls: `path` is relative to /v1.0 or an absolute URL (nextLink). */
export function graph(url: string, bearer: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> =>
    request(url, bearer, method, path.startsWith('http') ? path : `/v1.0${path}`, body, headers);
}

export type Call = ReturnType<typeof graph>;

/** Graph on a started emulator as the test app with every grant, in one tenant (Contoso's group routes by default). */
export class Harness {
  token = '';
  clientId = TEST_APP;
  constructor(readonly emu: RunningEmulator, readonly url: string, readonly tenantId = CONTOSO) {}

  static async start(seed: SeedDocument = { tenants: [groupsTenant()] }, opts: { throttling?: boolean; replicationDelayMs?: number } = {}): Promise<Harness> {
    const emu = await startEmulator({ seed, throttling: opts.throttling ?? false, replicationDelayMs: opts.replicationDelayMs ?? 0 });
    const h = new Harness(emu, emu.url);
    h.token = await appToken(h.url, h.tenantId, h.clientId);
    return h;
  }

  get tenant() {
    return tenantState(this.emu, this.tenantId);
  }

  userId(upn: string): string {
    const id = this.tenant.upnIndex.get(upn);
    if (!id) throw new Error(`no user ${upn}`);
    return id;
  }

  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    return graph(this.url, this.token)(method, path, body, headers);
  }

  /** tenantform's Graph client, as the kinds get it, signed in as the test app. */
  client(): GraphApi {
    return clientsFor(this.emu, this.tenantId, { asTestApp: true }).graph;
  }

  close(): Promise<void> {
    return this.emu.close();
  }
}

/** Partner Center calls: `path` is relative to /v1. */
export function partnerCenter(url: string, bearer: string) {
  return (method: string, path: string, body?: unknown): Promise<Res> =>
    request(url, bearer, method, `/v1${path}`, body, { accept: 'application/json' });
}

export function errorOf(r: Res): { code: string; message: string; innerError: Record<string, string> } {
  return (r.body as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
}

/** A token of a test app (by label or id; app-1 by default) for Graph unless another scope is named. */
export function token(url: string, tenant = CONTOSO, scope = 'https://graph.microsoft.com/.default', clientId = TEST_APP): Promise<string> {
  return appToken(url, tenant, clientId, scope);
}

export type Audience = 'https://graph.microsoft.com' | 'https://management.azure.com' | 'https://api.partnercenter.microsoft.com';

/** One request as the test app with every grant, signed in to `tenantId` for `audience`. */
export async function callAs(url: string, tenantId: string, audience: Audience, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const r = await request(url, await token(url, tenantId, `${audience}/.default`), method, path, body, headers);
  return r as Omit<Res, 'body'> & { body: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Answer { status: number; body: Record<string, unknown> }

/** A POST to a tenant's token endpoint with `form`, answered as it comes (errors included). */
export async function tokenCall(url: string, tenant: string, form: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** An App+User token for Partner Center from a partner user's refresh token. */
export async function userToken(url: string, refreshToken = AGENT_RT): Promise<string> {
  const got = await tokenCall(url, PARTNER, {
    grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: refreshToken,
    scope: 'https://api.partnercenter.microsoft.com/.default offline_access',
  });
  if (got.status !== 200) throw new Error(`refresh grant: ${JSON.stringify(got.body)}`);
  return String(got.body.access_token);
}

/** An app-only token of the partner's app for Partner Center. */
export async function partnerAppToken(url: string): Promise<string> {
  const got = await tokenCall(url, PARTNER, { grant_type: 'client_credentials', client_id: APP, client_secret: APP_SECRET, scope: 'https://api.partnercenter.microsoft.com/.default' });
  return String(got.body.access_token);
}

/** A directory object as `@odata.id` names it in a `$ref` body. */
export const ref = (id: string): string => `https://graph.microsoft.com/v1.0/directoryObjects/${id}`;

export const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

/** A POST to the emulator's control endpoint `/_emulator/<path>`. */
export async function control(emu: RunningEmulator, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${emu.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** An out-of-band change as a named admin, through the emulator's portal endpoint (audited under that admin). */
export async function portalChange(emu: RunningEmulator, tenantId: string, requests: { method: string; url: string; body?: unknown }[], actor = ADMIN): Promise<void> {
  const res = (await control(emu, `tenants/${tenantId}/changes`, { actor: { userPrincipalName: actor }, requests })) as { responses: { status: number }[] };
  for (const r of res.responses) if (r.status >= 400) throw new Error(`portal change failed: ${JSON.stringify(res)}`);
}

/** Sets (or, with null, clears) the emulator's fault injection. */
export async function setFaults(emu: RunningEmulator, spec: string | null): Promise<void> {
  await control(emu, 'faults', { spec });
}

export interface Stats { requests: Record<string, number>; tenants: { tenantId: string; users: number; auditEntries: number }[] }

export async function stats(emu: RunningEmulator): Promise<Stats> {
  return (await (await fetch(`${emu.url}/_emulator/stats`)).json()) as Stats;
}

export function tenantState(emu: RunningEmulator, tenantId = CONTOSO): TenantState {
  const t = emu.state.tenants.get(tenantId);
  if (!t) throw new Error(`the emulator has no tenant ${tenantId}`);
  return t;
}

export function userByUpn(emu: RunningEmulator, upn: string, tenantId = CONTOSO) {
  const t = tenantState(emu, tenantId);
  return t.users.get(t.upnIndex.get(upn) ?? '');
}

/** Live users and groups counted by their natural key in the emulator's state: any count above 1 is a duplicate. */
export function duplicates(emu: RunningEmulator, tenantId = CONTOSO): string[] {
  const t = tenantState(emu, tenantId);
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const u of t.users.values()) bump(`user:${String(u.props.userPrincipalName).toLowerCase()}`);
  for (const g of t.groups.values()) bump(`group:${String(g.props.mailNickname).toLowerCase()}`);
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

/** A cmdlet's answer over the Exchange admin API's InvokeCommand: status, rows, and the first error detail's text. */
export interface CmdletAnswer { status: number; rows: Record<string, unknown>[]; error: string }

/** Runs one cmdlet in a tenant as an app (the conformance apps are granted Exchange.ManageAsApp and a role). */
export async function invokeCmdlet(url: string, tenantId: string, name: string, parameters: Record<string, unknown> = {}, app = 'app-1'): Promise<CmdletAnswer> {
  const bearer = await appToken(url, tenantId, app, 'https://outlook.office365.com/.default');
  const res = await fetch(`${url}/adminapi/beta/${tenantId}/InvokeCommand`, {
    method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: name, Parameters: parameters } }),
  });
  const body = (await res.json()) as { value?: Record<string, unknown>[]; error?: { details?: { message: string }[] } };
  return { status: res.status, rows: body.value ?? [], error: body.error?.details?.[0]?.message ?? '' };
}
