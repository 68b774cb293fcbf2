// The control endpoint under /_emulator (no token): statistics, faults and throttling on demand, out-of-band
// changes made "as a portal admin" (run through the real service routes, audited under that admin) for drift tests,
// seat counts of a SKU (`PATCH /_emulator/tenants/{tenant}/skus/{skuId|skuPartNumber}` `{seats}`), a guest redeeming
// its invitation (`POST /_emulator/tenants/{tenant}/invitations/redeem` `{email, issuer?}`), and the clock
// (`POST /_emulator/clock` `{advanceMs}`), for tests that drive the emulator from another process.
import { createHash, randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type ServiceModule } from './router.js';
import type { EmulatorServer } from './server.js';
import { getTenant } from './state.js';
import { AUDIENCES, issueToken } from './tokens.js';
import { GRAPH_PERMISSIONS } from './graph/permissions.js';
import { budgetFor } from './throttle.js';
import { ruKey } from './graph/throttling.js';
import { actAs } from './graph/audit.js';
import { approveGdapRelationship } from './graph/gdap-model.js';
import { redeemInvitation } from './graph/invitations.js';

/** The Azure portal's application id: out-of-band changes carry it, as the portal's own writes do. */
export const PORTAL_APP_ID = 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c';

interface ChangeRequest { method: string; url: string; body?: unknown; headers?: Record<string, string> }

function stableId(text: string): string {
  const h = createHash('sha1').update(text.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function tenantOrThrow(ctx: Ctx, id: string): NonNullable<ReturnType<typeof getTenant>> {
  const tenant = getTenant(ctx.state, id);
  if (!tenant) throw new ApiError(404, 'TenantNotFound', `The emulator has no tenant '${id}'.`);
  return tenant;
}

export function controlModule(server: () => EmulatorServer, modules: () => ServiceModule[]): ServiceModule {
  const stats = (ctx: Ctx): Reply => json(200, {
    requests: { ...server().counts },
    partner: ctx.state.partner ? { tenantId: ctx.state.partner.tenantId } : null,
    tenants: [...ctx.state.tenants.values()].map((t) => ({
      tenantId: t.tenantId, displayName: t.displayName, users: t.users.size, groups: t.groups.size,
      deletedUsers: t.deletedUsers.size, auditEntries: t.audit.length,
    })),
  });

  const faults = (ctx: Ctx): Reply => {
    const { spec, tenantId, path } = jsonBody(ctx);
    if (spec !== null && typeof spec !== 'string') throw new ApiError(400, 'BadRequest', "'spec' must be a fault spec string or null.");
    if (path !== undefined && typeof path !== 'string') throw new ApiError(400, 'BadRequest', "'path' must be a request path such as /v1.0/users/$count.");
    if (tenantId !== undefined) tenantOrThrow(ctx, String(tenantId));
    try {
      server().setFaults(spec ?? undefined, tenantId === undefined ? undefined : String(tenantId), path);
    } catch (err) {
      throw new ApiError(400, 'BadRequest', (err as Error).message);
    }
    return json(204);
  };

  // `{enabled}` switches every limit off or on, as --no-throttling does at start; otherwise it sets a client's units.
  const throttle = (ctx: Ctx): Reply => {
    const body = jsonBody(ctx);
    if (typeof body.enabled === 'boolean') {
      server().throttling = body.enabled;
      return json(204);
    }
    const tenant = tenantOrThrow(ctx, String(body.tenantId ?? ''));
    const units = Number(body.units);
    if (typeof body.clientId !== 'string' || !Number.isFinite(units)) throw new ApiError(400, 'BadRequest', "'clientId' and numeric 'units', or boolean 'enabled', are required.");
    server().throttle.set(ruKey(body.clientId, tenant.tenantId), budgetFor(tenant.users.size), units);
    return json(204);
  };

  const changes = async (ctx: Ctx): Promise<Reply> => {
    const tenant = tenantOrThrow(ctx, ctx.params.tenant ?? '');
    const body = jsonBody(ctx);
    const actor = (body.actor ?? {}) as Record<string, unknown>;
    const upn = actor.userPrincipalName;
    if (typeof upn !== 'string' || !Array.isArray(body.requests)) {
      throw new ApiError(400, 'BadRequest', "Expected {actor: {userPrincipalName, displayName?}, requests: [{method, url, body?}]}.");
    }
    const known = tenant.users.get(tenant.upnIndex.get(upn.toLowerCase()) ?? '');
    const admin = {
      kind: 'user' as const, id: known?.id ?? stableId(upn), userPrincipalName: upn,
      displayName: String(actor.displayName ?? known?.props.displayName ?? upn),
    };
    // The admin acts in the portal as a Global Administrator: whatever any emulated Graph route allows.
    const roles = [...new Set(Object.values(GRAPH_PERMISSIONS).filter((v): v is string[] => Array.isArray(v)).flat())];
    const token = issueToken(ctx.state, { aud: AUDIENCES.graph, tid: tenant.tenantId, appid: PORTAL_APP_ID, azp: PORTAL_APP_ID, oid: admin.id, sub: admin.id, roles, app_displayname: 'Azure Portal' });
    const responses: { status: number; body?: unknown }[] = [];
    for (const r of body.requests as ChangeRequest[]) {
      const url = new URL(r.url.startsWith('/v1.0') || !r.url.startsWith('/') ? r.url : `/v1.0${r.url}`, ctx.origin);
      const path = decodeURIComponent(url.pathname);
      const module = modules().find((m) => m.matches(path) && m.audience === AUDIENCES.graph);
      if (!module) throw new ApiError(400, 'BadRequest', `Not a Graph path: ${r.url}`);
      const inner: Ctx = {
        method: r.method.toUpperCase(), path, query: url.searchParams, params: {}, origin: ctx.origin,
        headers: { ...(r.headers ?? {}), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        rawBody: r.body === undefined ? '' : JSON.stringify(r.body), requestId: randomUUID(), clientRequestId: randomUUID(),
        state: ctx.state, core: ctx.core, resHeaders: {},
      };
      actAs(inner, admin);
      const reply = await ctx.core.dispatch(inner, module);
      responses.push({ status: reply.status, body: reply.body });
    }
    return json(200, { responses });
  };

  // The customer's Global Administrator approving a GDAP request, which only the customer can do.
  const approveGdap = (ctx: Ctx): Reply => {
    try {
      return json(200, approveGdapRelationship(ctx.state, ctx.params.id ?? ''));
    } catch (err) {
      const message = (err as Error).message;
      throw new ApiError(message.startsWith('no GDAP') ? 404 : 409, message.startsWith('no GDAP') ? 'NotFound' : 'Conflict', message);
    }
  };

  // A guest redeeming its invitation (`{email, issuer?}`), which only the guest can do, in a browser.
  const redeem = (ctx: Ctx): Reply => {
    const tenant = tenantOrThrow(ctx, ctx.params.tenant ?? '');
    const { email, issuer } = jsonBody(ctx);
    if (typeof email !== 'string' || (issuer !== undefined && typeof issuer !== 'string')) throw new ApiError(400, 'BadRequest', "Expected {email, issuer?}.");
    return json(200, redeemInvitation(ctx, tenant, email, issuer));
  };

  // Time only moves forward, as it does for the services; the answer says where it now stands.
  const clock = (ctx: Ctx): Reply => {
    const advanceMs = jsonBody(ctx).advanceMs ?? 0;
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
      throw new ApiError(400, 'BadRequest', "'advanceMs' must be a non-negative number of milliseconds.");
    }
    ctx.state.clock.advance(advanceMs);
    return json(200, { now: ctx.state.clock.iso(), nowMs: ctx.state.clock.now() });
  };

  // A partner buying or cancelling seats: the SKU's prepaid units change as Partner Center would make them.
  const seats = (ctx: Ctx): Reply => {
    const tenant = tenantOrThrow(ctx, ctx.params.tenant ?? '');
    const key = (ctx.params.sku ?? '').toLowerCase();
    const sku = tenant.skus.find((s) => s.skuId.toLowerCase() === key || s.skuPartNumber.toLowerCase() === key);
    if (!sku) throw new ApiError(404, 'SkuNotFound', `The tenant has no SKU '${ctx.params.sku ?? ''}'.`);
    const n = jsonBody(ctx).seats;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new ApiError(400, 'BadRequest', "'seats' must be a non-negative integer.");
    sku.seats = n;
    return json(200, { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, seats: sku.seats });
  };

  return {
    name: 'control',
    faults: false,
    matches: (path) => path.startsWith('/_emulator/'),
    errorReply: (_ctx, err) => json(err.status, { error: { code: err.code, message: err.message } }),
    routes: [
      { method: 'GET', pattern: '/_emulator/stats', handler: stats },
      { method: 'POST', pattern: '/_emulator/faults', handler: faults },
      { method: 'POST', pattern: '/_emulator/throttle', handler: throttle },
      { method: 'POST', pattern: '/_emulator/clock', handler: clock },
      { method: 'POST', pattern: '/_emulator/tenants/:tenant/changes', handler: changes },
      { method: 'POST', pattern: '/_emulator/gdap/:id/approve', handler: approveGdap, write: true },
      { method: 'PATCH', pattern: '/_emulator/tenants/:tenant/skus/:sku', handler: seats, write: true },
      { method: 'POST', pattern: '/_emulator/tenants/:tenant/invitations/redeem', handler: redeem, write: true },
    ],
  };
}
