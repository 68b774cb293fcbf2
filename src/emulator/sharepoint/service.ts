// SharePoint Online's REST API on the tenant's own hosts (`contoso.sharepoint.com`, `contoso-admin.sharepoint.com`),
// served under the emulator's one origin with the host as the first path segment:
// `/contoso-admin.sharepoint.com/_api/SPSiteManager/create`. A host belongs to the tenant whose initial
// `.onmicrosoft.com` domain has its first label; its tokens carry `https://<host>` as audience.
// Access, as SharePoint decides it for app-only tokens:
// - a token got with a client secret (`appidacr` 1) is refused 401 "Unsupported app only token." (SharePoint's
//   answer; Microsoft's page, learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread, FAQ: "all
//   other options [than certificates] are blocked by SharePoint Online and will result in an Access Denied message");
// - the admin API needs the SharePoint app role Sites.FullControl.All (the permission that page grants), else 403.
import { ApiError, json, type Ctx, type Reply, type ServiceModule } from '../router.js';
import { initialDomain, type EmulatorState } from '../state.js';
import { siteRoutes } from './sites.js';

const HOST = /^\/([a-z0-9-]+?)(-admin|-my)?\.sharepoint\.com(?=\/)/i;

/** The tenant id a SharePoint host belongs to, or undefined when no tenant's initial domain names it. */
export function tenantOfHost(state: EmulatorState, path: string): string | undefined {
  const name = HOST.exec(path)?.[1]?.toLowerCase();
  if (!name) return undefined;
  for (const t of state.tenants.values()) if (initialDomain(t).toLowerCase() === `${name}.onmicrosoft.com`) return t.tenantId;
  return undefined;
}

/** SharePoint's error bodies: an authentication refusal as `error_description`, the rest as OData's `error`. */
function sharePointError(_ctx: Ctx, err: ApiError): Reply {
  if (err.status === 401) return json(401, { error_description: err.message }, { 'WWW-Authenticate': 'Bearer realm="", client_id="00000003-0000-0ff1-ce00-000000000000"' });
  return json(err.status, { error: { code: err.code, message: err.message } });
}

export function sharePointService(): ServiceModule {
  return {
    name: 'sharepoint',
    faults: true,
    matches: (path) => HOST.test(path) && /^\/[^/]+\/_api\//i.test(path),
    audienceFor: (path) => `https://${(/^\/([^/]+)/.exec(path)?.[1] ?? '').toLowerCase()}`,
    errorReply: sharePointError,
    authorize(ctx) {
      // A host of another tenant (or of none) does not take this tenant's token.
      // (The words are the emulator's: Microsoft documents none for it.)
      if (tenantOfHost(ctx.state, ctx.path) !== ctx.token?.tid.toLowerCase()) throw new ApiError(401, 'Unauthorized', 'Invalid audience Uri.');
      if (ctx.token?.appidacr === '1') throw new ApiError(401, 'Unauthorized', 'Unsupported app only token.');
      if (!(ctx.token?.roles ?? []).includes('Sites.FullControl.All')) {
        throw new ApiError(403, '-2147024891, System.UnauthorizedAccessException', 'Access denied. You do not have permission to perform this action or access this resource.');
      }
    },
    routes: siteRoutes,
  };
}
