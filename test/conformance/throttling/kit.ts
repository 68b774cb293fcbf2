// Fixtures of the throttling conformance tests: tenants of each size class, an emulator on a clock the test moves,
// tokens per app, and a `$batch` helper that sends many inner requests in few calls.
import { type RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../support/world.js';
import type { SeedDocument, SeedTenant } from '../../../src/emulator/seed.js';
import { request } from '../../support/http.js';
import { appToken, withWorldApps } from '../../support/world.js';

/** Tenants by size class of the identity RU bucket: S under 50 users, M 50–500, L over 500. */
export const SMALL = '7c000000-0000-4000-8000-000000000001';
export const SMALL_2 = '7c000000-0000-4000-8000-000000000002';
export const MEDIUM = '7c000000-0000-4000-8000-000000000003';
export const LARGE = '7c000000-0000-4000-8000-000000000004';

function tenant(tenantId: string, name: string, users: number): SeedTenant {
  const domain = `${name.toLowerCase()}.onmicrosoft.com`;
  return {
    tenantId, displayName: name, domains: [domain], skus: [],
    users: Array.from({ length: users }, (_, i) => ({ userPrincipalName: `u${i}@${domain}`, displayName: `User ${i}` })),
    groups: [{ displayName: 'Staff', mailNickname: 'staff', members: [`u0@${domain}`] }],
    mailboxes: [{ address: `shared@${domain}`, displayName: 'Shared', type: 'shared' }],
  } as SeedTenant;
}

export function seed(): SeedDocument {
  return {
    tenants: [tenant(SMALL, 'Small', 3), tenant(SMALL_2, 'Smalltwo', 3), tenant(MEDIUM, 'Medium', 50), tenant(LARGE, 'Large', 501)],
  };
}

export interface Harness { emu: RunningEmulator; clock: { now: number }; advance(ms: number): void }

export async function harness(o: { throttling?: boolean; latencyMs?: number } = {}): Promise<Harness> {
  const clock = { now: 1_700_000_000_000 };
  const emu = await startEmulator({ seed: withWorldApps(seed()), throttling: o.throttling ?? true, latencyMs: o.latencyMs ?? 0, clock: () => clock.now });
  return { emu, clock, advance: (ms) => void (clock.now += ms) };
}

const tokens = new Map<string, string>();

/** A test app's token, fetched once per origin, tenant, app and scope: the token endpoint is not what is measured. */
export async function token(url: string, tenantId: string, app: string, scope = 'https://graph.microsoft.com/.default'): Promise<string> {
  const key = `${url}|${tenantId}|${app}|${scope}`;
  const t = tokens.get(key) ?? (await appToken(url, tenantId, app, scope));
  tokens.set(key, t);
  return t;
}

export interface Inner { id: string; status: number; headers: Record<string, string>; body?: unknown }

/** One `$batch` call of up to 20 inner requests built by `make(i)`. */
export async function batch(url: string, bearer: string, n: number, make: (i: number) => { method: string; url: string; body?: unknown }): Promise<Inner[]> {
  const requests = Array.from({ length: n }, (_, i) => {
    const r = make(i);
    return { id: String(i + 1), ...r, ...(r.body !== undefined ? { headers: { 'Content-Type': 'application/json' } } : {}) };
  });
  const res = await request(url, bearer, 'POST', '/v1.0/$batch', { requests });
  if (res.status !== 200) throw new Error(`$batch answered ${res.status}`);
  return res.body.responses as Inner[];
}

type Make = (i: number) => { method: string; url: string; body?: unknown };

/**
 * Sends `$batch` calls of 20 until an inner request is throttled; answers how many were admitted before it.
 * `tick(n)` runs before the n-th call, so a test can move the clock (e.g. past the 2,000-per-second global limit).
 */
export async function drain(url: string, bearer: string, make: Make, tick?: (n: number) => void, max = 20_000): Promise<{ admitted: number; refused: Inner }> {
  let admitted = 0;
  for (let n = 0; admitted < max; n++) {
    tick?.(n);
    const answers = await batch(url, bearer, 20, make);
    for (const a of answers) {
      if (a.status === 429) return { admitted, refused: a };
      admitted++;
    }
  }
  throw new Error(`no request was throttled after ${max}`);
}

/** Sends `calls` `$batch` calls of 20 and answers the inner statuses. */
export async function statuses(url: string, bearer: string, calls: number, make: Make): Promise<number[]> {
  const out: number[] = [];
  for (let n = 0; n < calls; n++) out.push(...(await batch(url, bearer, 20, make)).map((a) => a.status));
  return out;
}

export async function userId(url: string, bearer: string): Promise<string> {
  const r = await request(url, bearer, 'GET', '/v1.0/users?$select=id&$top=1');
  return (r.body.value as { id: string }[])[0]?.id ?? '';
}
