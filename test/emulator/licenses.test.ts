import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { type Call, errorOf, graph, token } from '../support/http.js';
import { E3, VISIO, YAMMER } from '../support/seed.js';
import { startSmall } from '../support/world.js';

let emu: RunningEmulator;
let call: Call;
const sku = async (id: string): Promise<Record<string, unknown>> =>
  ((await call('GET', '/subscribedSkus')).body.value as Record<string, unknown>[]).find((s) => s.skuId === id) ?? {};

beforeAll(async () => {
  emu = await startSmall();
  call = graph(emu.url, await token(emu.url));
});
afterAll(() => emu.close());

describe('subscribedSkus and assignLicense', () => {
  it('counts direct and group-based assignments once per user', async () => {
    const r = await call('GET', '/subscribedSkus');
    expect(r.headers.get('x-ms-resource-unit')).toBe('3');
    const e3 = await sku(E3);
    expect(e3).toMatchObject({ skuPartNumber: 'SPE_E3', consumedUnits: 2, prepaidUnits: { enabled: 3, suspended: 0, warning: 0, lockedOut: 0 }, capabilityStatus: 'Enabled' });
    expect((await call('GET', `/subscribedSkus/${String(e3.id)}`)).body.skuId).toBe(E3);
  });

  it('needs a usage location before a license', async () => {
    const r = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_BadRequest', message: 'License assignment cannot be done for user with invalid usage location.' });
  });

  it('gives bob no mailbox until Exchange is licensed', async () => {
    const r = await call('GET', '/users/bob@contoso.com/mailboxSettings');
    expect(r.status).toBe(404);
    expect(errorOf(r)).toMatchObject({ code: 'MailboxNotEnabledForRESTAPI', message: 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.' });
  });

  it('checks skuId and disabledPlans against the tenant’s SKUs', async () => {
    await call('PATCH', '/users/bob@contoso.com', { usageLocation: 'SE' });
    const unknown = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [{ skuId: '11111111-1111-4111-8111-111111111111' }], removeLicenses: [] });
    expect(errorOf(unknown).message).toBe('License 11111111-1111-4111-8111-111111111111 does not correspond to a valid company License.');
    const plan = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [{ skuId: E3, disabledPlans: [VISIO] }], removeLicenses: [] });
    expect(plan.status).toBe(400);
    expect(errorOf(plan).message).toContain(VISIO);
    const noRemove = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [] });
    expect(noRemove.status).toBe(400);
  });

  it('assigns with disabled plans, returns 200 with the user, and counts the seat', async () => {
    const r = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [{ skuId: E3, disabledPlans: [YAMMER] }], removeLicenses: [] });
    expect(r.status).toBe(200);
    expect(r.body.userPrincipalName).toBe('bob@contoso.com');
    expect((await sku(E3)).consumedUnits).toBe(3);
    const details = await call('GET', '/users/bob@contoso.com/licenseDetails');
    const d = (details.body.value as Record<string, unknown>[])[0];
    expect(d).toMatchObject({ skuId: E3, skuPartNumber: 'SPE_E3' });
    expect(d?.servicePlans).toEqual(expect.arrayContaining([expect.objectContaining({ servicePlanId: YAMMER, provisioningStatus: 'Disabled' })]));
    const sel = await call('GET', '/users/bob@contoso.com?$select=assignedLicenses');
    expect(sel.body.assignedLicenses).toEqual([{ disabledPlans: [YAMMER], skuId: E3 }]);
  });

  it('refuses a seat when none is free, unless the user already holds the SKU through a group', async () => {
    const created = await call('POST', '/users', { accountEnabled: true, displayName: 'Frank', mailNickname: 'frank', userPrincipalName: 'frank@contoso.com', usageLocation: 'SE', passwordProfile: { password: 'Secret-123!' } });
    const r = await call('POST', `/users/${String(created.body.id)}/assignLicense`, { addLicenses: [{ skuId: E3 }], removeLicenses: [] });
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 'Request_BadRequest', message: `Subscription with SKU ${E3} does not have any available licenses.` });
    const carol = await call('POST', '/users/carol@contoso.com/assignLicense', { addLicenses: [{ skuId: E3 }], removeLicenses: [] });
    expect(carol.status).toBe(200);
    expect((await sku(E3)).consumedUnits).toBe(3);
    const states = (await call('GET', '/users/carol@contoso.com?$select=licenseAssignmentStates')).body.licenseAssignmentStates as Record<string, unknown>[];
    expect(states.map((s) => s.assignedByGroup === null)).toEqual([true, false]);
  });

  it('removes a license and frees the seat; removing one the user lacks fails', async () => {
    const r = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [], removeLicenses: [E3] });
    expect(r.status).toBe(200);
    expect((await sku(E3)).consumedUnits).toBe(2);
    const again = await call('POST', '/users/bob@contoso.com/assignLicense', { addLicenses: [], removeLicenses: [E3] });
    expect(errorOf(again).message).toBe('User does not have a corresponding license.');
  });
});

describe('manager and mailboxSettings', () => {
  it('reads, sets and removes the manager', async () => {
    const m = await call('GET', '/users/bob@contoso.com/manager');
    expect(m.body).toMatchObject({ '@odata.type': '#microsoft.graph.user', userPrincipalName: 'alice@contoso.com' });
    const none = await call('GET', '/users/alice@contoso.com/manager');
    expect(none.status).toBe(404);
    expect(errorOf(none).code).toBe('Request_ResourceNotFound');
    const carolId = String((await call('GET', '/users/carol@contoso.com')).body.id);
    const put = await call('PUT', '/users/alice@contoso.com/manager/$ref', { '@odata.id': `https://graph.microsoft.com/v1.0/users/${carolId}` });
    expect(put.status).toBe(204);
    expect((await call('GET', '/users/alice@contoso.com/manager')).body.id).toBe(carolId);
    expect(String((await call('GET', '/users/alice@contoso.com/manager/$ref')).body['@odata.id'])).toContain(carolId);
    const missing = await call('PUT', '/users/alice@contoso.com/manager/$ref', { '@odata.id': 'https://graph.microsoft.com/v1.0/users/00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect((await call('DELETE', '/users/alice@contoso.com/manager/$ref')).status).toBe(204);
    expect((await call('DELETE', '/users/alice@contoso.com/manager/$ref')).status).toBe(404);
  });

  it('reads and patches mailboxSettings of a licensed user', async () => {
    const r = await call('GET', '/users/alice@contoso.com/mailboxSettings');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ timeZone: 'UTC', automaticRepliesSetting: { status: 'disabled' } });
    const p = await call('PATCH', '/users/alice@contoso.com/mailboxSettings', {
      automaticRepliesSetting: { status: 'alwaysEnabled', internalReplyMessage: 'Away' }, timeZone: 'W. Europe Standard Time',
    });
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ timeZone: 'W. Europe Standard Time', automaticRepliesSetting: { status: 'alwaysEnabled', externalAudience: 'all' } });
    const bad = await call('PATCH', '/users/alice@contoso.com/mailboxSettings', { autoReply: true });
    expect(bad.status).toBe(400);
    const after = await call('GET', '/users/alice@contoso.com/mailboxSettings');
    expect((after.body.automaticRepliesSetting as Record<string, unknown>).internalReplyMessage).toBe('Away');
  });
});
