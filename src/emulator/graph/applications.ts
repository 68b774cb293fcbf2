// `/v1.0/applications`: the app registrations of a tenant (its seed `apps`), read-only, as doctor reads its own app
// to warn before a client secret expires. Shape: api-reference/v1.0/resources/application.md and
// passwordCredential.md (`keyId`, `displayName`, `hint` — the first three characters —, `startDateTime`,
// `endDateTime`; `secretText` is only returned when the secret is added, so it is null here). The list takes
// `$filter=appId eq '…'` and `$select` (api-reference/v1.0/api/application-list.md).
import { createHash } from 'node:crypto';
import { json, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { compileFilter, isAdvanced, page, parseSelect, parseTop, project } from './odata.js';
import { odataContext, tenantOf } from './common.js';

type App = TenantState['apps'][number];

const PROPS = new Set(['id', 'appId', 'displayName', 'signInAudience', 'passwordCredentials', 'keyCredentials']);
const DEFAULTS = [...PROPS];
const FILTERABLE = new Set(['id', 'appId', 'displayName']);
/** The Entra admin center's recommended client secret lifetime, used when a seed names no expiry. */
export const DEFAULT_SECRET_LIFETIME_MS = 180 * 86_400_000;

const guidOf = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function view(tenant: TenantState, app: App): Record<string, unknown> {
  const appId = app.clientId.toLowerCase();
  const start = new Date(tenant.createdMs).toISOString();
  const end = app.clientSecretExpires ?? new Date(tenant.createdMs + DEFAULT_SECRET_LIFETIME_MS).toISOString();
  const passwordCredentials = app.clientSecret === undefined ? [] : [{
    customKeyIdentifier: null, displayName: 'tenantform', endDateTime: end, hint: app.clientSecret.slice(0, 3),
    keyId: guidOf(`secret|${tenant.tenantId}|${appId}`), secretText: null, startDateTime: start,
  }];
  return {
    id: guidOf(`app|${tenant.tenantId}|${appId}`), appId, displayName: app.displayName ?? appId, signInAudience: 'AzureADMultipleOrgs',
    passwordCredentials, keyCredentials: [],
  };
}

function list(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, PROPS, 'application');
  const filter = ctx.query.get('$filter');
  const pred = filter ? compileFilter(filter, FILTERABLE, 'application', isAdvanced(ctx)) : undefined;
  const items = tenant.apps.map((a) => view(tenant, a)).filter((a) => !pred || pred(a));
  const { slice, nextLink } = page(ctx, items, parseTop(ctx));
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, 'applications') };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((a) => project(a, select, DEFAULTS));
  return json(200, body);
}

export const applicationRoutes: Route[] = [{ method: 'GET', pattern: '/v1.0/applications', handler: list }];
