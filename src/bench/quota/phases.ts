// tenantform's side of scenarios (e)–(h), run in a worker process against a running emulator: two drifts with a
// delta state and 1% of the users changed between them, a drift of a whole estate or of one shard of it, a plan of
// a tenant's mailboxes with their permissions, and an apply paced to the write quota, the last two in simulated
// time. Each phase reports requests per service, the 429s met and wall time (simulated where the clock was moved).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClients, createRequestCounter } from '../../clients/index.js';
import { createPacer } from '../../clients/pacing.js';
import { applyPlan } from '../../engine/apply.js';
import { planRun } from '../../engine/run.js';
import { selectShard } from '../../engine/shard.js';
import { kinds } from '../../kinds/index.js';
import type { Plan } from '../../plan/types.js';
import { loadedTenant, tenantIdOf, type Sizes } from '../scale/model.js';
import { mailboxTenant } from './mailboxes.js';
import { VirtualTime } from './virtual-time.js';
import { countsSince } from '../processes.js';

export interface QuotaPhase {
  counts: Record<string, number>;
  /** Wall time; in simulated time when `simulated` is set. */
  ms: number;
  simulated?: boolean;
  throttled: number;
  changes: number;
  errors: string[];
}

const planErrors = (plan: Plan): string[] =>
  plan.tenants.flatMap((t) => t.diagnostics.filter((d) => d.severity === 'error').map((d) => `${t.name}: ${d.summary}`));

/** A client run as the CLI builds it: one pacer and request counter for all tenants, 429s counted on the wire. */
function harness(url: string, o: { shards?: number; time?: VirtualTime } = {}) {
  const counter = createRequestCounter();
  let throttled = 0;
  const wire: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (res.status === 429) throttled++;
    return res;
  };
  const pacer = createPacer(o.time ? { now: o.time.now, sleep: o.time.sleep } : {});
  const transport = { pacer, appShare: 1 / (o.shards ?? 1), fetch: wire, ...(o.time ? { sleep: o.time.sleep } : {}) };
  // In simulated time the clock also decides when tokens lapse: a run of hours in simulated time signs in again.
  const clock = o.time ? { clock: o.time } : {};
  const clientsFor = (t: { config: { tenant: { tenantId: string } } }) => createClients({ tenantId: t.config.tenant.tenantId, emulatorUrl: url, counter, transport, ...clock });
  return { counter, clientsFor, throttled: () => throttled };
}

async function measure(h: ReturnType<typeof harness>, run: () => Promise<{ changes: number; errors: string[] }>, time?: VirtualTime): Promise<QuotaPhase> {
  const before = h.counter.snapshot();
  const throttledBefore = h.throttled();
  const skippedBefore = time?.skippedMs ?? 0;
  const started = performance.now();
  const { changes, errors } = await run();
  const ms = performance.now() - started + ((time?.skippedMs ?? 0) - skippedBefore);
  return { counts: countsSince(h.counter.snapshot(), before), ms, ...(time ? { simulated: true } : {}), throttled: h.throttled() - throttledBefore, changes, errors };
}

/** Every 100th user of the estate (index ≡ 37 mod 100 over all tenants) gets a new job title, as an admin's edit would. */
async function changeOnePercent(url: string, s: Sizes): Promise<number> {
  let changed = 0;
  for (let t = 0; t < s.tenants; t++) {
    const requests = Array.from({ length: s.users }, (_, i) => i)
      .filter((i) => (t * s.users + i) % 100 === 37)
      .map((i) => ({ method: 'PATCH', url: `/users/u${i}@t${String(t).padStart(4, '0')}.example`, body: { jobTitle: 'Changed since the last drift' } }));
    if (requests.length === 0) continue;
    const res = await fetch(`${url}/_emulator/tenants/${tenantIdOf(t)}/changes`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ actor: { userPrincipalName: 'admin@bench.example' }, requests }),
    });
    if (!res.ok) throw new Error(`changing users of tenant ${t}: ${res.status} ${await res.text()}`);
    changed += requests.length;
  }
  return changed;
}

/** (e): a first drift that stores the delta state, 1% of the users changed, and the second drift that is measured. */
export async function deltaDrifts(url: string, s: Sizes): Promise<{ first: QuotaPhase; second: QuotaPhase; changedUsers: number }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'tenantform-bench-drift-'));
  try {
    const tenants = Array.from({ length: s.tenants }, (_, t) => loadedTenant(s, t));
    const drift = async () => {
      // A scheduled drift is a new process: new clients, new tokens, only the state directory carried over.
      const h = harness(url);
      return measure(h, async () => {
        const plan = await planRun({ tenants, clientsFor: h.clientsFor, kinds, deltaStateDir: stateDir, inventory: 'drift' });
        return { changes: plan.tenants.reduce((n, t) => n + t.changes.length, 0), errors: planErrors(plan) };
      });
    };
    const first = await drift();
    const changedUsers = await changeOnePercent(url, s);
    return { first, second: await drift(), changedUsers };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** (f): a drift of shard `index` of `shards` of the estate (or all of it), paced to its share of the app's budget. */
export async function shardDrift(url: string, s: Sizes, index: number, shards: number): Promise<QuotaPhase> {
  const estate = Array.from({ length: s.tenants }, (_, t) => loadedTenant(s, t));
  const names = new Set(shards > 1 ? selectShard(estate.map((t) => t.name), `${index}/${shards}`) : estate.map((t) => t.name));
  const tenants = estate.filter((t) => names.has(t.name));
  const stateDir = mkdtempSync(join(tmpdir(), 'tenantform-bench-shard-'));
  try {
    const h = harness(url, { shards });
    return await measure(h, async () => {
      const plan = await planRun({ tenants, clientsFor: h.clientsFor, kinds, deltaStateDir: stateDir, inventory: 'drift' });
      return { changes: plan.tenants.reduce((n, t) => n + t.changes.length, 0), errors: planErrors(plan) };
    });
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** (h): plan, then apply, of users that do not exist yet, in simulated time so the write quota costs no real time. */
export async function createUsers(url: string, desired: Sizes): Promise<{ plan: QuotaPhase; apply: QuotaPhase }> {
  const time = new VirtualTime(url);
  const h = harness(url, { time });
  const tenants = Array.from({ length: desired.tenants }, (_, t) => loadedTenant(desired, t));
  let planned: Plan | undefined;
  const plan = await measure(h, async () => {
    planned = await planRun({ tenants, clientsFor: h.clientsFor, kinds });
    return { changes: planned.tenants.reduce((n, t) => n + t.changes.length, 0), errors: planErrors(planned) };
  }, time);
  const apply = await measure(h, async () => {
    const summary = await applyPlan({ plan: planned!, tenants, clientsFor: h.clientsFor, kinds, log: () => {} });
    const errors = summary.tenants.flatMap((t) => [...(t.status === 'refused' && t.message ? [`${t.name}: ${t.message}`] : []), ...t.failed.map((f) => `${f.address}: ${f.error}`)]);
    return { changes: summary.tenants.reduce((n, t) => n + t.completed.length, 0), errors };
  }, time);
  return { plan, apply };
}

/**
 * (g): a plan of M mailboxes with their permissions and calendars, in simulated time: Exchange's budget (paced by the
 * rate it answers to) would make it take hours of real time. The clock moves in steps of a second (virtual-time.ts).
 */
export async function planMailboxes(url: string, mailboxes: number): Promise<QuotaPhase> {
  const time = new VirtualTime(url, 1000);
  const h = harness(url, { time });
  return measure(h, async () => {
    const plan = await planRun({ tenants: [mailboxTenant(mailboxes)], clientsFor: h.clientsFor, kinds });
    return { changes: plan.tenants.reduce((n, t) => n + t.changes.length, 0), errors: planErrors(plan) };
  }, time);
}
