// Least privilege: an app granted exactly what `tenantform permissions` lists for a tenant's kinds can plan (the
// `plan` grants) and apply (the `apply` grants) that tenant against the emulator, which enforces the roles in its
// tokens; without any one listed Graph permission the plan or the apply fails with the service's 403 text.
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedTenant } from '../../src/config/model.js';
import type { ApplySummary } from '../../src/engine/apply.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import type { Plan } from '../../src/plan/types.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { entraSeed } from '../support/seed.js';
import { driver, errors } from '../support/pipeline.js';

const SECRET = 'app-secret-value';
const READER = 'a11ce000-0000-4000-8000-000000000001';
const WRITER = 'a11ce000-0000-4000-8000-000000000002';
const DENIED = 'graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.';

/** Users changed, created and deleted; a license; a new group; a membership; a directory role. */
const tenant: LoadedTenant = loadedTenant({
  users: [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller', usageLocation: 'SE', roles: ['User Administrator'] },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
    { userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek', usageLocation: 'SE' },
    { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
  ],
  groups: [
    { mailNickname: 'finance', displayName: 'Finance', members: ['bob@contoso.com', 'carol@contoso.com', 'alice@contoso.com'] },
    { mailNickname: 'sales', displayName: 'Sales', members: ['erin@contoso.com'] },
  ],
} as Parameters<typeof loadedTenant>[0]);

const needs = permissionsFor([tenant.config]);

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** An emulator whose tenant knows one app per name, each granted exactly the listed roles. */
async function world(apps: Record<string, string[]>): Promise<RunningEmulator> {
  const doc = entraSeed();
  doc.tenants[0]!.apps = Object.entries(apps).map(([clientId, roles]) => ({ clientId, clientSecret: SECRET, roles }));
  emu = await startEmulator({ seed: withTenantform(doc) });
  return emu;
}

function as(e: RunningEmulator, clientId: string) {
  const d = driver(e, { credentials: { clientId, secret: SECRET }, secret: () => 'Initial-Passw0rd!' });
  return { plan: (): Promise<Plan> => d.plan(tenant), apply: (plan: Plan): Promise<ApplySummary> => d.apply(plan, tenant) };
}

describe('least privilege', () => {
  it('lists read grants for plan and write grants for apply', () => {
    expect(needs.kinds).toEqual(['directoryRole', 'group', 'license', 'membership', 'user']);
    expect(needs.plan.graph).toEqual(['Group.Read.All', 'Organization.Read.All', 'RoleManagement.Read.Directory', 'User.Read.All']);
    expect(needs.apply.graph).toEqual(['Group.ReadWrite.All', 'Organization.Read.All', 'RoleManagement.ReadWrite.Directory', 'User.ReadWrite.All']);
  });

  it('plans with exactly the plan grants, and cannot apply with them: every write fails with the 403 text', async () => {
    const e = await world({ [READER]: needs.plan.graph });
    const reader = as(e, READER);
    const plan = await reader.plan();
    expect(errors(plan)).toEqual([]);
    expect(plan.tenants[0]!.status).toBe('changes');
    const summary = await reader.apply(plan);
    const t = summary.tenants[0]!;
    expect(t.completed).toEqual([]);
    expect(t.failed.length).toBeGreaterThan(0);
    for (const f of t.failed) expect(f.error).toContain('403 Authorization_RequestDenied: Insufficient privileges to complete the operation.');
  });

  it('applies with exactly the apply grants and converges', async () => {
    const e = await world({ [WRITER]: needs.apply.graph });
    const writer = as(e, WRITER);
    const plan = await writer.plan();
    expect(errors(plan)).toEqual([]);
    const summary = await writer.apply(plan);
    expect(summary.tenants[0]!.failed).toEqual([]);
    expect(summary.tenants[0]!.status).toBe('applied');
    const again = await writer.plan();
    expect(again.tenants[0]!.status).toBe('in_sync');
  });

  it.each(needs.plan.graph)('plan without %s makes the tenant errored with the 403 text', async (missing) => {
    const e = await world({ [READER]: needs.plan.graph.filter((p) => p !== missing) });
    const plan = await as(e, READER).plan();
    expect(plan.tenants[0]!.status).toBe('error');
    expect(errors(plan).join('\n')).toContain(DENIED);
  });

  it.each(needs.apply.graph)('apply without %s fails the plan or a change with the 403 text', async (missing) => {
    const e = await world({ [WRITER]: needs.apply.graph.filter((p) => p !== missing) });
    const writer = as(e, WRITER);
    const plan = await writer.plan();
    if (plan.tenants[0]!.status === 'error') {
      expect(errors(plan).join('\n')).toContain(DENIED);
      return;
    }
    const failed = (await writer.apply(plan)).tenants[0]!.failed;
    expect(failed.map((f) => f.error).join('\n')).toContain('403 Authorization_RequestDenied');
  });

  // Strict without any opt-in: an app the tenant does not know gets no token, so nothing is read at all.
  // AADSTS700016: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
  it('refuses an app the tenant does not know, with no opt-in in the seed', async () => {
    const e = await startEmulator({ seed: entraSeed() });
    emu = e;
    const plan = await as(e, 'a11ce000-0000-4000-8000-0000000000ff').plan();
    expect(plan.tenants[0]!.status).toBe('error');
    expect(errors(plan).join('\n')).toContain('AADSTS700016');
  });
});
