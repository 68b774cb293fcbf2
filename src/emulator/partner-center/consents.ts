// Partner Center application consents: a partner's multi-tenant app consented into a customer, which creates the
// app's service principal there holding the granted app roles (and removes it again). As the Secure Application
// Model with GDAP requires, the call must come from a partner user (an App+User token) who is an Admin Agent and
// holds, through an active GDAP access assignment in that customer, Cloud Application Administrator, Privileged
// Role Administrator or Global Administrator.
//   https://learn.microsoft.com/partner-center/developer/control-panel-vendor-apis (POST, DELETE, bodies, statuses)
//   https://learn.microsoft.com/partner-center/developer/gdap-and-secure-application-model (the roles the consent
//   call needs under GDAP, and that it is made App+User)
// Microsoft documents no list call on that page; GET of the collection and of one consent answer with the POST's
// body shape so that tenantform can read the consent from the partner side before it has any customer token.
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { getTenant, type TenantState } from '../state.js';
import { addServicePrincipal, findServicePrincipal, removeServicePrincipal, servicePrincipals } from '../graph/service-principals.js';
import { relationships } from '../graph/gdap-model.js';
import { findRole } from '../graph/roles.js';
import { customerOf } from './service.js';
import { SHAREPOINT_ROLE_PREFIX } from '../access.js';

/** The resource apps a grant names (`enterpriseApplicationId`): Microsoft Graph and Office 365 Exchange Online. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Office 365 SharePoint Online, whose roles the emulator holds qualified (access.ts). */
export const SHAREPOINT_APP_ID = '00000003-0000-0ff1-ce00-000000000000';
export const EXCHANGE_APP_ID = '00000002-0000-0ff1-ce00-000000000000';
const EXCHANGE_ROLES = new Set(['Exchange.ManageAsApp', 'full_access_as_app']);
const CONSENT_ROLES = ['Cloud Application Administrator', 'Privileged Role Administrator', 'Global Administrator'];
/** The partner tenant's security group whose members are Partner Center Admin Agents. */
export const ADMIN_AGENTS_GROUP = 'AdminAgents';

const FORBIDDEN = "The request was authenticated but was refused because the caller doesn't have permission to invoke it.";
const forbidden = (why: string) => new ApiError(403, '403', `${FORBIDDEN} ${why}`, {}, { errorName: 'Forbidden' });

function partnerTenant(ctx: Ctx): TenantState {
  const t = ctx.state.partner && getTenant(ctx.state, ctx.state.partner.tenantId);
  if (!t) throw forbidden('There is no partner tenant.');
  return t;
}

/** The signed-in partner user of an App+User token; app-only tokens cannot consent. */
function partnerUser(ctx: Ctx, partner: TenantState): string {
  if (ctx.token?.idtyp !== 'user' || !ctx.token.scp) throw forbidden('Application consents need an App+User token of a partner user; app-only tokens are not accepted.');
  const user = partner.users.get(ctx.token.oid);
  if (!user) throw forbidden('The signed-in user is not a user of the partner tenant.');
  return user.id;
}

function isAdminAgent(partner: TenantState, userId: string): boolean {
  for (const g of partner.groups.values()) if (String(g.props.displayName) === ADMIN_AGENTS_GROUP && g.members.has(userId)) return true;
  return false;
}

/** Whether an active GDAP access assignment in `customerId` gives `userId` (through a group) one of the consent roles. */
function gdapAllows(ctx: Ctx, partner: TenantState, customerId: string, userId: string): boolean {
  const wanted = new Set(CONSENT_ROLES.map((r) => findRole(r)?.id));
  return relationships(ctx.state).some((r) => r.customerTenantId.toLowerCase() === customerId.toLowerCase()
    && (r.status === 'active' || r.status === 'expiring')
    && r.accessAssignments.some((a) => a.status === 'active' && partner.groups.get(a.group)?.members.has(userId) === true && a.roles.some((id) => wanted.has(id))));
}

function authorise(ctx: Ctx, customerId: string): void {
  const partner = partnerTenant(ctx);
  const userId = partnerUser(ctx, partner);
  if (!isAdminAgent(partner, userId)) throw forbidden('The signed-in user is not an Admin Agent of the partner.');
  if (!gdapAllows(ctx, partner, customerId, userId)) {
    throw forbidden(`The signed-in user holds none of ${CONSENT_ROLES.join(', ')} in customer ${customerId} through an active GDAP relationship.`);
  }
}

interface Grant { enterpriseApplicationId: string; scope: string }

function consentView(customerId: string, sp: { appId: string; displayName: string; appRoles?: string[] }): Record<string, unknown> {
  const roles = [...(sp.appRoles ?? [])].sort();
  const sharepoint = roles.filter((r) => r.startsWith(SHAREPOINT_ROLE_PREFIX)).map((r) => r.slice(SHAREPOINT_ROLE_PREFIX.length));
  const graph = roles.filter((r) => !EXCHANGE_ROLES.has(r) && !r.startsWith(SHAREPOINT_ROLE_PREFIX));
  const exchange = roles.filter((r) => EXCHANGE_ROLES.has(r));
  const applicationGrants: Grant[] = [];
  if (graph.length) applicationGrants.push({ enterpriseApplicationId: GRAPH_APP_ID, scope: graph.join(',') });
  if (exchange.length) applicationGrants.push({ enterpriseApplicationId: EXCHANGE_APP_ID, scope: exchange.join(',') });
  if (sharepoint.length) applicationGrants.push({ enterpriseApplicationId: SHAREPOINT_APP_ID, scope: sharepoint.join(',') });
  return { applicationId: sp.appId, displayName: sp.displayName, applicationGrants, customerId, attributes: { objectType: 'ApplicationConsent' } };
}

/** The partner's own apps consented into the customer (service principals of apps registered in the partner tenant). */
function partnerConsents(ctx: Ctx, tenant: TenantState): ReturnType<typeof servicePrincipals> {
  const apps = new Set(partnerTenant(ctx).apps.map((a) => a.clientId.toLowerCase()));
  return servicePrincipals(tenant).filter((sp) => apps.has(sp.appId));
}

function parseGrants(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ApiError(400, '400', 'applicationGrants must list at least one grant.', {}, { errorName: 'InvalidInput' });
  const roles: string[] = [];
  for (const g of raw as Partial<Grant>[]) {
    const resource = String(g.enterpriseApplicationId ?? '').toLowerCase();
    if (resource !== GRAPH_APP_ID && resource !== EXCHANGE_APP_ID && resource !== SHAREPOINT_APP_ID) {
      throw new ApiError(400, '400', `enterpriseApplicationId '${String(g.enterpriseApplicationId ?? '')}' is not an application the emulator models.`, {}, { errorName: 'InvalidInput' });
    }
    const scopes = String(g.scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (scopes.length === 0) throw new ApiError(400, '400', 'Every application grant needs a scope.', {}, { errorName: 'InvalidInput' });
    roles.push(...scopes.map((s) => (resource === SHAREPOINT_APP_ID ? `${SHAREPOINT_ROLE_PREFIX}${s}` : s)));
  }
  return [...new Set(roles)];
}

function customerTenant(ctx: Ctx): { id: string; tenant: TenantState } {
  const { customer, tenant } = customerOf(ctx);
  if (!tenant) throw new ApiError(404, '600026', `Customer '${customer.tenantId}' has no tenant in the emulator.`, {}, { errorName: 'CustomerNotFound' });
  return { id: customer.tenantId, tenant };
}

function create(ctx: Ctx): Reply {
  const { id, tenant } = customerTenant(ctx);
  authorise(ctx, id);
  const body = jsonBody(ctx);
  const appId = String(body.applicationId ?? '').toLowerCase();
  const app = partnerTenant(ctx).apps.find((a) => a.clientId.toLowerCase() === appId);
  if (!app) throw new ApiError(400, '400', `Application '${String(body.applicationId ?? '')}' is not registered in the partner tenant.`, {}, { errorName: 'InvalidInput' });
  const roles = parseGrants(body.applicationGrants);
  const existed = findServicePrincipal(tenant, appId) !== undefined;
  const sp = addServicePrincipal(tenant, { appId, displayName: typeof body.displayName === 'string' ? body.displayName : app.displayName });
  sp.appRoles = roles;
  return json(existed ? 200 : 201, consentView(id, sp));
}

function list(ctx: Ctx): Reply {
  const { id, tenant } = customerTenant(ctx);
  partnerUser(ctx, partnerTenant(ctx));
  const items = partnerConsents(ctx, tenant).map((sp) => consentView(id, sp));
  return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

function one(ctx: Ctx): Reply {
  const { id, tenant } = customerTenant(ctx);
  partnerUser(ctx, partnerTenant(ctx));
  const sp = partnerConsents(ctx, tenant).find((s) => s.appId === (ctx.params.app ?? '').toLowerCase());
  if (!sp) throw new ApiError(404, '404', `No application consent for '${ctx.params.app ?? ''}' in customer ${id}.`, {}, { errorName: 'NotFound' });
  return json(200, consentView(id, sp));
}

function remove(ctx: Ctx): Reply {
  const { id, tenant } = customerTenant(ctx);
  authorise(ctx, id);
  const appId = (ctx.params.app ?? '').toLowerCase();
  if (!partnerConsents(ctx, tenant).some((s) => s.appId === appId)) {
    throw new ApiError(404, '404', `No application consent for '${ctx.params.app ?? ''}' in customer ${id}.`, {}, { errorName: 'NotFound' });
  }
  removeServicePrincipal(tenant, appId);
  return { status: 204, headers: {}, body: '' };
}

export const consentRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/customers/:customer/applicationconsents', handler: create, write: true },
  { method: 'GET', pattern: '/v1/customers/:customer/applicationconsents', handler: list },
  { method: 'GET', pattern: '/v1/customers/:customer/applicationconsents/:app', handler: one },
  { method: 'DELETE', pattern: '/v1/customers/:customer/applicationconsents/:app', handler: remove, write: true },
];
