// Least privilege on the partner tenant: GDAP relationships are read and written on the partner's Graph, so the
// partner app granted exactly the `partnerGraph` grants of `tenantform permissions` plans and applies a gdap
// declaration, and without the write grant the apply fails with the service's 403 text naming the request.
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadedTenant } from '../../src/config/model.js';
import type { ApplySummary } from '../../src/engine/apply.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import type { Plan } from '../../src/plan/types.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { CONTOSO, entraSeed } from '../support/seed.js';
import { driver, errors } from '../support/pipeline.js';

const SECRET = 'partner-app-secret';
const APP = 'a11ce000-0000-4000-8000-0000000000b1';
const PARTNER = '11111111-0000-4000-8000-0000000000b1';

const tenant: LoadedTenant = loadedTenant({
  partner: {
    gdap: [{
      displayName: 'contoso-helpdesk', duration: 'P730D', roles: ['Helpdesk Administrator', 'User Administrator'],
      access: [{ group: 'Partner Helpdesk Agents', roles: ['Helpdesk Administrator'] }],
    }],
  },
} as Parameters<typeof loadedTenant>[0]);

const needs = permissionsFor([tenant.config]);

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/**
 * The partner's app, registered in the partner tenant with the `partnerGraph` grants, and consented into the customer
 * with the customer grants (its service principal there).
 */
async function world(partnerRoles: string[]) {
  const doc = entraSeed();
  doc.tenants[0]!.servicePrincipals = [...(doc.tenants[0]!.servicePrincipals ?? []), { appId: APP, displayName: 'tenantform', roles: needs.apply.graph }];
  doc.partner = {
    tenantId: PARTNER, displayName: 'Fabrikam CSP', domains: ['fabrikamcsp.onmicrosoft.com'], mpnId: '4711001', skus: [],
    groups: [{ displayName: 'Partner Helpdesk Agents', type: 'security' }],
    apps: [{ clientId: APP, clientSecret: SECRET, roles: partnerRoles }],
    customers: [{ tenantId: CONTOSO, companyName: 'Contoso Ltd' }], gdapRelationships: [],
  };
  const e = await startEmulator({ seed: withTenantform(doc) });
  emu = e;
  const d = driver(e, { credentials: { clientId: APP, secret: SECRET, partnerTenantId: PARTNER }, secret: () => 'unused' });
  return { plan: (): Promise<Plan> => d.plan(tenant), apply: (plan: Plan): Promise<ApplySummary> => d.apply(plan, tenant) };
}

describe('least privilege on the partner tenant (GDAP)', () => {
  it('lists the GDAP grants on the partner Graph', () => {
    expect(needs.plan.partnerGraph).toEqual(['DelegatedAdminRelationship.Read.All', 'GroupMember.Read.All']);
    expect(needs.apply.partnerGraph).toEqual(['DelegatedAdminRelationship.ReadWrite.All', 'GroupMember.Read.All']);
  });

  it('plans with exactly the plan grants and applies with exactly the apply grants', async () => {
    const reader = await world(needs.plan.partnerGraph);
    const plan = await reader.plan();
    expect(errors(plan)).toEqual([]);
    expect(plan.tenants[0]!.changes.map((c) => `${c.action} ${c.kind}`)).toEqual(['create gdap']);
    await emu!.close();

    const writer = await world(needs.apply.partnerGraph);
    const fresh = await writer.plan();
    const summary = await writer.apply(fresh);
    expect(summary.tenants[0]!.failed).toEqual([]);
    expect(summary.tenants[0]!.completed).toHaveLength(1);
    expect(emu!.state.partner?.gdapRelationships.map((r) => r.displayName)).toEqual(['contoso-helpdesk']);
  });

  it('fails the apply without DelegatedAdminRelationship.ReadWrite.All, naming the request', async () => {
    const w = await world(needs.apply.partnerGraph.filter((p) => p !== 'DelegatedAdminRelationship.ReadWrite.All').concat('DelegatedAdminRelationship.Read.All'));
    const plan = await w.plan();
    expect(errors(plan)).toEqual([]);
    const t = (await w.apply(plan)).tenants[0]!;
    expect(t.completed).toEqual([]);
    expect(t.failed.map((f) => f.error).join('\n')).toContain(
      'graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (POST /tenantRelationships/delegatedAdminRelationships)',
    );
  });

  it('cannot plan without any GDAP grant', async () => {
    const w = await world(['GroupMember.Read.All']);
    const plan = await w.plan();
    expect(plan.tenants[0]!.status).toBe('error');
    expect(errors(plan).join('\n')).toContain('graph 403 Authorization_RequestDenied');
  });
});
