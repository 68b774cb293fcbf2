import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { addUser, type UserObject } from '../../src/emulator/state.js';
import { startAzure, type World } from '../support/clients.js';
import { callAs as call } from '../support/http.js';
import { CONTOSO, PARTNER, SUB } from '../support/seed.js';

const ARM = 'https://management.azure.com' as const;
const V = 'api-version=2022-04-01';
const RA = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`;
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

let w: World;
beforeAll(async () => { w = await startAzure({ pageSize: 1, replicationDelayMs: 60_000 }); });
afterAll(async () => { await w.close(); });
const arm = (method: string, path: string, body?: unknown) => call(w.url, CONTOSO, ARM, method, path, body);
async function listAll(path: string): Promise<{ properties: { principalType: string; scope: string; roleDefinitionId: string } }[]> {
  const out: { properties: { principalType: string; scope: string; roleDefinitionId: string } }[] = [];
  for (let next: string | undefined = path; next;) {
    const page = await arm('GET', next);
    out.push(...(page.body.value as typeof out));
    next = (page.body.nextLink as string | undefined)?.slice(w.url.length);
  }
  return out;
}
const userId = (upn: string) => w.server.state.tenants.get(CONTOSO)?.upnIndex.get(upn) as string;

describe('ARM role definitions', () => {
  it('finds built-ins by roleName with their real ids', async () => {
    const r = await arm('GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?${V}&$filter=roleName eq 'Contributor'`);
    expect(r.status).toBe(200);
    expect(r.body.value).toHaveLength(1);
    expect(r.body.value[0].name).toBe('b24988ac-6180-42a0-ab88-20f7382dd24c');
    expect(r.body.value[0].properties).toMatchObject({ roleName: 'Contributor', type: 'BuiltInRole' });
  });

  it('creates a custom role and refuses a duplicate name', async () => {
    const id = randomUUID();
    const body = { properties: { roleName: 'VM Operator', description: 'start/stop', assignableScopes: [`/subscriptions/${SUB}`], permissions: [{ actions: ['Microsoft.Compute/virtualMachines/start/action'], notActions: [] }] } };
    expect((await arm('PUT', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}?${V}`, body)).status).toBe(201);
    const found = await arm('GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions?${V}&$filter=roleName eq 'VM Operator'`);
    expect(found.body.value[0].properties.type).toBe('CustomRole');
    const dup = await arm('PUT', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${randomUUID()}?${V}`, body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RoleDefinitionWithSameNameExists');
  });

  it('requires api-version', async () => {
    const r = await arm('GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('MissingApiVersionParameter');
  });
});

describe('ARM role assignments', () => {
  it('lists the seeded CSP Admin Agents foreign group as Owner, and pages with nextLink', async () => {
    // Page size 1: bob's Reader on rg-web, Admin Agents, and the two apps' roles on the subscription (tenantform's
    // User Access Administrator, the test app's Owner), one per page.
    const first = await arm('GET', `${RA}?${V}`);
    expect(first.status).toBe(200);
    expect(first.body.value).toHaveLength(1);
    expect(first.body.nextLink).toMatch(/\$skiptoken=1/);
    const both = await listAll(`${RA}?${V}`);
    expect(both.map((a) => a.properties.principalType).sort()).toEqual(['ForeignGroup', 'ServicePrincipal', 'ServicePrincipal', 'User']);
    const all = await listAll(`${RA}?${V}&$filter=atScope()`);
    expect(all).toHaveLength(3);
    const foreign = all.find((a) => a.properties.principalType === 'ForeignGroup');
    expect(foreign?.properties.roleDefinitionId).toMatch(/8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/);
    expect(all.some((a) => a.properties.scope.includes('rg-web'))).toBe(false);
  });

  it('creates (201), refuses a duplicate (409 RoleAssignmentExists), deletes (200, then 204)', async () => {
    const name = randomUUID();
    const body = { properties: { roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: userId('alice@contoso.com') } };
    const rg = `/subscriptions/${SUB}/resourceGroups/rg-finance/providers/Microsoft.Authorization/roleAssignments`;
    const created = await arm('PUT', `${rg}/${name}?${V}`, body);
    expect(created.status).toBe(201);
    expect(created.body.properties).toMatchObject({ principalType: 'User', scope: `/subscriptions/${SUB}/resourceGroups/rg-finance` });
    const dup = await arm('PUT', `${rg}/${randomUUID()}?${V}`, body);
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('RoleAssignmentExists');
    expect((await arm('DELETE', `${rg}/${name}?${V}`)).status).toBe(200);
    expect((await arm('DELETE', `${rg}/${name}?${V}`)).status).toBe(204);
  });

  it('answers PrincipalNotFound for a principal inside the replication window unless principalType is set', async () => {
    const tenant = w.server.state.tenants.get(CONTOSO);
    const id = randomUUID();
    addUser(tenant!, { id, kind: 'user', props: { userPrincipalName: 'new@contoso.com' }, licenses: [], createdMs: w.server.state.clock.now(), version: 1 } as UserObject);
    const def = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
    const miss = await arm('PUT', `${RA}/${randomUUID()}?${V}`, { properties: { roleDefinitionId: def, principalId: id } });
    expect(miss.status).toBe(400);
    expect(miss.body.error.code).toBe('PrincipalNotFound');
    const ok = await arm('PUT', `${RA}/${randomUUID()}?${V}`, { properties: { roleDefinitionId: def, principalId: id, principalType: 'User' } });
    expect(ok.status).toBe(201);
  });

  it('rejects unknown resource groups, unknown subscriptions and other tenants\' subscriptions', async () => {
    expect((await arm('GET', `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.Authorization/roleAssignments?${V}`)).body.error.code).toBe('ResourceGroupNotFound');
    expect((await arm('GET', `/subscriptions/${randomUUID()}/providers/Microsoft.Authorization/roleAssignments?${V}`)).status).toBe(404);
    const other = await call(w.url, PARTNER, ARM, 'GET', `${RA}?${V}`);
    expect(other.status).toBe(401);
    expect(other.body.error.code).toBe('InvalidAuthenticationTokenTenant');
  });
});

describe('Partner Admin Link', () => {
  const link = (id: string) => `/providers/Microsoft.ManagementPartner/partners/${id}?api-version=2018-02-01`;
  it('is absent (404), created by PUT, moved by PATCH, refused on a second PUT, deleted', async () => {
    expect((await arm('GET', link('4711001'))).status).toBe(404);
    const put = await arm('PUT', link('4711001'));
    expect(put.status).toBe(200);
    expect(put.body.properties).toMatchObject({ partnerId: '4711001', partnerName: 'Fabrikam CSP', tenantId: CONTOSO, state: 'Active' });
    expect((await arm('PUT', link('999'))).status).toBe(409);
    const patched = await arm('PATCH', link('999'));
    expect(patched.body.properties).toMatchObject({ partnerId: '999', version: 2 });
    expect((await arm('GET', '/providers/Microsoft.ManagementPartner/partners?api-version=2018-02-01')).body.name).toBe('999');
    expect((await arm('DELETE', link('999'))).status).toBe(200);
    expect((await arm('GET', link('999'))).body.error.code).toBe('PartnerNotFound');
    expect((await arm('PUT', link('abc'))).status).toBe(400);
  });
});
