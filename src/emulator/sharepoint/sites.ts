// Site collections. Communication sites are created with SPSiteManager (SharePoint/sp-dev-docs docs/apis/
// site-creation-rest.md: POST /_api/SPSiteManager/create with `request: {Title, Url, Lcid, WebTemplate, Owner, …}`,
// 200 `{SiteId, SiteStatus, SiteUrl}`, Owner required app-only; GET /_api/SPSiteManager/status?url='…', SiteStatus 0
// not found, 1 provisioning, 2 ready, 3 error). The tenant admin API on the admin host reads and sets a site's
// SiteProperties (Microsoft.Online.SharePoint.TenantAdministration.SiteProperties, the CSOM reference on
// learn.microsoft.com: Owner, Title, StorageMaximumLevel — the quota in MB, Int64 — and SharingCapability of
// SharingCapabilities, 0 Disabled, 1 ExternalUserSharingOnly, 2 ExternalUserAndGuestSharing, 3
// ExistingExternalUserSharingOnly) through its REST form `SPO.Tenant`: POST GetSitePropertiesFromSharePointByFilters
// (`speFilter: {Template, IncludePersonalSite, IncludeDetail}`), GET and PATCH `sites('{id}')`. Microsoft's pages
// show no REST example of these three: the paths and bodies are those the CLI for Microsoft 365 (pnp/
// cli-microsoft365) sends. A Microsoft 365 group's team site (GROUP#0, at /sites/<mailNickname>) is listed with its
// group's id; SharePoint makes it, not these calls. The emulator answers one page of sites and models no
// provisioning delay (the create page's example answers SiteStatus 2 at once).
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { initialDomain, type TenantState } from '../state.js';
import { sharePointSettingsOf } from '../graph/sharepoint-settings.js';
import { personalSites, setPersonalQuota } from './personal.js';

export interface SiteRecord {
  SiteId: string; Url: string; Title: string; Template: string; Owner: string; Lcid: number;
  StorageMaximumLevel: number; SharingCapability: number; GroupId: string; Status: string;
}

const SHARING = ['disabled', 'externalUserSharingOnly', 'externalUserAndGuestSharing', 'existingExternalUserSharingOnly'];
const NO_GROUP = '00000000-0000-0000-0000-000000000000';
const SETTABLE: Record<string, 'string' | 'number'> = { Title: 'string', Owner: 'string', StorageMaximumLevel: 'number', SharingCapability: 'number' };

function tenantOfCtx(ctx: Ctx): TenantState {
  if (!ctx.tenant) throw new ApiError(401, 'Unauthorized', 'Unsupported app only token.');
  return ctx.tenant;
}

export function sitesOf(tenant: TenantState): SiteRecord[] {
  return ((tenant.ext.sharepointSites as SiteRecord[] | undefined) ??= []);
}

const rootHost = (tenant: TenantState): string => `${initialDomain(tenant).split('.')[0]!.toLowerCase()}.sharepoint.com`;
const sameUrl = (a: string, b: string): boolean => a.replace(/\/+$/, '').normalize('NFC').toLowerCase() === b.replace(/\/+$/, '').normalize('NFC').toLowerCase();

/** Every site collection of the tenant: the ones created here, each Microsoft 365 group's team site, and OneDrives. */
function allSites(tenant: TenantState, personal = false): SiteRecord[] {
  const settings = sharePointSettingsOf(tenant);
  const groupSites = [...tenant.groups.values()]
    .filter((g) => Array.isArray(g.props.groupTypes) && (g.props.groupTypes as string[]).includes('Unified'))
    .map((g): SiteRecord => ({
      SiteId: g.id, Url: `https://${rootHost(tenant)}/sites/${String(g.props.mailNickname)}`, Title: String(g.props.displayName), Template: 'GROUP#0',
      Owner: g.id, Lcid: 1033, StorageMaximumLevel: Number(settings.siteCreationDefaultStorageLimitInMB), GroupId: g.id,
      SharingCapability: SHARING.indexOf(String(settings.sharingCapability)), Status: 'Active',
    }));
  return [...sitesOf(tenant), ...groupSites, ...(personal ? personalSites(tenant) : [])];
}

function requireAdminHost(ctx: Ctx): void {
  if (!/-admin\.sharepoint\.com$/i.test(ctx.params.host ?? '')) {
    throw new ApiError(403, '-2147024891, System.UnauthorizedAccessException', 'Access denied. You do not have permission to perform this action or access this resource.');
  }
}

function create(ctx: Ctx): Reply {
  const tenant = tenantOfCtx(ctx);
  const request = jsonBody(ctx).request as Record<string, unknown> | undefined;
  const bad = (m: string) => new ApiError(400, 'Microsoft.SharePoint.Client.InvalidClientQueryException', m);
  if (!request || typeof request !== 'object') throw bad("The parameter 'request' is missing.");
  const { Title, Url, WebTemplate, Owner } = request;
  if (typeof Title !== 'string' || Title.trim() === '') throw bad('Title is required.');
  if (WebTemplate !== 'SITEPAGEPUBLISHING#0' && WebTemplate !== 'STS#3') throw bad(`The web template '${String(WebTemplate)}' is not supported.`);
  const url = typeof Url === 'string' ? Url : '';
  if (!new RegExp(`^https://${rootHost(tenant).replace(/\./g, '\\.')}/(sites|teams)/[^\\s"#%*:<>?/\\\\|]+$`, 'i').test(url)) throw bad(`The URL '${url}' is not a site URL of this tenant.`);
  // Microsoft's page says only that app-only callers must name the owner; the wording here is the emulator's.
  if (typeof Owner !== 'string' || !tenant.upnIndex.has(Owner.toLowerCase())) throw bad('Owner is required for app-only calls and must be a user of the tenant.');
  // Microsoft documents no answer for a URL already taken; the emulator refuses it rather than answer another site.
  if (allSites(tenant).some((s) => sameUrl(s.Url, url))) throw bad(`A site already exists at ${url}.`);
  const settings = sharePointSettingsOf(tenant);
  const site: SiteRecord = {
    SiteId: randomUUID(), Url: url, Title, Template: WebTemplate, Owner: Owner.toLowerCase(), Lcid: Number(request.Lcid ?? 1033),
    StorageMaximumLevel: Number(settings.siteCreationDefaultStorageLimitInMB), SharingCapability: SHARING.indexOf(String(settings.sharingCapability)),
    GroupId: NO_GROUP, Status: 'Active',
  };
  sitesOf(tenant).push(site);
  ctx.core.changed();
  return json(200, { SiteId: site.SiteId, SiteStatus: 2, SiteUrl: site.Url });
}

function status(ctx: Ctx): Reply {
  const raw = ctx.query.get('url') ?? '';
  const url = raw.replace(/^'(.*)'$/, '$1');
  const site = allSites(tenantOfCtx(ctx)).find((s) => sameUrl(s.Url, url));
  return json(200, site ? { SiteId: site.SiteId, SiteStatus: 2, SiteUrl: site.Url } : { SiteId: null, SiteStatus: 0, SiteUrl: null });
}

function byFilters(ctx: Ctx): Reply {
  requireAdminHost(ctx);
  const filter = (jsonBody(ctx).speFilter ?? {}) as Record<string, unknown>;
  // A template without its configuration (`SPSPERS`) takes every configuration of it, as Get-SPOSite -Template does.
  const template = typeof filter.Template === 'string' ? filter.Template : undefined;
  const personal = filter.IncludePersonalSite === 1 || filter.IncludePersonalSite === true;
  const sites = allSites(tenantOfCtx(ctx), personal).filter((s) => !template || s.Template === template || s.Template.split('#')[0] === template);
  return json(200, { value: sites });
}

function remove(ctx: Ctx): Reply {
  const tenant = tenantOfCtx(ctx);
  const id = String(jsonBody(ctx).siteId ?? '').toLowerCase();
  const sites = sitesOf(tenant);
  const at = sites.findIndex((s) => s.SiteId.toLowerCase() === id);
  // A group's site goes with its group; the emulator keeps no site recycle bin.
  if (at < 0) throw new ApiError(404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
  sites.splice(at, 1);
  ctx.core.changed();
  return json(200, {});
}

function siteOf(ctx: Ctx): SiteRecord {
  requireAdminHost(ctx);
  const id = /^sites\('([0-9a-f-]{36})'\)$/i.exec(ctx.params.entity ?? '')?.[1]?.toLowerCase();
  const site = id ? allSites(tenantOfCtx(ctx), true).find((s) => s.SiteId.toLowerCase() === id) : undefined;
  if (!site) throw new ApiError(404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
  return site;
}

function patch(ctx: Ctx): Reply {
  const site = siteOf(ctx);
  const body = jsonBody(ctx);
  const tenant = tenantOfCtx(ctx);
  for (const [k, v] of Object.entries(body)) {
    const type = SETTABLE[k];
    if (!type) throw new ApiError(400, 'Microsoft.SharePoint.Client.InvalidClientQueryException', `The property '${k}' does not exist on type 'Microsoft.Online.SharePoint.TenantAdministration.SiteProperties'. Make sure to only use property names that are defined by the type.`);
    if (typeof v !== type || (k === 'SharingCapability' && !(Number.isInteger(v) && (v as number) >= 0 && (v as number) < SHARING.length))) {
      throw new ApiError(400, 'Microsoft.SharePoint.Client.InvalidClientQueryException', `A value of the property '${k}' is not valid.`);
    }
    if (k === 'Owner' && !tenant.upnIndex.has(String(v).toLowerCase())) throw new ApiError(400, 'Microsoft.SharePoint.SPException', `The user ${String(v)} does not exist or is not unique.`);
  }
  if (site.Template === 'GROUP#0') throw new ApiError(400, 'Microsoft.SharePoint.SPException', 'The site belongs to a Microsoft 365 group; change it through the group.');
  if (site.Template.startsWith('SPSPERS')) {
    if (Object.keys(body).some((k) => k !== 'StorageMaximumLevel')) throw new ApiError(400, 'Microsoft.SharePoint.SPException', 'Only the storage quota of a OneDrive is set here.');
    setPersonalQuota(tenant, site.SiteId, Number(body.StorageMaximumLevel));
    ctx.core.changed();
    return { status: 204 };
  }
  Object.assign(site, body, typeof body.Owner === 'string' ? { Owner: body.Owner.toLowerCase() } : {});
  ctx.core.changed();
  return { status: 204 };
}

export const siteRoutes: Route[] = [
  { method: 'POST', pattern: '/:host/_api/SPSiteManager/create', handler: create, write: true },
  { method: 'POST', pattern: '/:host/_api/SPSiteManager/delete', handler: remove, write: true },
  { method: 'GET', pattern: '/:host/_api/SPSiteManager/status', handler: status },
  { method: 'POST', pattern: '/:host/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters', handler: byFilters },
  { method: 'GET', pattern: '/:host/_api/SPO.Tenant/:entity', handler: (ctx) => json(200, siteOf(ctx)) },
  { method: 'PATCH', pattern: '/:host/_api/SPO.Tenant/:entity', handler: patch, write: true },
];
