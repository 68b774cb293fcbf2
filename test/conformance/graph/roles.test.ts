// Conformance: directory role assignments — the scope rule of
// api-reference/v1.0/api/rbacapplication-post-roleassignments.md and the shape of
// api-reference/v1.0/resources/unifiedroleassignment.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConformance, type Conformance } from './kit.js';
import { errorOf } from '../../support/http.js';

// User Administrator's template id (MicrosoftDocs/entra-docs permissions-reference.md).
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

let c: Conformance;
let alice: string;
let bob: string;
beforeAll(async () => {
  c = await startConformance();
  alice = String((await c.call('GET', '/users/alice@contoso.com')).body.id);
  bob = String((await c.call('GET', '/users/bob@contoso.com')).body.id);
});
afterAll(async () => {
  await c.emu.close();
});

describe('POST /roleManagement/directory/roleAssignments (rbacapplication-post-roleassignments.md)', () => {
  it('neither directoryScopeId nor appScopeId: 400, not a tenant-wide assignment ("Either this property or appScopeId is required"; no text published)', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: USER_ADMIN, principalId: alice });
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Request_BadRequest');
    const list = await c.call('GET', `${ASSIGNMENTS}?$filter=principalId eq '${alice}'`);
    expect(list.body.value).toEqual([]);
  });

  it('directoryScopeId null counts as absent: 400', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: USER_ADMIN, principalId: alice, directoryScopeId: null });
    expect(r.status).toBe(400);
  });

  it('directoryScopeId "/" is tenant-wide: 201 with the documented body shape (example 1)', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', roleDefinitionId: USER_ADMIN, principalId: alice, directoryScopeId: '/' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ roleDefinitionId: USER_ADMIN, principalId: alice, directoryScopeId: '/' });
    expect(String(r.body['@odata.context'])).toMatch(/\$metadata#roleManagement\/directory\/roleAssignments\/\$entity$/);
    expect(typeof r.body.id).toBe('string');
  });

  it('an administrative-unit scope is kept as given (example 2)', async () => {
    const scope = '/administrativeUnits/5d107bba-d8e2-4e13-b6ae-884be90e5d1a';
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: USER_ADMIN, principalId: bob, directoryScopeId: scope });
    expect(r.status).toBe(201);
    expect(r.body.directoryScopeId).toBe(scope);
  });

  it('appScopeId (app-specific scopes) is refused as not modelled by the emulator rather than served wrongly', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: USER_ADMIN, principalId: bob, appScopeId: '/' });
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/not supported by the emulator/);
  });

  it('a directoryScopeId that is not a string is refused with 400', async () => {
    const r = await c.call('POST', ASSIGNMENTS, { roleDefinitionId: USER_ADMIN, principalId: bob, directoryScopeId: 7 });
    expect(r.status).toBe(400);
  });

  it('the listed assignment carries the properties of the resource page (unifiedroleassignment.md)', async () => {
    const r = await c.call('GET', `${ASSIGNMENTS}?$filter=principalId eq '${alice}'`);
    const [a] = r.body.value as Record<string, unknown>[];
    expect(Object.keys(a!)).toEqual(expect.arrayContaining(['id', 'appScopeId', 'directoryScopeId', 'principalId', 'roleDefinitionId']));
  });
});
