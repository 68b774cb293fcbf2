// Partner Admin Link (Microsoft.ManagementPartner, api-version 2018-02-01): one link per tenant, set by the
// credential that calls it. PUT creates, PATCH moves the link to another partner id, DELETE removes it.
import { ApiError, json, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { callerTenant, requireApiVersion } from './common.js';

interface LinkMeta { version: number; createdTime: string; updatedTime: string }

const BASE = '/providers/Microsoft.ManagementPartner/partners';

function view(ctx: Ctx, tenant: TenantState): Record<string, unknown> {
  const link = tenant.azure.adminLink as NonNullable<TenantState['azure']['adminLink']>;
  const meta = (tenant.ext.adminLinkMeta as LinkMeta | undefined) ?? { version: 1, createdTime: new Date(tenant.createdMs).toISOString(), updatedTime: new Date(tenant.createdMs).toISOString() };
  return {
    id: `/providers/microsoft.managementpartner/partners/${link.partnerId}`, name: link.partnerId,
    type: 'Microsoft.ManagementPartner/partner', etag: meta.version,
    properties: {
      partnerId: link.partnerId, partnerName: link.partnerName ?? partnerName(ctx, link.partnerId), tenantId: tenant.tenantId,
      objectId: link.objectId ?? ctx.token?.oid, version: meta.version, updatedTime: meta.updatedTime, createdTime: meta.createdTime, state: 'Active',
    },
  };
}

function partnerName(ctx: Ctx, partnerId: string): string {
  const p = ctx.state.partner;
  if (p?.mpnId === partnerId) return ctx.state.tenants.get(p.tenantId)?.displayName ?? `Partner ${partnerId}`;
  return `Partner ${partnerId}`;
}

function validId(ctx: Ctx): string {
  requireApiVersion(ctx);
  const id = ctx.params.partnerId ?? '';
  if (!/^\d+$/.test(id)) throw new ApiError(400, 'BadRequest', `The partner id '${id}' is not valid: a Microsoft partner id (MPN id) is numeric.`);
  return id;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'PartnerNotFound', `Partner '${id}' is not linked to this tenant and user.`);
}

function get(ctx: Ctx): Reply {
  const id = ctx.params.partnerId === undefined ? undefined : validId(ctx);
  requireApiVersion(ctx);
  const tenant = callerTenant(ctx);
  const link = tenant.azure.adminLink;
  if (!link || (id !== undefined && link.partnerId !== id)) throw notFound(id ?? '');
  return json(200, view(ctx, tenant));
}

function write(ctx: Ctx, link: { partnerId: string }, previous?: LinkMeta): Reply {
  const tenant = callerTenant(ctx);
  const now = ctx.state.clock.iso();
  tenant.azure.adminLink = { partnerId: link.partnerId, partnerName: partnerName(ctx, link.partnerId), objectId: ctx.token?.oid };
  tenant.ext.adminLinkMeta = { version: (previous?.version ?? 0) + 1, createdTime: previous?.createdTime ?? now, updatedTime: now } satisfies LinkMeta;
  return json(200, view(ctx, tenant));
}

function put(ctx: Ctx): Reply {
  const id = validId(ctx);
  const tenant = callerTenant(ctx);
  const current = tenant.azure.adminLink;
  if (current && current.partnerId !== id) {
    throw new ApiError(409, 'Conflict', `This tenant and user are already linked to partner '${current.partnerId}'. Use PATCH to change the partner id.`);
  }
  return write(ctx, { partnerId: id }, tenant.ext.adminLinkMeta as LinkMeta | undefined);
}

function patch(ctx: Ctx): Reply {
  const id = validId(ctx);
  const tenant = callerTenant(ctx);
  if (!tenant.azure.adminLink) throw notFound(id);
  return write(ctx, { partnerId: id }, tenant.ext.adminLinkMeta as LinkMeta | undefined);
}

function remove(ctx: Ctx): Reply {
  const id = validId(ctx);
  const tenant = callerTenant(ctx);
  if (!tenant.azure.adminLink || tenant.azure.adminLink.partnerId !== id) throw notFound(id);
  tenant.azure.adminLink = undefined;
  delete tenant.ext.adminLinkMeta;
  return json(200);
}

export const partnerLinkRoutes: Route[] = [
  { method: 'GET', pattern: BASE, handler: get },
  { method: 'GET', pattern: `${BASE}/:partnerId`, handler: get },
  { method: 'PUT', pattern: `${BASE}/:partnerId`, handler: put, write: true },
  { method: 'PATCH', pattern: `${BASE}/:partnerId`, handler: patch, write: true },
  { method: 'DELETE', pattern: `${BASE}/:partnerId`, handler: remove, write: true },
];
