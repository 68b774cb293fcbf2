// Fixtures of the export tests: export a live emulator tenant into a temp folder, load it back with the real loader,
// and plan it with every kind over HTTP.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClients } from '../../src/clients/index.js';
import type { Clients } from '../../src/clients/types.js';
import { loadTenants } from '../../src/config/index.js';
import type { Diagnostic, TenantPlan } from '../../src/plan/types.js';
import { exportTenant, writeExport, type TenantExport } from '../../src/engine/export.js';
import { planTenant } from '../../src/engine/plan-tenant.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import type { CliDeps } from '../../src/cli/common.js';
import { connect } from '../../src/cli/connect.js';
import { emulatorClock } from '../support/clock.js';

/**
 * Clients for a customer tenant; the seed's partner tenant (if any) is reached for GDAP and Partner Center. Their waits
 * move the emulator's clock instead of passing real time.
 */
export const clientsOf = (emu: RunningEmulator, tenantId: string): Clients =>
  createClients({ tenantId, emulatorUrl: emu.url, clock: emulatorClock(emu), partnerTenantId: emu.state.partner?.tenantId });

export interface RoundTrip {
  exported: TenantExport;
  files: Record<string, string>;
  diagnostics: Diagnostic[];
  plan: TenantPlan;
}

/** Export → write → loadTenants → planTenant; the temp folder is removed afterwards. */
export async function roundTrip(emu: RunningEmulator, name: string, tenantId: string): Promise<RoundTrip> {
  const root = await mkdtemp(join(tmpdir(), 'tenantform-export-'));
  try {
    const clients = clientsOf(emu, tenantId);
    const exported = await exportTenant({ clients, kinds, tenant: { name, tenantId } });
    const dir = join(root, 'tenants', name);
    await writeExport(dir, exported);
    const files: Record<string, string> = {};
    for (const f of (await readdir(dir)).sort()) files[f] = await readFile(join(dir, f), 'utf8');
    const loaded = await loadTenants({ dir: join(root, 'tenants'), repoRoot: root, kinds });
    const tenant = loaded.tenants[0];
    if (!tenant) return { exported, files, diagnostics: loaded.diagnostics, plan: undefined as unknown as TenantPlan };
    const plan = await planTenant({ loaded: tenant, clients: clientsOf(emu, tenantId), kinds });
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

export const changeList = (plan: TenantPlan): string[] => plan.changes.map((c) => `${c.action} ${c.address} (${c.reason})`);

/** CLI dependencies for the export tests: the real kinds and `connect()`, output to the given sinks, a fixed clock. */
export function exportDeps(sink: { out(t: string): void; err(t: string): void }, env: NodeJS.ProcessEnv = {}): CliDeps {
  return {
    kinds,
    connect: (o) => connect({ ...o, env }),
    out: sink.out,
    err: sink.err,
    isTTY: false,
    interactive: false,
    confirm: async () => false,
    now: () => new Date('2026-11-22T10:00:00Z'),
  };
}
