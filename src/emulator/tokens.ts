// The identity platform: client-credentials tokens (JWT-shaped, HMAC-signed with the state's key) for apps the
// tenant knows (`access.ts`), OpenID discovery on the emulator's own origin, and bearer-token verification.
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError, json, type Ctx, type Reply, type ServiceModule } from './router.js';
import { getTenant, type EmulatorState } from './state.js';
import { AUDIENCES } from './audiences.js';
import { clientFor, registration, rolesFor } from './access.js';
import { checkAssertion } from './client-assertion.js';
import { refreshGrant } from './refresh-grant.js';

export { AUDIENCES };

export const RESOURCE_ALIASES: Record<string, string> = {
  'https://graph.microsoft.com': AUDIENCES.graph,
  '00000003-0000-0000-c000-000000000000': AUDIENCES.graph,
  'https://outlook.office365.com': AUDIENCES.exchange,
  'https://outlook.office.com': AUDIENCES.exchange,
  'https://management.azure.com': AUDIENCES.arm,
  'https://management.core.windows.net': AUDIENCES.arm,
  'https://api.partnercenter.microsoft.com': AUDIENCES.partnerCenter,
};

/** A SharePoint host's own resource (`https://contoso-admin.sharepoint.com`): its tokens carry that origin as `aud`. */
function sharePointAudience(resource: string): string | undefined {
  const m = /^https:\/\/([a-z0-9-]+\.sharepoint\.com)$/i.exec(resource);
  return m ? `https://${m[1]!.toLowerCase()}` : undefined;
}

export interface TokenClaims {
  aud: string; iss: string; iat: number; nbf: number; exp: number; tid: string; appid: string; azp: string;
  oid: string; sub: string; roles?: string[]; idtyp: 'app' | 'user'; ver: '1.0'; app_displayname?: string;
  /** How the app proved itself (v1.0 tokens): `1` a client secret, `2` a certificate or another client assertion. */
  appidacr?: '0' | '1' | '2';
  /** Delegated (App+User) tokens only: the scopes, and the signed-in user's name. */
  scp?: string; upn?: string;
}

export const TOKEN_LIFETIME_S = 3599;
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

function sign(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

export function issueToken(state: EmulatorState, claims: Omit<TokenClaims, 'iat' | 'nbf' | 'exp' | 'iss' | 'idtyp' | 'ver'>, lifetimeS = TOKEN_LIFETIME_S): string {
  const now = Math.floor(state.clock.now() / 1000);
  const full: TokenClaims = {
    ...claims, iss: `https://sts.windows.net/${claims.tid}/`, iat: now, nbf: now - 300, exp: now + lifetimeS, idtyp: 'app', ver: '1.0',
  };
  return signClaims(state, full);
}

export function signClaims(state: EmulatorState, full: TokenClaims): string {
  const head = `${b64({ typ: 'JWT', alg: 'HS256', kid: 'tenantform-emulator' })}.${b64(full)}`;
  return `${head}.${sign(state.signingKey, head)}`;
}

/** Verifies signature, lifetime and audience; the reason text mirrors what the services report. */
export function verifyToken(state: EmulatorState, header: string | undefined, audience: string): TokenClaims {
  const raw = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!raw) throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const parts = raw.split('.');
  if (parts.length !== 3) throw new ApiError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
  const expected = Buffer.from(sign(state.signingKey, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2] as string);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid signature.');
  }
  const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString()) as TokenClaims;
  if (claims.exp * 1000 < state.clock.now()) throw new ApiError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  if (claims.aud !== audience) throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
  if (!getTenant(state, claims.tid)) throw new ApiError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid issuer.');
  return claims;
}

export function aadError(ctx: Ctx, status: number, error: string, code: number, description: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = ctx.state.clock.iso().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return json(status, {
    error, error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code], timestamp, trace_id: traceId, correlation_id: correlationId,
  });
}

function tokenEndpoint(ctx: Ctx): Reply {
  const tenantId = ctx.params.tenant ?? '';
  const tenant = getTenant(ctx.state, tenantId);
  if (!tenant) {
    return aadError(ctx, 400, 'invalid_request', 90002, `Tenant '${tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
  const form = new URLSearchParams(ctx.rawBody);
  if (form.get('grant_type') === 'refresh_token') return refreshGrant(ctx, tenant, form);
  if (form.get('grant_type') !== 'client_credentials') {
    return aadError(ctx, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
  }
  const clientId = form.get('client_id') ?? '';
  if (!clientId) return aadError(ctx, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (!secret && !assertion) {
    return aadError(ctx, 401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const scope = form.get('scope') ?? '';
  const resource = scope.split(' ')[0]?.replace(/\/\.default$/, '').replace(/\/$/, '') ?? '';
  const aud = RESOURCE_ALIASES[resource.toLowerCase()] ?? sharePointAudience(resource);
  if (!aud || !scope.endsWith('/.default')) {
    return aadError(ctx, 400, 'invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const client = clientFor(ctx.state, tenant, clientId, secret);
  if (!client.ok) return aadError(ctx, client.status, client.error, client.code, client.description);
  const app = registration(ctx.state, tenant, clientId);
  const refused = !secret && assertion && app ? checkAssertion(app, assertion, tenant.tenantId, Math.floor(ctx.state.clock.now() / 1000)) : undefined;
  if (refused) return aadError(ctx, refused.status, refused.error, refused.code, refused.description);
  // Like Entra, a token carries `roles` only when the app holds some for this resource.
  const roles = rolesFor(aud, client.roles);
  const token = issueToken(ctx.state, {
    aud, tid: tenant.tenantId, appid: client.appId, azp: client.appId, oid: client.objectId, sub: client.objectId,
    ...(roles.length > 0 ? { roles } : {}), app_displayname: client.displayName, appidacr: secret ? '1' : '2',
  });
  return json(200, { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, ext_expires_in: TOKEN_LIFETIME_S, access_token: token });
}

function openIdConfiguration(ctx: Ctx): Reply {
  const tenantId = ctx.params.tenant ?? '';
  const tenant = getTenant(ctx.state, tenantId);
  if (!tenant && tenantId !== 'common' && tenantId !== 'organizations') {
    return aadError(ctx, 400, 'invalid_tenant', 90002, `Tenant '${tenantId}' not found.`);
  }
  const t = tenant?.tenantId ?? '{tenantid}';
  const base = `${ctx.origin}/${tenantId}`;
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${ctx.origin}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'], id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${ctx.origin}/${t}/v2.0`, request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.origin}/oidc/userinfo`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`, http_logout_supported: true,
    frontchannel_logout_supported: true, end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'ver', 'roles'],
    kerberos_endpoint: `${base}/kerberos`, tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net', msgraph_host: 'graph.microsoft.com', rbac_url: 'https://pas.windows.net',
  });
}

function instanceDiscovery(ctx: Ctx): Reply {
  const host = new URL(ctx.origin).host;
  return json(200, {
    tenant_discovery_endpoint: `${ctx.origin}/common/v2.0/.well-known/openid-configuration`, 'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

const TENANT_SEGMENT = /^\/[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/;

export const identityModule: ServiceModule = {
  name: 'token',
  faults: false,
  matches: (path) => TENANT_SEGMENT.test(path) || path === '/common/discovery/instance',
  errorReply: (ctx, err) => aadError(ctx, err.status, 'invalid_request', 90000, err.message),
  routes: [
    { method: 'POST', pattern: '/:tenant/oauth2/v2.0/token', handler: tokenEndpoint },
    { method: 'GET', pattern: '/:tenant/v2.0/.well-known/openid-configuration', handler: openIdConfiguration },
    { method: 'GET', pattern: '/:tenant/discovery/v2.0/keys', handler: () => json(200, { keys: [] }) },
    { method: 'GET', pattern: '/common/discovery/instance', handler: instanceDiscovery },
  ],
};
