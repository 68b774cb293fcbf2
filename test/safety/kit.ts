// Shared fixtures of the safety tests: a seeded estate, a randomized desired state built from a seed, plan/apply
// through the real engine and clients over HTTP, and counts taken from the emulator's own state.
import { createClients, createRequestCounter, type MutableRequestCounter } from '../../src/clients/index.js';
import type { GroupSpec, LoadedTenant, UserSpec } from '../../src/config/model.js';
import { applyPlan, type ApplyLogEntry, type ApplySummary } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { Prng } from '../../src/emulator/faults.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan } from '../../src/plan/types.js';
import { loadedTenant, TENANT, tenantState } from '../e2e/entra-kit.js';
import { emulatorClock } from '../support/clock.js';

export { seed, loadedTenant, TENANT, tenantState, only } from '../e2e/entra-kit.js';

export interface DriverOptions {
  counter?: MutableRequestCounter;
  debug?: (line: string) => void;
  secret?: (name: string) => string;
  log?: (entry: ApplyLogEntry) => void;
  fetch?: typeof fetch;
}

export function driver(emu: RunningEmulator, o: DriverOptions = {}) {
  const counter = o.counter ?? createRequestCounter();
  // Retry backoff and read-after-create waits move the emulator's clock instead of passing real time.
  const transport = o.fetch ? { fetch: o.fetch } : {};
  const clientsFor = () => createClients({ tenantId: TENANT, emulatorUrl: emu.url, transport, clock: emulatorClock(emu), counter, debug: o.debug });
  return {
    counter,
    plan: (t: LoadedTenant): Promise<Plan> => planRun({ tenants: [t], clientsFor, kinds }),
    apply: (plan: Plan, t: LoadedTenant): Promise<ApplySummary> =>
      applyPlan({ plan, tenants: [t], clientsFor, kinds, log: o.log ?? (() => {}), secret: o.secret ?? ((n) => { throw new Error(`no ${n}`); }) }),
  };
}

/** A desired estate drawn from a seed: existing users changed, new users, an absent user, groups nesting users. */
export function randomEstate(seedValue: number, size = 8): { tenant: LoadedTenant; absent: string[] } {
  const rng = new Prng(seedValue);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const titles = ['Analyst', 'Controller', 'Buyer', 'Clerk', 'Lead'];
  const users: UserSpec[] = [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: pick(titles), usageLocation: 'SE' },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: pick(['Finance', 'Sales']) },
    { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
  ];
  const fresh: string[] = [];
  for (let i = 0; i < size; i++) {
    const upn = `u${seedValue}-${i}@contoso.com`;
    fresh.push(upn);
    users.push({ userPrincipalName: upn, displayName: `User ${i}`, jobTitle: pick(titles), usageLocation: 'SE', ...(i > 0 && rng.next() < 0.3 ? { manager: fresh[0] } : {}) });
  }
  const groups: GroupSpec[] = [];
  for (let g = 0; g < Math.max(2, size / 3); g++) {
    const members = fresh.filter(() => rng.next() < 0.4);
    groups.push({ mailNickname: `team-${seedValue}-${g}`, displayName: `Team ${g}`, members: [...members, ...(g > 0 && rng.next() < 0.5 ? [`group:team-${seedValue}-0`] : [])] });
  }
  groups.push({ mailNickname: 'finance', displayName: 'Finance', members: ['carol@contoso.com', fresh[1] ?? 'bob@contoso.com'] });
  return { tenant: loadedTenant({ users, groups }), absent: ['user:olduser@contoso.com'] };
}

/** Live users and groups counted by their natural key in the emulator's state: any count above 1 is a duplicate. */
export function duplicates(emu: RunningEmulator): string[] {
  const t = tenantState(emu);
  const counts = new Map<string, number>();
  const bump = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const u of t.users.values()) bump(`user:${String(u.props.userPrincipalName).toLowerCase()}`);
  for (const g of t.groups.values()) bump(`group:${String(g.props.mailNickname).toLowerCase()}`);
  return [...counts].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}

export async function setFaults(emu: RunningEmulator, spec: string | null): Promise<void> {
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec }) });
  if (res.status !== 204) throw new Error(`setting faults failed: ${res.status} ${await res.text()}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
