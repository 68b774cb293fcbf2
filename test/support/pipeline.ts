// Plan, apply and export through the real engine and every kind, over the product's clients against the emulator:
// what a run of tenantform does, without the command line. Nothing here decides what a plan holds.
import { expect } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MutableRequestCounter } from '../../src/clients/counter.js';
import { createRequestCounter } from '../../src/clients/counter.js';
import type { Clients } from '../../src/clients/types.js';
import { loadTenants } from '../../src/config/index.js';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan, type ApplyLogEntry, type ApplySummary } from '../../src/engine/apply.js';
import { exportTenant, writeExport, type TenantExport } from '../../src/engine/export.js';
import { planTenant } from '../../src/engine/plan-tenant.js';
import { planRun } from '../../src/engine/run.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { kinds as allKinds } from '../../src/kinds/index.js';
import { sealPlan } from '../../src/plan/digest.js';
import { PLAN_FORMAT_VERSION, type Diagnostic, type Plan, type TenantPlan } from '../../src/plan/types.js';
import { clientsFor, type ClientsOptions } from './clients.js';
import { CONTOSO } from './seed.js';

export interface DriverOptions extends ClientsOptions {
  secret?: (name: string) => string;
  log?: (entry: ApplyLogEntry) => void;
  /** The clients' fetch, for tests that break responses on the way. */
  fetch?: typeof fetch;
}

/** Plan and apply one tenant with every kind; the clients count into one counter. */
export function driver(emu: RunningEmulator, o: DriverOptions = {}, tenantId = CONTOSO) {
  const counter = o.counter ?? createRequestCounter();
  const transport = o.fetch ? { ...o.transport, fetch: o.fetch } : o.transport;
  const clients = () => clientsFor(emu, tenantId, { ...o, counter, transport });
  return {
    counter,
    plan: (t: LoadedTenant): Promise<Plan> => planRun({ tenants: [t], clientsFor: clients, kinds: allKinds }),
    apply: (plan: Plan, t: LoadedTenant): Promise<ApplySummary> =>
      applyPlan({ plan, tenants: [t], clientsFor: clients, kinds: allKinds, log: o.log ?? (() => {}), secret: o.secret ?? ((n) => { throw new Error(`no ${n}`); }) }),
  };
}

/** A plan of one tenant with the given kinds. */
export function planWith(kinds: Kind[], loaded: LoadedTenant, clients: Clients): Promise<TenantPlan> {
  return planTenant({ loaded, clients, kinds });
}

/** Applies one tenant's plan, sealed as `tenantform plan` would save it. */
export function applyWith(kinds: Kind[], loaded: LoadedTenant, tp: TenantPlan, clients: Clients): Promise<ApplySummary> {
  const p: Plan = sealPlan({
    formatVersion: PLAN_FORMAT_VERSION, createdAt: '', source: { commit: null, dirty: false }, tenants: [tp],
    summary: { create: 0, update: 0, delete: 0, replace: 0, tenants: 1, errored: 0 },
  });
  return applyPlan({ plan: p, tenants: [loaded], clientsFor: async () => clients, kinds, log: () => undefined });
}

/** Applies one tenant's plan with the given kinds, failing the test on any change that failed. */
export async function applyClean(kinds: Kind[], loaded: LoadedTenant, tp: TenantPlan, clients: Clients): Promise<void> {
  expect((await applyWith(kinds, loaded, tp, clients)).tenants[0]!.failed).toEqual([]);
}

export const only = (plan: Plan): TenantPlan => plan.tenants[0]!;

export const summary = (tp: TenantPlan): string[] => tp.changes.map((c) => `${c.action} ${c.address} (${c.reason})`);
export const changeList = summary;

/** `action address` of each change of the plan's first tenant. */
export const addresses = (p: Plan): string[] => only(p).changes.map((c) => `${c.action} ${c.address}`);

/** The error diagnostics of the plan's first tenant. */
export const errors = (p: Plan): string[] => only(p).diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary);

export interface RoundTrip {
  exported: TenantExport;
  files: Record<string, string>;
  diagnostics: Diagnostic[];
  plan: TenantPlan;
}

/**
 * Export → write → loadTenants → planTenant, in a temp folder removed afterwards; requests count into `counter`. An
 * export that does not load is an error that quotes the loader's diagnostics.
 */
export async function roundTrip(emu: RunningEmulator, name: string, tenantId: string, counter?: MutableRequestCounter): Promise<RoundTrip> {
  const root = await mkdtemp(join(tmpdir(), 'tenantform-export-'));
  try {
    const exported = await exportTenant({ clients: clientsFor(emu, tenantId, { counter }), kinds: allKinds, tenant: { name, tenantId } });
    const dir = join(root, 'tenants', name);
    await writeExport(dir, exported);
    const files: Record<string, string> = {};
    for (const f of (await readdir(dir)).sort()) files[f] = await readFile(join(dir, f), 'utf8');
    const loaded = await loadTenants({ dir: join(root, 'tenants'), repoRoot: root, kinds: allKinds });
    const tenant = loaded.tenants[0];
    if (!tenant) throw new Error(`the export of ${name} does not load: ${JSON.stringify(loaded.diagnostics)}`);
    const plan = await planTenant({ loaded: tenant, clients: clientsFor(emu, tenantId, { counter }), kinds: allKinds });
    return { exported, files, diagnostics: loaded.diagnostics, plan };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** GUIDs in the output other than the allowed ones (tenant id, subscription ids) and appIds, which are natural keys. */
export function strayGuids(files: Record<string, string>, allowed: string[]): string[] {
  const ok = new Set(allowed.map((a) => a.toLowerCase()));
  return Object.values(files).flatMap((text) =>
    (text.replace(new RegExp(`servicePrincipal:${GUID.source}`, 'gi'), '').match(GUID) ?? []).filter((g) => !ok.has(g.toLowerCase())),
  );
}
