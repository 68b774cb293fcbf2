// Benchmark: the plan of a 10,000-user tenant with 1,000 groups (10 members each) against the emulator, through the
// real engine, kinds and clients; one user and one group membership differ so the plan is not empty. Reports the
// requests the plan made (by service) and the time it took.
import { createClients, createRequestCounter } from '../clients/index.js';
import type { LoadedTenant, TenantConfig } from '../config/model.js';
import { startEmulator } from '../emulator/index.js';
import type { SeedDocument } from '../emulator/seed.js';
import { planRun } from '../engine/run.js';
import { kinds } from '../kinds/index.js';
import { withBenchApps } from './access.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000b10c0';
const DOMAIN = 'bench10k.example';

const upn = (i: number): string => `user${i}@${DOMAIN}`;
const membersOf = (g: number, users: number): string[] => Array.from({ length: 10 }, (_, k) => upn((g * 10 + k) % users));

export function seed10k(users: number, groups: number): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Bench 10k', domains: [DOMAIN], skus: [],
      users: Array.from({ length: users }, (_, i) => ({ userPrincipalName: upn(i), displayName: `User ${i}`, department: `D${i % 50}` })),
      groups: Array.from({ length: groups }, (_, g) => ({ displayName: `Group ${g}`, mailNickname: `group${g}`, type: 'security' as const, members: membersOf(g, users) })),
    }],
  };
}

function desired(users: number, groups: number): LoadedTenant {
  const config: TenantConfig = {
    tenant: { name: 'bench10k', tenantId: TENANT, domains: [DOMAIN] },
    users: Array.from({ length: users }, (_, i) => ({ userPrincipalName: upn(i), displayName: `User ${i}`, department: i === 0 ? 'Changed' : `D${i % 50}` })),
    groups: Array.from({ length: groups }, (_, g) => ({
      mailNickname: `group${g}`, displayName: `Group ${g}`, type: 'security' as const, members: g === 0 ? membersOf(g, users).slice(1) : membersOf(g, users),
    })),
  } as TenantConfig;
  return { name: 'bench10k', dir: 'tenants/bench10k', config, files: [], diagnostics: [], locate: () => undefined };
}

export async function benchPlan10k(users = 10_000, groups = 1_000): Promise<Record<string, number | string>> {
  const emu = await startEmulator({ seed: withBenchApps(seed10k(users, groups)), throttling: true });
  try {
    const counter = createRequestCounter();
    const started = performance.now();
    const plan = await planRun({ tenants: [desired(users, groups)], clientsFor: () => createClients({ tenantId: TENANT, emulatorUrl: emu.url, counter }), kinds });
    const ms = Math.round(performance.now() - started);
    const tp = plan.tenants[0];
    if (tp?.status !== 'changes') throw new Error(`plan-10k: expected changes, got ${tp?.status}: ${JSON.stringify(tp?.diagnostics)}`);
    return {
      users, groups, changes: tp.changes.length, requests: counter.total(),
      byService: Object.entries(counter.snapshot()).map(([k, v]) => `${k}=${String(v)}`).join(' '), ms,
    };
  } finally {
    await emu.close();
  }
}
