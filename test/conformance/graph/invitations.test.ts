// Conformance: Graph's invitation API as the emulator serves it.
// - api-reference/v1.0/api/invitation-post.md: POST /invitations, required invitedUserEmailAddress and
//   inviteRedirectUrl, 201 with the invitation (inviteRedeemUrl, status PendingAcceptance, invitedUser.id);
//   "a user entity (of userType Guest) is created".
// - api-reference/v1.0/includes/permissions/invitation-post-permissions.md: User.Invite.All, higher
//   Directory.ReadWrite.All and User.ReadWrite.All.
// - MicrosoftDocs/entra-docs docs/external-id/user-properties.md: the guest's UPN carries #EXT#, its Identities name
//   the host's domain before redemption and the guest's provider (ExternalAzureAD, mail, ...) after it; `mail` is
//   the invited address. api-reference/v1.0/resources/user.md: externalUserState PendingAcceptance / Accepted and
//   externalUserStateChangeDateTime, creationType Invitation; resources/invitation.md: no API redeems an
//   invitation (the emulator's control endpoint stands in for the guest's browser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { appWith, startEmulator, appToken } from '../../support/world.js';
import { withApp } from '../../../src/emulator/seed-apps.js';

const TENANT = '6b1a3c6e-0000-4000-8000-0000000000e8';
const READER = '3a3a3a3a-0000-4000-8000-00000000aaa1';
const INVITER = '3a3a3a3a-0000-4000-8000-00000000aaa2';

let emu: RunningEmulator;
beforeAll(async () => {
  const doc = { tenants: [{ tenantId: TENANT, displayName: 'Contoso', domains: ['contoso.com', 'contoso.onmicrosoft.com'], skus: [] }] };
  withApp(doc, appWith({ graph: ['User.Read.All'], exchange: [], arm: [], partnerCenter: [], partnerGraph: [] }, { clientId: READER, clientSecret: 's' }));
  withApp(doc, appWith({ graph: ['User.Invite.All'], exchange: [], arm: [], partnerCenter: [], partnerGraph: [] }, { clientId: INVITER, clientSecret: 's' }));
  emu = await startEmulator({ seed: doc, replicationDelayMs: 0 });
});
afterAll(async () => {
  await emu.close();
});

async function call(method: string, path: string, body?: unknown, app = 'app-1'): Promise<{ status: number; body: Record<string, unknown> }> {
  const token = await appToken(emu.url, TENANT, app);
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const errorOf = (r: { body: Record<string, unknown> }) => r.body.error as { code: string; message: string };

describe('POST /invitations (invitation-post.md)', () => {
  it('creates a guest user with the documented properties and answers 201 with the invitation', async () => {
    const r = await call('POST', '/invitations', { invitedUserEmailAddress: 'admin@fabrikam.com', inviteRedirectUrl: 'https://myapp.contoso.com' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      invitedUserEmailAddress: 'admin@fabrikam.com', inviteRedirectUrl: 'https://myapp.contoso.com', status: 'PendingAcceptance',
      invitedUserType: 'Guest', sendInvitationMessage: false, invitedUserDisplayName: null,
      inviteRedeemUrl: expect.stringMatching(/^https:\/\/login\.microsoftonline\.com\/redeem\?rd=/),
    });
    const id = (r.body.invitedUser as { id: string }).id;
    const select = 'id,userPrincipalName,mail,userType,creationType,externalUserState,externalUserStateChangeDateTime,identities';
    const user = await call('GET', `/users/${id}?$select=${select}`);
    expect(user.body).toMatchObject({
      userPrincipalName: 'admin_fabrikam.com#EXT#@contoso.onmicrosoft.com', mail: 'admin@fabrikam.com', userType: 'Guest',
      creationType: 'Invitation', externalUserState: 'PendingAcceptance',
      identities: [{ signInType: 'userPrincipalName', issuer: 'contoso.onmicrosoft.com', issuerAssignedId: 'admin_fabrikam.com#EXT#@contoso.onmicrosoft.com' }],
    });
    expect(typeof user.body.externalUserStateChangeDateTime).toBe('string');
    const guests = await call('GET', `/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=mail`);
    expect((guests.body.value as { mail: string }[]).map((u) => u.mail)).toContain('admin@fabrikam.com');
  });

  it('sends the message info and display name it is given, and inviting the address again answers with the same guest', async () => {
    const body = { invitedUserEmailAddress: 'bea@tailspin.com', invitedUserDisplayName: 'Bea', inviteRedirectUrl: 'https://myapps.microsoft.com', sendInvitationMessage: true, invitedUserMessageInfo: { customizedMessageBody: 'Welcome' } };
    const first = await call('POST', '/invitations', body);
    expect(first.body).toMatchObject({ invitedUserDisplayName: 'Bea', sendInvitationMessage: true, invitedUserMessageInfo: { customizedMessageBody: 'Welcome' } });
    const again = await call('POST', '/invitations', body);
    expect((again.body.invitedUser as { id: string }).id).toBe((first.body.invitedUser as { id: string }).id);
  });

  it('refuses a body without a required parameter, an unknown property or a read-only one (400)', async () => {
    expect(errorOf(await call('POST', '/invitations', { invitedUserEmailAddress: 'x@tailspin.com' }))).toMatchObject({ code: 'Request_BadRequest', message: expect.stringContaining("'inviteRedirectUrl'") });
    expect(errorOf(await call('POST', '/invitations', { inviteRedirectUrl: 'https://a' }))).toMatchObject({ message: expect.stringContaining("'invitedUserEmailAddress'") });
    expect((await call('POST', '/invitations', { invitedUserEmailAddress: 'x@tailspin.com', inviteRedirectUrl: 'https://a', color: 'red' })).status).toBe(400);
    expect((await call('POST', '/invitations', { invitedUserEmailAddress: 'x@tailspin.com', inviteRedirectUrl: 'https://a', status: 'Completed' })).status).toBe(400);
    expect((await call('POST', '/invitations', { invitedUserEmailAddress: 'not an address', inviteRedirectUrl: 'https://a' })).status).toBe(400);
  });

  it('needs User.Invite.All (or a higher permission of the table): User.Read.All alone is 403', async () => {
    const denied = await call('POST', '/invitations', { invitedUserEmailAddress: 'y@tailspin.com', inviteRedirectUrl: 'https://a' }, READER);
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
    expect((await call('POST', '/invitations', { invitedUserEmailAddress: 'y@tailspin.com', inviteRedirectUrl: 'https://a' }, INVITER)).status).toBe(201);
  });
});

describe('invitations restricted by the authorization policy (invitation-post.md, resources/authorizationpolicy.md)', () => {
  it.each(['none', 'adminsAndGuestInviters'])('refuses app-only invitations while allowInvitesFrom is %s (403), and allows them again after', async (value) => {
    expect((await call('PATCH', '/policies/authorizationPolicy', { allowInvitesFrom: value })).status).toBe(204);
    const refused = await call('POST', '/invitations', { invitedUserEmailAddress: `r-${value}@tailspin.com`, inviteRedirectUrl: 'https://a' });
    expect(refused.status).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'Authorization_RequestDenied' });
    expect((await call('PATCH', '/policies/authorizationPolicy', { allowInvitesFrom: 'adminsGuestInvitersAndAllMembers' })).status).toBe(204);
    expect((await call('POST', '/invitations', { invitedUserEmailAddress: `r-${value}@tailspin.com`, inviteRedirectUrl: 'https://a' })).status).toBe(201);
  });
});

describe('redemption (control endpoint; user-properties.md)', () => {
  it('turns the guest Accepted, stamps the change and names the identity provider', async () => {
    const invited = await call('POST', '/invitations', { invitedUserEmailAddress: 'cy@tailspin.com', inviteRedirectUrl: 'https://a' });
    const id = (invited.body.invitedUser as { id: string }).id;
    emu.state.clock.advance(60_000);
    const res = await fetch(`${emu.url}/_emulator/tenants/${TENANT}/invitations/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'CY@tailspin.com', issuer: 'mail' }) });
    expect(res.status).toBe(200);
    const user = await call('GET', `/users/${id}?$select=externalUserState,externalUserStateChangeDateTime,identities`);
    expect(user.body).toMatchObject({ externalUserState: 'Accepted', identities: [{ signInType: 'federated', issuer: 'mail', issuerAssignedId: 'cy@tailspin.com' }] });
    expect(Date.parse(String(user.body.externalUserStateChangeDateTime))).toBeGreaterThan(Date.parse(String((await call('GET', `/users/${id}?$select=createdDateTime`)).body.createdDateTime)));
    const unknown = await fetch(`${emu.url}/_emulator/tenants/${TENANT}/invitations/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@tailspin.com' }) });
    expect(unknown.status).toBe(404);
  });
});
