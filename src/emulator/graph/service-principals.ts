// `/v1.0/servicePrincipals`: the enterprise applications of a tenant, read-only, found by appId or displayName as
// Azure role assignments and memberships reference them. Seeded per tenant (`servicePrincipals` in the seed), made
// for each app registered in the tenant, and created or removed by Partner Center application consents.
import { createHash } from 'node:crypto';
import { json, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { compileFilter, isAdvanced, page, parseSelect, parseTop, project } from './odata.js';
import { notFound, odataContext, tenantOf } from './common.js';

/** `appRoles`: the app roles granted to it in this tenant (by value), served as appRoleAssignments would be. */
export interface ServicePrincipal {
  id: string; appId: string; displayName: string; servicePrincipalType: string; accountEnabled: boolean; appRoles?: string[];
}

const PROPS = new Set(['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled']);
const FILTERABLE = new Set(['id', 'appId', 'displayName']);
const DEFAULTS = [...PROPS];

/** A stable object id per tenant and application, so state files and seeds agree across restarts. */
export function servicePrincipalId(tenantId: string, appId: string): string {
  const h = createHash('sha1').update(`sp|${tenantId}|${appId.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function servicePrincipals(tenant: TenantState): ServicePrincipal[] {
  return (tenant.ext.servicePrincipals as ServicePrincipal[] | undefined) ?? [];
}

export function findServicePrincipal(tenant: TenantState, appId: string): ServicePrincipal | undefined {
  return servicePrincipals(tenant).find((s) => s.appId === appId.toLowerCase());
}

/** Adds the service principal, or merges `roles` into the one already there (a consent adds grants). */
export function addServicePrincipal(tenant: TenantState, sp: { appId: string; displayName?: string; roles?: string[] }): ServicePrincipal {
  const list = servicePrincipals(tenant);
  const existing = findServicePrincipal(tenant, sp.appId);
  if (existing) {
    if (sp.roles) existing.appRoles = [...new Set([...(existing.appRoles ?? []), ...sp.roles])];
    return existing;
  }
  const created: ServicePrincipal = {
    id: servicePrincipalId(tenant.tenantId, sp.appId), appId: sp.appId.toLowerCase(),
    displayName: sp.displayName ?? sp.appId, servicePrincipalType: 'Application', accountEnabled: true,
    ...(sp.roles ? { appRoles: [...sp.roles] } : {}),
  };
  tenant.ext.servicePrincipals = [...list, created];
  return created;
}

/** Removes the service principal; its directory role assignments go with it, as they do when Entra deletes one. */
export function removeServicePrincipal(tenant: TenantState, appId: string): ServicePrincipal | undefined {
  const sp = findServicePrincipal(tenant, appId);
  if (!sp) return undefined;
  tenant.ext.servicePrincipals = servicePrincipals(tenant).filter((s) => s !== sp);
  for (const [id, a] of tenant.roleAssignments) if (a.principalId === sp.id) tenant.roleAssignments.delete(id);
  return sp;
}

function list(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, PROPS, 'servicePrincipal');
  const filter = ctx.query.get('$filter');
  const pred = filter ? compileFilter(filter, FILTERABLE, 'servicePrincipal', isAdvanced(ctx)) : undefined;
  const items = servicePrincipals(tenant).filter((sp) => !pred || pred(sp as unknown as Record<string, unknown>));
  const { slice, nextLink } = page(ctx, items, parseTop(ctx));
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, 'servicePrincipals') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((sp) => project({ ...sp }, select, DEFAULTS));
  return json(200, body);
}

function get(ctx: Ctx): Reply {
  const key = (ctx.params.id ?? '').toLowerCase();
  const sp = servicePrincipals(tenantOf(ctx)).find((s) => s.id === key);
  if (!sp) throw notFound(ctx.params.id ?? '');
  return json(200, { '@odata.context': odataContext(ctx, 'servicePrincipals/$entity'), ...project({ ...sp }, parseSelect(ctx, PROPS, 'servicePrincipal'), DEFAULTS) });
}

export const servicePrincipalRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/servicePrincipals', handler: list },
  { method: 'GET', pattern: '/v1.0/servicePrincipals/:id', handler: get },
];
