// The demo: the example tenants (tenants/) planned through the engine against the demo seed over HTTP. The first
// plan shows exactly the advertised drift for the Entra kinds and the seats; the plan buys the missing Business
// Premium seat itself (partner.seats) before licensing the tenth user, and apply → plan converges to zero changes.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClients } from '../../src/clients/index.js';
import { loadTenants } from '../../src/config/index.js';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { kinds } from '../../src/kinds/index.js';
import type { Plan, TenantPlan } from '../../src/plan/types.js';
import { copyExamples } from '../support/examples.js';
import { DEMO_SEED } from '../support/examples.js';
import { emulatorClock } from '../support/clock.js';
import { NOW } from '../support/folders.js';

const ENTRA = new Set(['user', 'license', 'group', 'membership', 'directoryRole', 'seats']);
const entraKinds = kinds.filter((k) => ENTRA.has(k.kind));

const examples = copyExamples();
let emu: RunningEmulator;
let tenants: LoadedTenant[];

beforeAll(async () => {
  emu = await startEmulator({ seed: DEMO_SEED, throttling: false });
  tenants = (await loadTenants({ dir: examples.dir, repoRoot: examples.root, now: NOW, kinds })).tenants;
});
afterAll(async () => {
  await emu.close();
  examples.remove();
});

const clientsFor = (t: LoadedTenant) => createClients({
  tenantId: t.config.tenant.tenantId, emulatorUrl: emu.url, partnerTenantId: emu.state.partner?.tenantId, clock: emulatorClock(emu),
});
const plan = (): Promise<Plan> => planRun({ tenants, clientsFor, kinds: entraKinds });
const byName = (p: Plan, name: string): TenantPlan => p.tenants.find((t) => t.name === name)!;

function changesOf(tp: TenantPlan): string[] {
  return tp.changes.map((c) => {
    const fields = c.fields.map((f) => (f.added || f.removed ? `${f.path} +[${String(f.added ?? [])}] -[${String(f.removed ?? [])}]` : f.path));
    return `${c.action} ${c.address}${c.action === 'update' ? ` ${fields.join(' ')}` : ''}`;
  });
}

it('plans exactly the advertised drift, buys the missing seat before licensing, then converges', async () => {
  const first = await plan();
  // Every change is addressed with its kind's described prefix (`KindSpec.prefix`).
  const prefix = new Map(kinds.map((k) => [k.kind, k.prefix]));
  for (const c of first.tenants.flatMap((t) => t.changes)) expect(`${c.kind} ${c.address.split(':')[0]}`).toBe(`${c.kind} ${prefix.get(c.kind)}`);
  expect(byName(first, 'contoso-dental')).toMatchObject({ status: 'in_sync', changes: [], diagnostics: [] });

  const fabrikam = byName(first, 'fabrikam-logistics');
  expect(fabrikam.status).toBe('changes');
  expect(fabrikam.diagnostics).toEqual([]);
  expect(changesOf(fabrikam)).toEqual([
    'create user:nora.sjogren@fabrikamlogistics.com',
    'update membership:azure-admins members +[] -[user:ida.wallin@fabrikamlogistics.com]',
    // The new hire joins the licensing group declared for her: part of her creation, not a drift of its own.
    'update membership:lic-exchange-kiosk members +[user:nora.sjogren@fabrikamlogistics.com] -[]',
  ]);

  const northwind = byName(first, 'northwind-law');
  expect(changesOf(northwind)).toEqual([
    'update user:rachel.kim@northwindlaw.com jobTitle',
    // The tenth SPB user could not be licensed for want of a seat; the YAML declares ten seats, so the plan buys one.
    'create license:marcus.bell@northwindlaw.com/SPB',
    'update seats:SPB quantity',
  ]);
  expect(northwind.changes[0]!.fields).toEqual([{ path: 'jobTitle', before: 'Associate', after: 'Senior Associate' }]);
  expect(northwind.status).toBe('changes');
  expect(northwind.diagnostics).toEqual([]);
  const license = northwind.changes.find((c) => c.kind === 'license')!;
  const seats = northwind.changes.find((c) => c.kind === 'seats')!;
  expect(license.dependsOn).toContain(seats.id);
  expect(first.summary).toMatchObject({ errored: 0, create: 2, update: 4 });

  const second = first;
  const applied = await applyPlan({ plan: second, tenants, clientsFor, kinds: entraKinds, log: () => {} });
  expect(applied.status).toBe('success');
  expect(applied.tenants.flatMap((t) => [...t.failed, ...t.skipped])).toEqual([]);

  const third = await plan();
  expect(third.tenants.map((t) => [t.name, t.status, t.changes.length, t.diagnostics.length])).toEqual([
    ['contoso-dental', 'in_sync', 0, 0], ['fabrikam-logistics', 'in_sync', 0, 0], ['northwind-law', 'in_sync', 0, 0],
  ]);
});
