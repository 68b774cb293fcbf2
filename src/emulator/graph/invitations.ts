// POST /invitations (api-reference/v1.0/api/invitation-post.md): invites an external user, creating a user of
// userType Guest in the tenant, and the redemption that only the guest can do (simulated through the control
// endpoint). What the created user holds follows MicrosoftDocs/entra-docs docs/external-id/user-properties.md:
// a userPrincipalName with the #EXT# marker, `mail` set to the invited address, `identities` naming the host
// organization's domain until redemption and the guest's identity provider after it, and `externalUserState`
// PendingAcceptance, then Accepted (resources/user.md), with `externalUserStateChangeDateTime` of each change.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { addUser, initialDomain, touch, type TenantState, type UserObject } from '../state.js';
import { actorOf, recordAudit } from './audit.js';
import { authorizationPolicyOf } from './authorization-policy.js';
import { badRequest, odataContext, tenantOf } from './common.js';
import { userView } from './user-view.js';

/** The invitation's structural properties (graph-v1.0.csdl, EntityType invitation); others are refused. */
const INVITATION_PROPS = new Set([
  'id', 'invitedUserDisplayName', 'invitedUserEmailAddress', 'invitedUserMessageInfo', 'invitedUserType', 'inviteRedeemUrl',
  'inviteRedirectUrl', 'resetRedemption', 'sendInvitationMessage', 'status', 'invitedUser', 'invitedUserSponsors',
]);
const READ_ONLY = ['id', 'inviteRedeemUrl', 'status', 'invitedUser'];
const MESSAGE_INFO = new Set(['ccRecipients', 'customizedMessageBody', 'messageLanguage']);
const EMAIL = /^[^@\s]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

/** The guest's UPN: the invited address with `@` as `_`, then `#EXT#@` and the tenant's initial domain. */
export const guestUpn = (tenant: TenantState, email: string): string => `${email.replace('@', '_')}#EXT#@${initialDomain(tenant)}`;

function checkBody(body: Record<string, unknown>): { email: string; redirect: string } {
  for (const name of Object.keys(body)) {
    if (!INVITATION_PROPS.has(name)) {
      throw badRequest(`Property '${name}' does not exist on type 'microsoft.graph.invitation'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    if (READ_ONLY.includes(name)) throw badRequest(`Property '${name}' is read-only and cannot be set.`);
  }
  // invitation-post.md: invitedUserEmailAddress and inviteRedirectUrl are the required parameters. Microsoft
  // publishes no error text for a missing one: the directory's generic required-property message is used.
  for (const name of ['invitedUserEmailAddress', 'inviteRedirectUrl']) {
    if (typeof body[name] !== 'string' || body[name] === '') throw badRequest(`A value is required for property '${name}' of resource 'Invitation'.`);
  }
  const email = String(body.invitedUserEmailAddress);
  if (!EMAIL.test(email)) throw badRequest("Invalid value specified for property 'invitedUserEmailAddress' of resource 'Invitation'.");
  const info = body.invitedUserMessageInfo;
  if (info !== undefined && info !== null) {
    if (typeof info !== 'object' || Array.isArray(info) || Object.keys(info).some((k) => !MESSAGE_INFO.has(k))) {
      throw badRequest("Invalid value specified for property 'invitedUserMessageInfo' of resource 'Invitation'.");
    }
  }
  return { email, redirect: String(body.inviteRedirectUrl) };
}

/** The guest an address was invited as: its `mail` (what the invitation sets), userType Guest. */
export function guestByEmail(tenant: TenantState, email: string): UserObject | undefined {
  const key = email.normalize('NFC').toLowerCase();
  return [...tenant.users.values()].find((u) => u.props.userType === 'Guest' && String(u.props.mail ?? '').normalize('NFC').toLowerCase() === key);
}

function newGuest(ctx: Ctx, tenant: TenantState, email: string, displayName: unknown, userType: string): UserObject {
  const now = ctx.state.clock.now();
  const upn = guestUpn(tenant, email);
  const at = new Date(now).toISOString();
  return {
    id: randomUUID(), kind: 'user', licenses: [], createdMs: now, version: 0,
    props: {
      businessPhones: [], givenName: null, jobTitle: null, mobilePhone: null, officeLocation: null, preferredLanguage: null,
      surname: null, department: null, companyName: null, city: null, country: null, employeeId: null, usageLocation: null,
      displayName: typeof displayName === 'string' && displayName !== '' ? displayName : email, accountEnabled: true,
      userPrincipalName: upn, mailNickname: upn.slice(0, upn.indexOf('@')), mail: email, userType,
      creationType: 'Invitation', externalUserState: 'PendingAcceptance', externalUserStateChangeDateTime: at,
      identities: [{ signInType: 'userPrincipalName', issuer: initialDomain(tenant), issuerAssignedId: upn }],
      createdDateTime: at, deletedDateTime: null,
    },
  };
}

/**
 * invitation-post.md: "Application permissions (app-only) do not work if B2B invitations are disabled on the tenant
 * or if B2B invitations are restricted to administrators", the authorization policy's allowInvitesFrom `none` and
 * `adminsAndGuestInviters` (resources/authorizationpolicy.md). Microsoft publishes no error for it: Graph's 403.
 */
export const APP_ONLY_REFUSED = new Set(['none', 'adminsAndGuestInviters']);

function invite(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const allowed = String(authorizationPolicyOf(tenant).allowInvitesFrom);
  if (actorOf(ctx).kind === 'app' && APP_ONLY_REFUSED.has(allowed)) {
    throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  const body = jsonBody(ctx);
  const { email, redirect } = checkBody(body);
  const userType = body.invitedUserType === 'Member' ? 'Member' : 'Guest';
  // Inviting an address that already has a guest answers with that guest rather than a second account, as the
  // service does when an invitation is sent again (its page documents only resetRedemption for re-inviting).
  let user = guestByEmail(tenant, email);
  if (!user) {
    user = newGuest(ctx, tenant, email, body.invitedUserDisplayName, userType);
    addUser(tenant, user);
    touch(tenant, user);
    const target = { id: user.id, displayName: String(user.props.displayName), type: 'User' as const, userPrincipalName: String(user.props.userPrincipalName) };
    recordAudit(ctx, { activity: 'Invite external user', category: 'UserManagement', service: 'Invited Users', operationType: 'Add', target, details: { invitedUserEmailAddress: email } });
  }
  const ticket = randomUUID().replace(/-/g, '');
  const rd = `https://invitations.microsoft.com/redeem/?tenant=${tenant.tenantId}&user=${user.id}&ticket=${ticket}&ver=2.0`;
  return json(201, {
    '@odata.context': odataContext(ctx, 'invitations/$entity'),
    id: user.id,
    inviteRedeemUrl: `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(rd)}`,
    invitedUserDisplayName: body.invitedUserDisplayName ?? null,
    invitedUserType: userType,
    invitedUserEmailAddress: email,
    sendInvitationMessage: body.sendInvitationMessage === true,
    resetRedemption: body.resetRedemption === true,
    inviteRedirectUrl: redirect,
    status: 'PendingAcceptance',
    invitedUserMessageInfo: body.invitedUserMessageInfo ?? { messageLanguage: null, customizedMessageBody: null, ccRecipients: [] },
    invitedUser: { id: user.id },
  });
}

/** The identity providers user-properties.md lists for a redeemed guest ("Identities property value"). */
export const REDEEM_ISSUERS = ['ExternalAzureAD', 'MicrosoftAccount', 'mail', 'google.com', 'facebook.com'];

/**
 * The guest redeeming its invitation (control endpoint only: "there is no API to perform the redemption process",
 * resources/invitation.md). The state becomes Accepted and the identity the provider's.
 */
export function redeemInvitation(ctx: Ctx, tenant: TenantState, email: string, issuer = 'ExternalAzureAD'): Record<string, unknown> {
  if (!REDEEM_ISSUERS.includes(issuer)) throw new ApiError(400, 'BadRequest', `'issuer' must be one of ${REDEEM_ISSUERS.join(', ')}.`);
  const user = guestByEmail(tenant, email);
  if (!user) throw new ApiError(404, 'NotFound', `The tenant has no guest invited as '${email}'.`);
  if (user.props.externalUserState !== 'Accepted') {
    user.props.externalUserState = 'Accepted';
    user.props.externalUserStateChangeDateTime = ctx.state.clock.iso();
    user.props.identities = [{ signInType: 'federated', issuer, issuerAssignedId: issuer === 'mail' ? String(user.props.mail) : null }];
    touch(tenant, user);
  }
  return userView(tenant, user, ['id', 'userPrincipalName', 'mail', 'externalUserState', 'externalUserStateChangeDateTime', 'identities']);
}

export const invitationRoutes: Route[] = [{ method: 'POST', pattern: '/v1.0/invitations', handler: invite, write: true }];
