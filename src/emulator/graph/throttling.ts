// Graph's throttling limits as Microsoft publishes them (microsoft-graph-docs-contrib, concepts/throttling-limits.md):
// - every request: 2,000 per second per app across all tenants;
// - identity and access resources (users, groups, subscribedSkus, organization, directory objects, ...): a resource
//   unit (RU) bucket per app+tenant of 3,500 / 5,000 / 8,000 per 10 s by tenant size, 150,000 RU per 20 s per app,
//   and writes 3,000 per 150 s per app+tenant, 70,000 per 5 min per app, 18,000 per 5 min per tenant (all apps);
// - identity and access reports (auditLogs, reports): 5 requests per 10 s per app+tenant.
// Costs follow the page's base cost table with its `$select`/`$expand`/`$top` modifiers. Refusals carry
// x-ms-throttle-scope (`<Scope>/<Limit>/<ApplicationId>/<TenantId>`) and x-ms-throttle-information.
import type { Ctx } from '../router.js';
import { budgetFor, type Limit, type Metered } from '../throttle.js';
import { teamsLimits } from './teams-throttling.js';

const SECOND = 1000;

/** Resources of the identity and access service limits (first path segment, lower case). */
const IDENTITY = new Set([
  'applications', 'contracts', 'devices', 'directory', 'directoryobjects', 'directoryroles', 'directoryroletemplates',
  'domains', 'groups', 'groupsettings', 'groupsettingtemplates', 'contacts', 'oauth2permissiongrants', 'organization',
  'policies', 'serviceprincipals', 'subscribedskus', 'users', 'me', 'getobjectsbyid', 'ismemberof',
]);
const REPORTS = new Set(['auditlogs', 'reports']);

interface Cost { ru: number; writes?: number }

/** The base cost table; `{id}` matches one segment, and `users/{id}/…` costs what `me/…` costs. */
const BASE: Record<string, Cost> = {
  'GET applications': { ru: 2 },
  'GET applications/{id}/extensionproperties': { ru: 2 },
  'GET contracts': { ru: 3 },
  'POST directoryobjects/getbyids': { ru: 3, writes: 0 },
  'GET domains/{id}/domainnamereferences': { ru: 4 },
  'POST getobjectsbyid': { ru: 3, writes: 0 },
  'GET groups/{id}/members': { ru: 3 },
  'GET groups/{id}/transitivemembers': { ru: 5 },
  'POST ismemberof': { ru: 4, writes: 0 },
  'POST me/checkmembergroups': { ru: 4, writes: 0 },
  'POST me/checkmemberobjects': { ru: 4, writes: 0 },
  'POST me/getmembergroups': { ru: 2, writes: 0 },
  'POST me/getmemberobjects': { ru: 2, writes: 0 },
  'GET me/licensedetails': { ru: 2 },
  'GET me/memberof': { ru: 2 },
  'GET me/ownedobjects': { ru: 2 },
  'GET me/transitivememberof': { ru: 2 },
  'GET oauth2permissiongrants': { ru: 2 },
  'GET oauth2permissiongrants/{id}': { ru: 2 },
  'GET serviceprincipals/{id}/approleassignments': { ru: 2 },
  'GET subscribedskus': { ru: 3 },
  'GET users': { ru: 2 },
};

function segments(path: string): string[] {
  return path.split('/').filter(Boolean).slice(1).map((s) => s.toLowerCase());
}

const TABLE = Object.entries(BASE).map(([k, cost]) => {
  const [method, path] = k.split(' ') as [string, string];
  return { method, parts: path.split('/'), cost };
});

const fits = (parts: string[], segs: string[]): boolean =>
  parts.length === segs.length && parts.every((p, i) => p === '{id}' || p === segs[i]);

function baseCost(method: string, segs: string[]): Cost {
  const asMe = segs[0] === 'users' && segs.length > 2 ? ['me', ...segs.slice(2)] : undefined;
  const row = TABLE.find((r) => r.method === method && (fits(r.parts, segs) || (asMe !== undefined && fits(r.parts, asMe))));
  const writes = method === 'GET' ? 0 : 1;
  return row ? { ru: row.cost.ru, writes: row.cost.writes ?? writes } : { ru: 1, writes };
}

/** Resource units and writes of one identity request, with the query modifiers; never below 1 unit. */
export function identityCost(method: string, path: string, query: URLSearchParams): Cost & { writes: number } {
  const base = baseCost(method.toUpperCase(), segments(path));
  let ru = base.ru;
  if (query.has('$select')) ru -= 1;
  if (query.has('$expand')) ru += 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && Number.isFinite(top) && top < 20) ru -= 1;
  return { ru: Math.max(1, ru), writes: base.writes ?? 0 };
}

/** Key of the app+tenant RU bucket, which the control endpoint sets to rehearse a throttled run. */
export const ruKey = (appId: string, tenantId: string): string => `graph/ru/${appId}|${tenantId}`;

interface Scope { app: string; tenant: string }

function limit(key: string, capacity: number, windowMs: number, units: number, scope: string, info: string, message: string): Limit {
  return { key, capacity, windowMs, units, headers: { 'x-ms-throttle-scope': scope, 'x-ms-throttle-information': info }, message };
}

const RU_MESSAGE = 'Too many requests: the application has exceeded its resource unit budget. Retry after the time in Retry-After.';
const WRITE_MESSAGE = 'Too many requests: the write quota is exhausted. Retry after the time in Retry-After.';

/** The identity limits in the order they are checked: the narrowest scope first. */
function identityLimits({ app, tenant }: Scope, users: number, cost: { ru: number; writes: number }): Limit[] {
  const id = `${app}/${tenant}`;
  const out = [limit(ruKey(app, tenant), budgetFor(users), 10 * SECOND, cost.ru, `Tenant_Application/ReadWrite/${id}`, 'ResourceUnitLimitExceeded', RU_MESSAGE)];
  if (cost.writes > 0) {
    out.push(
      limit(`graph/w/${app}|${tenant}`, 3000, 150 * SECOND, cost.writes, `Tenant_Application/Write/${id}`, 'WriteLimitExceeded', WRITE_MESSAGE),
      limit(`graph/w/tenant|${tenant}`, 18_000, 300 * SECOND, cost.writes, `Tenant/Write/${id}`, 'WriteLimitExceeded', WRITE_MESSAGE),
    );
  }
  out.push(limit(`graph/ru/${app}`, 150_000, 20 * SECOND, cost.ru, `Application/ReadWrite/${id}`, 'ResourceUnitLimitExceeded', RU_MESSAGE));
  if (cost.writes > 0) {
    out.push(limit(`graph/w/${app}`, 70_000, 300 * SECOND, cost.writes, `Application/Write/${id}`, 'WriteLimitExceeded', WRITE_MESSAGE));
  }
  return out;
}

/** The page names no headers for these two limits, so their refusals carry Retry-After only. */
function plainLimit(key: string, capacity: number, windowMs: number, message: string): Limit {
  return { key, capacity, windowMs, units: 1, headers: {}, message };
}

/** What a Graph request is charged; `$batch` itself is free, its inner requests are metered one by one. */
export function graphMeter(ctx: Ctx): Metered | undefined {
  const segs = segments(ctx.path);
  const tenant = ctx.tenant;
  if (segs[0] === '$batch' || !tenant) return undefined;
  const scope = { app: ctx.token?.appid ?? '', tenant: tenant.tenantId };
  const global = plainLimit(`graph/any/${scope.app}`, 2000, SECOND, 'Too many requests: the application has exceeded 2,000 requests per second.');
  if (REPORTS.has(segs[0] ?? '')) {
    const reports = plainLimit(`graph/reports/${scope.app}|${scope.tenant}`, 5, 10 * SECOND, 'Too many requests: reports allow 5 requests per 10 seconds per application and tenant.');
    return { limits: [reports, global] };
  }
  const teams = teamsLimits(ctx.method, segs, scope.app, scope.tenant);
  if (teams) return { limits: [...teams, global] };
  if (!IDENTITY.has(segs[0] ?? '')) return { limits: [global] };
  const cost = identityCost(ctx.method, ctx.path, ctx.query);
  return { resourceUnits: cost.ru, limits: [...identityLimits(scope, tenant.users.size, cost), global], reportsUsage: true };
}
