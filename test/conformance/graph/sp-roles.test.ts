// Conformance: a directory role assigned to a service principal — principalId is "the identifier of the principal to
// which the assignment is granted" (api-reference/v1.0/api/rbacapplication-post-roleassignments.md), found by
// `GET /servicePrincipals?$filter=appId eq '{appId}'` (api-reference/v1.0/api/serviceprincipal-list.md); the
// assignment lists under `$filter=principalId eq`, and goes when the service principal goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeServicePrincipal } from '../../../src/emulator/graph/service-principals.js';
import { conformanceSeed, startConformance, type Conformance } from './kit.js';
import { CONTOSO } from '../../support/seed.js';

// Exchange Administrator's template id (MicrosoftDocs/entra-docs permissions-reference.md).
const EXCHANGE_ADMIN = '29232cdf-9323-42fd-ade2-1d097af3e4de';
const PARTNER_APP = 'a0000000-0000-4000-8000-00000000000a';
const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

let c: Conformance;
beforeAll(async () => {
  const seed = conformanceSeed();
  seed.tenants[0]!.servicePrincipals = [{ appId: PARTNER_APP, displayName: 'tenantform', roles: ['User.Read.All'] }];
  c = await startConformance(seed);
});
afterAll(async () => { await c.emu.close(); });

describe('role assignments of a service principal', () => {
  it('finds the service principal by appId, assigns it a role at directory scope, lists it, and drops it with the principal', async () => {
    const found = await c.call('GET', `/servicePrincipals?$filter=appId eq '${PARTNER_APP}'&$select=id,appId`);
    expect(found.status).toBe(200);
    const [sp] = found.body.value as { id: string; appId: string }[];
    expect(sp).toMatchObject({ appId: PARTNER_APP });
    const created = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: EXCHANGE_ADMIN, principalId: sp!.id, directoryScopeId: '/' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ roleDefinitionId: EXCHANGE_ADMIN, principalId: sp!.id, directoryScopeId: '/' });
    const again = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: EXCHANGE_ADMIN, principalId: sp!.id, directoryScopeId: '/' });
    expect(again.status).toBe(400);
    const listed = await c.call('GET', `${ASSIGNMENTS}?$filter=principalId eq '${sp!.id}'`);
    expect((listed.body.value as { id: string }[]).map((a) => a.id)).toEqual([created.body.id]);
    removeServicePrincipal(c.emu.state.tenants.get(CONTOSO)!, PARTNER_APP);
    expect((await c.call('GET', `${ASSIGNMENTS}?$filter=principalId eq '${sp!.id}'`)).body.value).toEqual([]);
  });

  it('an id that is no user, group or service principal is 404', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: EXCHANGE_ADMIN, principalId: 'f0000000-0000-4000-8000-0000000000f9', directoryScopeId: '/' });
    expect(r.status).toBe(404);
  });
});
