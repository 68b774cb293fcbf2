// tenantform never plans removing its own access. Fabrikam's example prunes Azure role assignments; its YAML
// declares tenantform's own User Access Administrator assignment. With that line removed, prune still removes an
// undeclared assignment of another service principal, but keeps tenantform's (its service principal is the `oid` of
// its app-only token: "the verified identity of the user or service principal",
// https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference), and the next plan still reads
// ARM with it. `ensure: absent` on tenantform's own assignment is refused at its YAML line, and nothing is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_APP, createClients } from '../../src/clients/index.js';
import { loadTenants } from '../../src/config/index.js';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { armModel } from '../../src/emulator/arm/model.js';
import { servicePrincipals } from '../../src/emulator/graph/service-principals.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { NOW } from '../support/folders.js';
import { emulatorClock } from '../support/clock.js';
import { copyExamples, DEMO_SEED, type ExampleRepo } from '../support/examples.js';
import { startEmulator } from '../support/world.js';

const OWN_LINE = `        - { principal: "servicePrincipal:${EMULATOR_APP.clientId}", role: User Access Administrator }\n`;
const WEBSITE_LINE = '        - { principal: "servicePrincipal:5d7b3a2c-91e4-4c6f-8a1d-2f3e4b5c6d7e", role: Website Contributor, scope: /resourceGroups/rg-web }\n';
const azureKinds = kinds.filter((k) => k.kind === 'azureRoleAssignment');

let emu: RunningEmulator;
let repo: ExampleRepo;
beforeEach(async () => {
  emu = await startEmulator({ seed: DEMO_SEED, throttling: false });
  repo = copyExamples(['fabrikam-logistics']);
});
afterEach(async () => {
  await emu.close();
  repo.remove();
});

const azureFile = () => join(repo.dir, 'fabrikam-logistics', 'azure.yaml');
function editAzure(edit: (text: string) => string): void {
  const text = readFileSync(azureFile(), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  writeFileSync(azureFile(), edited);
}

const load = async (): Promise<LoadedTenant[]> => (await loadTenants({ dir: repo.dir, repoRoot: repo.root, now: NOW, kinds })).tenants;
const clientsFor = (t: LoadedTenant) => createClients({ tenantId: t.config.tenant.tenantId, emulatorUrl: emu.url, clock: emulatorClock(emu) });
const plan = async (tenants: LoadedTenant[]): Promise<TenantPlan> => (await planRun({ tenants, clientsFor, kinds: azureKinds, now: NOW })).tenants[0]!;
const apply = async (tenants: LoadedTenant[]) => applyPlan({
  plan: await planRun({ tenants, clientsFor, kinds: azureKinds, now: NOW }), tenants, clientsFor, kinds: azureKinds, log: () => {},
  secret: (n) => { throw new Error(`no ${n}`); },
});

const fabrikam = () => [...emu.state.tenants.values()].find((t) => t.displayName.startsWith('Fabrikam'))!;
/** tenantform's service principal in Fabrikam: the principal its tokens name. */
const ownId = () => servicePrincipals(fabrikam()).find((p) => p.appId === EMULATOR_APP.clientId)!.id;
/** The live ARM assignments of tenantform's service principal in Fabrikam. */
const ownAssignments = (): string[] => armModel(emu.state, fabrikam()).assignments.filter((a) => a.principalId === ownId()).map((a) => a.name);
const deletedPrincipals = (tp: TenantPlan) => tp.changes.filter((c) => c.action === 'delete').map((c) => c.before?.principalId);

describe("tenantform's own access under prune", () => {
  it('is never a prune candidate, while another undeclared service principal is pruned', async () => {
    editAzure((t) => t.replace(OWN_LINE, '').replace(WEBSITE_LINE, ''));
    const tenants = await load();
    const first = await plan(tenants);
    // The website identity's assignment goes (and the test world's own apps'); tenantform's User Access Administrator stays.
    expect(first.changes.filter((c) => c.action === 'delete').map((c) => c.before?.role)).toContain('Website Contributor');
    expect(deletedPrincipals(first)).not.toContain(ownId());
    expect(first.diagnostics).toContainEqual(expect.objectContaining({
      severity: 'info', summary: "1 undeclared azureRoleAssignment object(s) give tenantform its own access and are never pruned",
    }));

    const own = ownAssignments();
    expect(own).toHaveLength(1);
    const summary = await apply(tenants);
    expect(summary.tenants[0]).toMatchObject({ status: 'applied' });
    expect(ownAssignments()).toEqual(own);
    // ARM still answers tenantform: the next plan reads, keeps its access, and has nothing left to do.
    const again = await plan(tenants);
    expect(again).toMatchObject({ status: 'in_sync', changes: [] });
  });

  it('refuses ensure: absent on its own assignment at the YAML line, and writes nothing', async () => {
    editAzure((t) => t.replace(OWN_LINE, OWN_LINE.replace('role: User Access Administrator }', 'role: User Access Administrator, ensure: absent }')));
    const tenants = await load();
    const first = await plan(tenants);
    expect(first.status).toBe('error');
    expect(deletedPrincipals(first)).not.toContain(ownId());
    const own = first.diagnostics.find((d) => d.severity === 'error');
    expect(own).toMatchObject({
      summary: expect.stringContaining("tenantform's own access (its service principal in this tenant); tenantform does not remove it"),
      path: 'azure.subscriptions[0].roleAssignments[5]', file: expect.stringMatching(/azure\.yaml$/), line: 15,
    });
    const before = ownAssignments();
    const summary = await apply(tenants);
    expect(summary.tenants[0]?.status).not.toBe('applied');
    expect(ownAssignments()).toEqual(before);
  });
});
