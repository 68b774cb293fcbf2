// The Secure Application Model's token grant: a partner user signs in once, interactively and with MFA, and the
// refresh token that sign-in leaves is redeemed (`grant_type=refresh_token`) on the partner tenant's token endpoint
// for App+User tokens: delegated tokens carrying `scp` and the user's `oid`, as Partner Center's consent and order
// calls need. Each redemption returns a successor refresh token with a fresh 90-day inactivity window; the one
// redeemed stays valid until its own window ends.
import { randomBytes } from 'node:crypto';
import { json, type Ctx, type Reply } from './router.js';
import type { SeedRefreshToken } from './seed.js';
import type { RefreshTokenState, TenantState } from './state.js';
import { RESOURCE_ALIASES, TOKEN_LIFETIME_S, aadError, signClaims } from './tokens.js';

/** https://learn.microsoft.com/entra/identity-platform/configurable-token-lifetimes: 90 days of inactivity. */
export const REFRESH_INACTIVITY_MS = 90 * 86_400_000;

export function seedRefreshTokens(partner: TenantState, seeds: SeedRefreshToken[], seededMs: number): RefreshTokenState[] {
  return seeds.map((s) => {
    const userId = partner.upnIndex.get(s.user.toLowerCase());
    if (!userId) throw new Error(`partner refresh token: ${s.user} is not a user of the partner tenant`);
    return { token: s.token, userId, clientId: s.clientId.toLowerCase(), expiresMs: s.expiresDateTime ? Date.parse(s.expiresDateTime) : seededMs + REFRESH_INACTIVITY_MS };
  });
}

// Entra's wording for an unusable grant (https://learn.microsoft.com/entra/identity-platform/reference-error-codes:
// AADSTS9002313 InvalidRequest, AADSTS700082 ExpiredOrRevokedGrantInactiveToken).
const malformed = (ctx: Ctx): Reply => aadError(ctx, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');

export function refreshGrant(ctx: Ctx, tenant: TenantState, form: URLSearchParams): Reply {
  const partner = ctx.state.partner;
  const clientId = (form.get('client_id') ?? '').toLowerCase();
  if (!clientId) return aadError(ctx, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const presented = form.get('refresh_token') ?? '';
  if (!presented) return aadError(ctx, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'refresh_token'.");
  const held = partner && partner.tenantId === tenant.tenantId ? partner.refreshTokens?.find((t) => t.token === presented) : undefined;
  if (!held || held.clientId !== clientId) return malformed(ctx);
  const app = tenant.apps.find((a) => a.clientId.toLowerCase() === clientId);
  const secret = form.get('client_secret');
  if (!app) return aadError(ctx, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`);
  if (secret && app.clientSecret !== undefined && app.clientSecret !== secret) {
    return aadError(ctx, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
  }
  const now = ctx.state.clock.now();
  if (now > held.expiresMs) {
    const issued = new Date(held.expiresMs - REFRESH_INACTIVITY_MS).toISOString();
    return aadError(ctx, 400, 'invalid_grant', 700082, `The refresh token has expired due to inactivity. The token was issued on ${issued} and was inactive for 90.00:00:00.`);
  }
  const user = tenant.users.get(held.userId);
  if (!user || user.props.accountEnabled === false) return aadError(ctx, 400, 'invalid_grant', 50057, 'The user account is disabled.');
  const scope = form.get('scope') ?? '';
  const resource = scope.split(' ').find((s) => s.includes('/'))?.replace(/\/\.default$/, '').replace(/\/$/, '') ?? '';
  const aud = RESOURCE_ALIASES[resource.toLowerCase()];
  if (!aud) return aadError(ctx, 400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`);
  const successor: RefreshTokenState = { token: randomBytes(48).toString('base64url'), userId: held.userId, clientId, expiresMs: now + REFRESH_INACTIVITY_MS };
  partner?.refreshTokens?.push(successor);
  const t = Math.floor(now / 1000);
  const access = signClaims(ctx.state, {
    aud, iss: `https://sts.windows.net/${tenant.tenantId}/`, iat: t, nbf: t - 300, exp: t + TOKEN_LIFETIME_S, tid: tenant.tenantId,
    appid: clientId, azp: clientId, oid: user.id, sub: user.id, idtyp: 'user', ver: '1.0', scp: 'user_impersonation',
    upn: String(user.props.userPrincipalName), app_displayname: app.displayName,
  });
  return json(200, {
    token_type: 'Bearer', scope: `${resource}/user_impersonation`, expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S,
    access_token: access, refresh_token: successor.token,
  });
}
