// The Partner Center application consent API and the refresh-token grant it is called with.
//   https://learn.microsoft.com/partner-center/developer/control-panel-vendor-apis — POST .../applicationconsents with
//     { applicationId, applicationGrants: [{ enterpriseApplicationId, scope }] }, 201 Created; DELETE
//     .../applicationconsents/{application-id}; 403 "The request was authenticated but was refused ...".
//   https://learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model — the call is App+User, by
//     an Admin Agent holding Cloud Application Administrator, Privileged Role Administrator or Global Administrator in
//     the customer through GDAP.
//   https://learn.microsoft.com/entra/identity-platform/refresh-tokens and configurable-token-lifetimes — refresh
//     tokens are replaced on use and expire after 90 days of inactivity (AADSTS700082).
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { AGENT_RT, APP, APP_SECRET, consentSeed, EXCHANGE_APP, GRAPH_APP, HELPER_RT, OTHER } from '../../support/estates.js';
import { claimsOf, partnerAppToken, partnerCenter, tokenCall, userToken } from '../../support/http.js';
import { CONTOSO, PARTNER } from '../../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const GRANTS = [
  { enterpriseApplicationId: GRAPH_APP, scope: 'User.ReadWrite.All,Organization.Read.All' },
  { enterpriseApplicationId: EXCHANGE_APP, scope: 'Exchange.ManageAsApp' },
];

describe('refresh-token grant (Secure Application Model)', () => {
  it('exchanges a partner user refresh token for an App+User token and a successor refresh token', async () => {
    emu = await startEmulator({ seed: consentSeed() });
    const got = await tokenCall(emu.url, PARTNER, { grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: AGENT_RT, scope: 'https://api.partnercenter.microsoft.com/.default offline_access' });
    expect(got.status).toBe(200);
    expect(got.body.refresh_token).toEqual(expect.any(String));
    expect(got.body.refresh_token).not.toBe(AGENT_RT);
    const claims = claimsOf(String(got.body.access_token));
    expect(claims).toMatchObject({ aud: 'https://api.partnercenter.microsoft.com', tid: PARTNER, appid: APP, idtyp: 'user', scp: 'user_impersonation', upn: 'agent@partner.onmicrosoft.com' });
    expect(claims.oid).not.toBe(APP);
    const again = await tokenCall(emu.url, PARTNER, { grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: String(got.body.refresh_token), scope: 'https://api.partnercenter.microsoft.com/.default' });
    expect(again.status).toBe(200);
  });

  it('refuses an unknown token, another app, a wrong secret and a token past its 90-day window', async () => {
    const clock = new ManualClock();
    emu = await startEmulator({ seed: consentSeed(), clock });
    const form = { grant_type: 'refresh_token', client_id: APP, client_secret: APP_SECRET, refresh_token: AGENT_RT, scope: 'https://api.partnercenter.microsoft.com/.default' };
    const unknown = await tokenCall(emu.url, PARTNER, { ...form, refresh_token: 'not-a-token' });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [9002313] } });
    const other = await tokenCall(emu.url, PARTNER, { ...form, client_id: 'b0000000-0000-4000-8000-00000000000b' });
    expect(other.body.error_codes).toEqual([9002313]);
    const secret = await tokenCall(emu.url, PARTNER, { ...form, client_secret: 'wrong' });
    expect(secret).toMatchObject({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    const customer = await tokenCall(emu.url, CONTOSO, form);
    expect(customer.body.error_codes).toEqual([9002313]);
    clock.advance(91 * 86_400_000);
    const expired = await tokenCall(emu.url, PARTNER, form);
    expect(expired).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [700082] } });
    expect(String(expired.body.error_description)).toMatch(/^AADSTS700082: The refresh token has expired due to inactivity\./);
  });
});

describe('application consents', () => {
  it('creates the service principal with exactly the granted roles, lists it, replaces it and removes it', async () => {
    emu = await startEmulator({ seed: consentSeed() });
    const pc = partnerCenter(emu.url, await userToken(emu.url));
    const created = await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, displayName: 'tenantform', applicationGrants: GRANTS });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ applicationId: APP, applicationGrants: [
      { enterpriseApplicationId: GRAPH_APP, scope: 'Organization.Read.All,User.ReadWrite.All' }, { enterpriseApplicationId: EXCHANGE_APP, scope: 'Exchange.ManageAsApp' },
    ] });
    const listed = await pc('GET', `/customers/${CONTOSO}/applicationconsents`);
    expect(listed.body).toMatchObject({ totalCount: 1, items: [{ applicationId: APP }] });
    const narrowed = await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: [{ enterpriseApplicationId: GRAPH_APP, scope: 'Organization.Read.All' }] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.applicationGrants).toEqual([{ enterpriseApplicationId: GRAPH_APP, scope: 'Organization.Read.All' }]);
    const removed = await fetch(`${emu.url}/v1/customers/${CONTOSO}/applicationconsents/${APP}`, { method: 'DELETE', headers: { authorization: `Bearer ${await userToken(emu.url)}` } });
    expect(removed.status).toBe(204);
    expect((await pc('GET', `/customers/${CONTOSO}/applicationconsents`)).body.totalCount).toBe(0);
    expect((await pc('DELETE', `/customers/${CONTOSO}/applicationconsents/${APP}`)).status).toBe(404);
  });

  it('the consent is what gives the app a customer token with its roles', async () => {
    emu = await startEmulator({ seed: consentSeed() });
    const pc = partnerCenter(emu.url, await userToken(emu.url));
    await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: GRANTS });
    const sps = emu.state.tenants.get(CONTOSO)?.ext.servicePrincipals as { appId: string; appRoles?: string[] }[];
    expect(sps.find((s) => s.appId === APP)?.appRoles?.sort()).toEqual(['Exchange.ManageAsApp', 'Organization.Read.All', 'User.ReadWrite.All']);
  });

  it.each([
    ['an app-only token', async (url: string) => partnerAppToken(url), consentSeed(), /App\+User token/],
    ['a partner user who is not an Admin Agent', async (url: string) => userToken(url), consentSeed({ adminAgent: false }), /not an Admin Agent/],
    ['an Admin Agent without a consent role in the customer', async (url: string) => userToken(url), consentSeed({ roles: ['User Administrator'] }), /holds none of Cloud Application Administrator/],
    ['an Admin Agent whose relationship awaits approval', async (url: string) => userToken(url), consentSeed({ gdapStatus: 'approvalPending' }), /through an active GDAP relationship/],
  ])('refuses %s with 403 and no service principal', async (_name, bearer, seed, why) => {
    emu = await startEmulator({ seed });
    const pc = partnerCenter(emu.url, await bearer(emu.url));
    const got = await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: GRANTS });
    expect(got.status).toBe(403);
    expect(String(got.body.description)).toMatch(/^The request was authenticated but was refused/);
    expect(String(got.body.description)).toMatch(why);
    expect((emu.state.tenants.get(CONTOSO)?.ext.servicePrincipals as unknown[] | undefined) ?? []).toHaveLength(0);
  });

  it('GDAP in one customer gives no consent right in another, nor to a user outside AdminAgents', async () => {
    emu = await startEmulator({ seed: consentSeed() });
    const agent = partnerCenter(emu.url, await userToken(emu.url));
    expect((await agent('POST', `/customers/${OTHER}/applicationconsents`, { applicationId: APP, applicationGrants: GRANTS })).status).toBe(403);
    const helper = partnerCenter(emu.url, await userToken(emu.url, HELPER_RT));
    expect((await helper('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: GRANTS })).status).toBe(403);
  });

  it('refuses an app not registered in the partner tenant and grants without scopes with 400', async () => {
    emu = await startEmulator({ seed: consentSeed() });
    const pc = partnerCenter(emu.url, await userToken(emu.url));
    const stranger = await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: 'c0000000-0000-4000-8000-00000000000c', applicationGrants: GRANTS });
    expect(stranger.status).toBe(400);
    const empty = await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: [{ enterpriseApplicationId: GRAPH_APP, scope: '' }] });
    expect(empty.status).toBe(400);
    expect((await pc('POST', `/customers/${CONTOSO}/applicationconsents`, { applicationId: APP, applicationGrants: [] })).status).toBe(400);
  });
});
