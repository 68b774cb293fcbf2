// The tenant's SharePoint and OneDrive settings, one object per tenant: GET and PATCH /admin/sharepoint/settings
// (microsoft-graph-docs-contrib api-reference/v1.0/api/sharepointsettings-get.md, sharepointsettings-update.md: 200
// with the updated object). Property types are the CSDL's `sharepointSettings` (/work/shared/reference/
// graph-v1.0.csdl); the update page lists what a PATCH may set, so `availableManagedPathsForSiteCreation` is served
// and refused as read-only. The get page's example wraps the object in `value`, which no Graph entity read does (its
// text says "a settings object in the response body", as the update page's example shows it): the object is served
// bare. A new tenant starts from the get page's example values, except that nothing restricts sharing to domains
// (empty domain lists, mode `none`) and no sync-app domain is trusted: what a tenant nobody has tightened holds.
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import type { TenantState } from '../state.js';
import { odataContext, tenantOf } from './common.js';

type Obj = Record<string, unknown>;

/** The settable properties (sharepointsettings-update.md's table) with their CSDL types. */
const SETTABLE: Record<string, string> = {
  allowedDomainGuidsForSyncApp: 'Collection(Edm.Guid)', deletedUserPersonalSiteRetentionPeriodInDays: 'Edm.Int32',
  excludedFileExtensionsForSyncApp: 'Collection(Edm.String)', idleSessionSignOut: 'idleSessionSignOut',
  imageTaggingOption: 'imageTaggingChoice', isCommentingOnSitePagesEnabled: 'Edm.Boolean',
  isFileActivityNotificationEnabled: 'Edm.Boolean', isLegacyAuthProtocolsEnabled: 'Edm.Boolean', isLoopEnabled: 'Edm.Boolean',
  isMacSyncAppEnabled: 'Edm.Boolean', isRequireAcceptingUserToMatchInvitedUserEnabled: 'Edm.Boolean',
  isResharingByExternalUsersEnabled: 'Edm.Boolean', isSharePointMobileNotificationEnabled: 'Edm.Boolean',
  isSharePointNewsfeedEnabled: 'Edm.Boolean', isSiteCreationEnabled: 'Edm.Boolean', isSiteCreationUIEnabled: 'Edm.Boolean',
  isSitePagesCreationEnabled: 'Edm.Boolean', isSitesStorageLimitAutomatic: 'Edm.Boolean', isSyncButtonHiddenOnPersonalSite: 'Edm.Boolean',
  isUnmanagedSyncAppForTenantRestricted: 'Edm.Boolean', personalSiteDefaultStorageLimitInMB: 'Edm.Int64',
  sharingAllowedDomainList: 'Collection(Edm.String)', sharingBlockedDomainList: 'Collection(Edm.String)',
  sharingCapability: 'sharingCapabilities', sharingDomainRestrictionMode: 'sharingDomainRestrictionMode',
  siteCreationDefaultManagedPath: 'Edm.String', siteCreationDefaultStorageLimitInMB: 'Edm.Int32', tenantDefaultTimezone: 'Edm.String',
};
const READ_ONLY = new Set(['id', 'availableManagedPathsForSiteCreation']);
/** The CSDL's enumerations (unknownFutureValue is the evolvable-enum sentinel, never a value to set). */
const ENUMS: Record<string, string[]> = {
  imageTaggingChoice: ['disabled', 'basic', 'enhanced'],
  sharingCapabilities: ['disabled', 'externalUserSharingOnly', 'externalUserAndGuestSharing', 'existingExternalUserSharingOnly'],
  sharingDomainRestrictionMode: ['none', 'allowList', 'blockList'],
};
const IDLE: Record<string, string> = { isEnabled: 'Edm.Boolean', signOutAfterInSeconds: 'Edm.Int32', warnAfterInSeconds: 'Edm.Int32' };
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INITIAL: Obj = {
  allowedDomainGuidsForSyncApp: [], availableManagedPathsForSiteCreation: ['/sites/', '/teams/'],
  deletedUserPersonalSiteRetentionPeriodInDays: 344, excludedFileExtensionsForSyncApp: ['.md', '.git'],
  idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 120, signOutAfterInSeconds: 300 }, imageTaggingOption: 'basic',
  isCommentingOnSitePagesEnabled: true, isFileActivityNotificationEnabled: true, isLegacyAuthProtocolsEnabled: false,
  isLoopEnabled: true, isMacSyncAppEnabled: false, isRequireAcceptingUserToMatchInvitedUserEnabled: true,
  isResharingByExternalUsersEnabled: true, isSharePointMobileNotificationEnabled: true, isSharePointNewsfeedEnabled: true,
  isSiteCreationEnabled: true, isSiteCreationUIEnabled: true, isSitePagesCreationEnabled: true, isSitesStorageLimitAutomatic: true,
  isSyncButtonHiddenOnPersonalSite: true, isUnmanagedSyncAppForTenantRestricted: true, personalSiteDefaultStorageLimitInMB: 113664,
  sharingAllowedDomainList: [], sharingBlockedDomainList: [], sharingCapability: 'externalUserAndGuestSharing',
  sharingDomainRestrictionMode: 'none', siteCreationDefaultManagedPath: '/sites/', siteCreationDefaultStorageLimitInMB: 808034,
  tenantDefaultTimezone: '(UTC-05:00) Eastern Time (US and Canada)',
};

export function sharePointSettingsOf(tenant: TenantState): Obj {
  const existing = tenant.ext.sharepointSettings as Obj | undefined;
  if (existing) return existing;
  const created = structuredClone(INITIAL);
  tenant.ext.sharepointSettings = created;
  return created;
}

const bad = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

function checkValue(value: unknown, type: string, at: string): void {
  if (value === null) return;
  const element = /^Collection\((.+)\)$/.exec(type)?.[1];
  if (element) {
    if (!Array.isArray(value)) throw bad(`Invalid value for property '${at}': a collection is expected.`);
    value.forEach((v, i) => checkValue(v, element, `${at}[${i}]`));
    return;
  }
  const ok = type === 'Edm.Boolean' ? typeof value === 'boolean'
    : type === 'Edm.Int32' || type === 'Edm.Int64' ? Number.isSafeInteger(value) && (type === 'Edm.Int64' || Math.abs(value as number) < 2 ** 31)
      : type === 'Edm.String' ? typeof value === 'string'
        : type === 'Edm.Guid' ? typeof value === 'string' && GUID.test(value) : undefined;
  if (ok === false) throw bad(`Invalid value for property '${at}'.`);
  if (ok === true) return;
  const members = ENUMS[type];
  if (members) {
    if (typeof value !== 'string' || !members.includes(value)) throw bad(`Requested value '${String(value)}' was not found for property '${at}'.`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw bad(`Invalid value for property '${at}': an object is expected.`);
  for (const [k, v] of Object.entries(value as Obj)) {
    const t = IDLE[k];
    if (!t) throw bad(`Property '${k}' does not exist on type 'microsoft.graph.idleSessionSignOut'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    checkValue(v, t, `${at}.${k}`);
  }
}

function served(ctx: Ctx, settings: Obj): Obj {
  return { '@odata.context': odataContext(ctx, 'admin/sharepoint/settings/$entity'), ...settings };
}

function get(ctx: Ctx): Reply {
  return json(200, served(ctx, sharePointSettingsOf(tenantOf(ctx))));
}

function patch(ctx: Ctx): Reply {
  const body = jsonBody(ctx);
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@odata.')) continue;
    if (READ_ONLY.has(name)) throw bad(`Property '${name}' is read-only and cannot be set.`);
    const type = SETTABLE[name];
    if (!type) throw bad(`Property '${name}' does not exist on type 'microsoft.graph.sharepointSettings'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    checkValue(value, type, name);
  }
  const tenant = tenantOf(ctx);
  const after = { ...sharePointSettingsOf(tenant) };
  for (const [name, value] of Object.entries(body)) {
    if (name.includes('@odata.')) continue;
    // idleSessionSignOut is a complex value: a PATCH sets the properties it names and keeps the others.
    after[name] = name === 'idleSessionSignOut' && value && typeof after[name] === 'object' ? { ...(after[name] as Obj), ...(value as Obj) } : value;
  }
  tenant.ext.sharepointSettings = after;
  ctx.core.changed();
  return json(200, served(ctx, after));
}

export const SHAREPOINT_SETTINGS = '/v1.0/admin/sharepoint/settings';
export const sharePointSettingsRoutes: Route[] = [
  { method: 'GET', pattern: SHAREPOINT_SETTINGS, handler: get },
  { method: 'PATCH', pattern: SHAREPOINT_SETTINGS, handler: patch, write: true },
];
