// Conformance: license assignment rules — direct assignLicense failures and group-based licensing error states.
// Sources: api-reference/v1.0/api/user-assignlicense.md (request, 200 with the user), api-reference/v1.0/api/
// group-assignlicense.md, api-reference/v1.0/resources/licenseassignmentstate.md (states and error values) and
// MicrosoftDocs/entra-docs docs/identity/users/licensing-groups-resolve-problems.md (what each error means).
// The conflicting and dependent plans are seed data (kit.ts): the emulator ships no service-plan catalogue.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GROUP_ONLY, startConformance, type Conformance } from './kit.js';
import { errorOf } from '../../support/http.js';
import { E3, EXCHANGE_STANDARD, EXO, TEAMS, WORKPLACE_ANALYTICS } from '../../support/seed.js';

let c: Conformance;
beforeEach(async () => {
  c = await startConformance();
});
afterEach(async () => {
  await c.emu.close();
});

const assign = (user: string, add: { skuId: string; disabledPlans?: string[] }[], remove: string[] = []) =>
  c.call('POST', `/users/${user}/assignLicense`, { addLicenses: add.map((a) => ({ disabledPlans: [], ...a })), removeLicenses: remove });

async function licensedGroup(skus: string[], members: string[]): Promise<string> {
  const g = await c.call('POST', '/groups', { displayName: 'Licensing', mailNickname: 'licensing', mailEnabled: false, securityEnabled: true });
  const id = String(g.body.id);
  for (const m of members) {
    const user = await c.call('GET', `/users/${m}`);
    await c.call('POST', `/groups/${id}/members/$ref`, { '@odata.id': `${c.emu.url}/v1.0/directoryObjects/${String(user.body.id)}` });
  }
  const r = await c.call('POST', `/groups/${id}/assignLicense`, { addLicenses: skus.map((skuId) => ({ skuId, disabledPlans: [] })), removeLicenses: [] });
  expect(r.status).toBe(202);
  return id;
}

interface State { skuId: string; assignedByGroup: string | null; state: string; error: string; disabledPlans: string[]; lastUpdatedDateTime: string }
async function licensing(upn: string): Promise<{ assigned: string[]; states: State[] }> {
  const r = await c.call('GET', `/users/${upn}?$select=assignedLicenses,licenseAssignmentStates`);
  return {
    assigned: (r.body.assignedLicenses as { skuId: string }[]).map((l) => l.skuId).sort(),
    states: r.body.licenseAssignmentStates as State[],
  };
}

async function consumed(skuId: string): Promise<number> {
  const r = await c.call('GET', '/subscribedSkus');
  return (r.body.value as { skuId: string; consumedUnits: number }[]).find((s) => s.skuId === skuId)!.consumedUnits;
}

describe('direct assignment: POST /users/{id}/assignLicense (user-assignlicense.md)', () => {
  it('a user without usageLocation: 400 with the service text (reference README wire facts; user.md usageLocation)', async () => {
    const r = await assign('conf.adams@contoso.com', [{ skuId: E3 }]);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
  });

  it('a user with usageLocation GB is licensed: 200 with the user and the license (user-assignlicense.md, response)', async () => {
    const r = await assign('hw@contoso.com', [{ skuId: E3 }]);
    expect(r.status).toBe(200);
    expect(r.body.userPrincipalName).toBe('hw@contoso.com');
    expect((await licensing('hw@contoso.com')).assigned).toEqual([E3]);
  });

  it('two SKUs whose plans conflict: 400 MutuallyExclusiveViolation (resolve-problems.md, "Conflicting service plans")', async () => {
    expect((await assign('alice@contoso.com', [{ skuId: E3 }])).status).toBe(200);
    const r = await assign('alice@contoso.com', [{ skuId: EXCHANGE_STANDARD }]);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe('Request_BadRequest');
    expect(errorOf(r).message).toMatch(/^MutuallyExclusiveViolation/);
  });

  it('both conflicting SKUs in one request are refused just the same', async () => {
    const r = await assign('bob@contoso.com', [{ skuId: E3 }, { skuId: EXCHANGE_STANDARD }]);
    expect(errorOf(r).message).toMatch(/^MutuallyExclusiveViolation/);
  });

  it('a conflicting plan that is disabled does not conflict: 200', async () => {
    expect((await assign('bob@contoso.com', [{ skuId: E3, disabledPlans: [EXO, TEAMS] }, { skuId: EXCHANGE_STANDARD }])).status).toBe(200);
  });

  it('disabling a plan another enabled plan needs: 400 DependencyViolation (resolve-problems.md, "Other products depend on this license")', async () => {
    const r = await assign('bob@contoso.com', [{ skuId: E3, disabledPlans: [EXO] }]);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(/^DependencyViolation/);
  });

  it('an add-on without its prerequisite: 400 DependencyViolation (resolve-problems.md, "products with prerequisites")', async () => {
    expect(errorOf(await assign('bob@contoso.com', [{ skuId: WORKPLACE_ANALYTICS }])).message).toMatch(/^DependencyViolation/);
  });

  it('the add-on with its prerequisite in the same request: 200', async () => {
    expect((await assign('bob@contoso.com', [{ skuId: E3 }, { skuId: WORKPLACE_ANALYTICS }])).status).toBe(200);
  });

  it('removing the prerequisite while the add-on stays: 400 DependencyViolation, and nothing changes', async () => {
    await assign('bob@contoso.com', [{ skuId: E3 }, { skuId: WORKPLACE_ANALYTICS }]);
    const r = await assign('bob@contoso.com', [], [E3]);
    expect(errorOf(r).message).toMatch(/^DependencyViolation/);
    expect((await licensing('bob@contoso.com')).assigned).toEqual([WORKPLACE_ANALYTICS, E3].sort());
  });

  it('no free seats: 400 "Subscription with SKU … does not have any available licenses." (reference README wire facts)', async () => {
    expect((await assign('alice@contoso.com', [{ skuId: GROUP_ONLY }])).status).toBe(200);
    const r = await assign('bob@contoso.com', [{ skuId: GROUP_ONLY }]);
    expect(errorOf(r).message).toBe(`Subscription with SKU ${GROUP_ONLY} does not have any available licenses.`);
  });
});

describe('group-based licensing error states (licenseassignmentstate.md; resolve-problems.md)', () => {
  it('one seat, two members: the second is in state Error with CountViolation and holds no license', async () => {
    const g = await licensedGroup([GROUP_ONLY], ['alice@contoso.com', 'bob@contoso.com']);
    const alice = await licensing('alice@contoso.com');
    const bob = await licensing('bob@contoso.com');
    expect(alice.states).toEqual([expect.objectContaining({ skuId: GROUP_ONLY, assignedByGroup: g, state: 'Active', error: 'None' })]);
    expect(bob.states).toEqual([expect.objectContaining({ skuId: GROUP_ONLY, assignedByGroup: g, state: 'Error', error: 'CountViolation' })]);
    expect(bob.assigned).toEqual([]);
    expect(await consumed(GROUP_ONLY)).toBe(1);
  });

  it('a state carries exactly the properties of the resource page', async () => {
    await licensedGroup([GROUP_ONLY], ['alice@contoso.com']);
    const [s] = (await licensing('alice@contoso.com')).states;
    expect(Object.keys(s!).sort()).toEqual(['assignedByGroup', 'disabledPlans', 'error', 'lastUpdatedDateTime', 'skuId', 'state']);
  });

  it('a group product conflicting with a direct one: Error with MutuallyExclusiveViolation; the direct one stays Active', async () => {
    await assign('alice@contoso.com', [{ skuId: E3 }]);
    await licensedGroup([EXCHANGE_STANDARD], ['alice@contoso.com']);
    const { assigned, states } = await licensing('alice@contoso.com');
    expect(states.find((s) => s.skuId === EXCHANGE_STANDARD)).toMatchObject({ state: 'Error', error: 'MutuallyExclusiveViolation' });
    expect(states.find((s) => s.skuId === E3)).toMatchObject({ assignedByGroup: null, state: 'Active' });
    expect(assigned).toEqual([E3]);
    expect(await consumed(EXCHANGE_STANDARD)).toBe(0);
  });

  it('a group add-on without the prerequisite: Error with DependencyViolation', async () => {
    await licensedGroup([WORKPLACE_ANALYTICS], ['bob@contoso.com']);
    expect((await licensing('bob@contoso.com')).states).toEqual([expect.objectContaining({ skuId: WORKPLACE_ANALYTICS, state: 'Error', error: 'DependencyViolation' })]);
  });

  it('when one product of a group fails, the others of that group are not assigned either (resolve-problems.md, "More than one product")', async () => {
    await assign('alice@contoso.com', [{ skuId: GROUP_ONLY }]);
    await licensedGroup([E3, GROUP_ONLY], ['bob@contoso.com']);
    const { assigned, states } = await licensing('bob@contoso.com');
    expect(states.map((s) => [s.skuId, s.state, s.error]).sort()).toEqual([[E3, 'Error', 'CountViolation'], [GROUP_ONLY, 'Error', 'CountViolation']].sort());
    expect(assigned).toEqual([]);
  });

  it('a direct assignment is refused when the seat is held through a group (consumedUnits counts group assignments)', async () => {
    await licensedGroup([GROUP_ONLY], ['alice@contoso.com']);
    expect((await assign('bob@contoso.com', [{ skuId: GROUP_ONLY }])).status).toBe(400);
  });
});
