// Who gets an app-only token for a tenant, and with which roles, decided as Entra decides client credentials: the
// app must be known to the tenant (registered there, or the partner's multi-tenant app with a service principal
// there after consent), the secret must be the app's, and the token carries the app roles granted in that tenant
// that belong to the resource asked for. There is no lenient mode. The consent functions are what Partner Center's
// application consent (and a test that wants a world without it) calls.
import type { EmulatorState, TenantState } from './state.js';
import { addServicePrincipal, findServicePrincipal, removeServicePrincipal, type ServicePrincipal } from './graph/service-principals.js';
import { AUDIENCES } from './audiences.js';

/** App roles of Office 365 Exchange Online (appId 00000002-0000-0ff1-ce00-000000000000). */
export const EXCHANGE_APP_ROLES = new Set(['Exchange.ManageAsApp', 'full_access_as_app']);
/** The Partner Center API's permission (appId fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd). */
export const PARTNER_CENTER_ROLES = new Set(['user_impersonation']);

export interface AppRegistration {
  clientId: string; displayName?: string; clientSecret?: string; roles?: string[];
  /** PEM certificates (keyCredentials) whose private keys may sign its client assertions. */
  certificates?: string[];
}

export type ClientVerdict =
  | { ok: true; appId: string; displayName?: string; objectId: string; roles: string[] }
  | { ok: false; status: number; error: string; code: number; description: string };

/**
 * The app's registration: an app id is global, registered in one home tenant (the seed refuses a second), so a
 * multi-tenant app is found in its home (e.g. the partner's) wherever it signs in.
 */
export function registration(state: EmulatorState, tenant: TenantState, clientId: string): AppRegistration | undefined {
  const id = clientId.toLowerCase();
  const local = tenant.apps.find((a) => a.clientId.toLowerCase() === id);
  if (local) return local;
  for (const home of state.tenants.values()) {
    const found = home.apps.find((a) => a.clientId.toLowerCase() === id);
    if (found) return found;
  }
  return undefined;
}

// The wording of AADSTS700016, 7000215 and 7000229 is the token endpoint's, as Microsoft's pages quote it; see
// test/conformance/identity.test.ts for the page each one is checked against.
function notFound(tenant: TenantState, clientId: string): ClientVerdict {
  return {
    ok: false, status: 400, error: 'unauthorized_client', code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  };
}

function badSecret(clientId: string): ClientVerdict {
  return {
    ok: false, status: 401, error: 'invalid_client', code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  };
}

function missingServicePrincipal(tenant: TenantState, clientId: string): ClientVerdict {
  return {
    ok: false, status: 401, error: 'invalid_client', code: 7000229,
    description: `The client application ${clientId} is missing service principal in the tenant ${tenant.tenantId}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
  };
}

/**
 * The app's standing in the tenant. A secret is checked when the registration has one (a seed may leave it out for
 * certificate or federated credentials, whose signatures the emulator does not verify); the service principal in the
 * tenant is what makes the app usable there, so a consent revoked is access revoked.
 */
export function clientFor(state: EmulatorState, tenant: TenantState, clientId: string, secret: string | null): ClientVerdict {
  const app = registration(state, tenant, clientId);
  if (!app) return notFound(tenant, clientId);
  if (secret && app.clientSecret !== undefined && app.clientSecret !== secret) return badSecret(clientId);
  // An app that registers certificates and no secret has no secret a caller could know.
  if (secret && app.clientSecret === undefined && app.certificates?.length) return badSecret(clientId);
  const sp = findServicePrincipal(tenant, clientId);
  if (!sp) return missingServicePrincipal(tenant, clientId);
  return { ok: true, appId: app.clientId.toLowerCase(), displayName: app.displayName, objectId: sp.id, roles: sp.appRoles ?? [] };
}

/**
 * App roles of Office 365 SharePoint Online (appId 00000003-0000-0ff1-ce00-000000000000) share their names with
 * Graph's (`Sites.FullControl.All`), so the emulator's state holds them qualified: `SharePoint/Sites.FullControl.All`.
 */
export const SHAREPOINT_ROLE_PREFIX = 'SharePoint/';
const isSharePointRole = (r: string): boolean => r.startsWith(SHAREPOINT_ROLE_PREFIX);
const isSharePointAudience = (aud: string): boolean => /^https:\/\/[a-z0-9-]+\.sharepoint\.com$/.test(aud);

/** A token for one resource carries only that resource's app roles; ARM has none for apps (it uses Azure RBAC). */
export function rolesFor(audience: string, roles: string[]): string[] {
  if (audience === AUDIENCES.exchange) return roles.filter((r) => EXCHANGE_APP_ROLES.has(r));
  if (audience === AUDIENCES.partnerCenter) return roles.filter((r) => PARTNER_CENTER_ROLES.has(r));
  if (audience === AUDIENCES.graph) return roles.filter((r) => !EXCHANGE_APP_ROLES.has(r) && !PARTNER_CENTER_ROLES.has(r) && !isSharePointRole(r));
  if (isSharePointAudience(audience)) return roles.filter(isSharePointRole).map((r) => r.slice(SHAREPOINT_ROLE_PREFIX.length));
  return [];
}

/** Admin consent of `appId` in `tenant`: its service principal there, holding `roles` (added to what it held). */
export function grantConsent(tenant: TenantState, appId: string, roles: string[], displayName?: string): ServicePrincipal {
  return addServicePrincipal(tenant, { appId, displayName, roles });
}

/** Removes the app's service principal from `tenant`: its tokens for the tenant stop being issued. */
export function revokeConsent(tenant: TenantState, appId: string): ServicePrincipal | undefined {
  const sp = removeServicePrincipal(tenant, appId);
  // A deleted service principal takes its directory role assignments with it.
  if (sp) for (const [id, a] of tenant.roleAssignments) if (a.principalId === sp.id) tenant.roleAssignments.delete(id);
  return sp;
}
