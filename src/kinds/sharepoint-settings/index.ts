// Kind `sharepointSettings`: the tenant's SharePoint and OneDrive settings (sharing capability, sharing domains,
// guests' resharing, OneDrive's default storage and retention, site creation, idle session sign-out, …), one object
// per tenant (`sharepointSettings:tenant`), by Graph's own `sharepointSettings` property names. Only the keys the
// YAML gives are managed. GET/PATCH /admin/sharepoint/settings (microsoft-graph-docs-contrib api-reference/v1.0/api/
// sharepointsettings-get.md, sharepointsettings-update.md). Domain, GUID and extension lists compare as sets,
// case-insensitively: SharePoint keeps no meaningful order in them.
import type { SharePointSettingsSpec } from '../../config/model.js';
import { opsOf } from '../../plan/types.js';
import type { Kind } from '../contract.js';

export const ADDRESS = 'sharepointSettings:tenant';
const PATH = '/admin/sharepoint/settings';
export type SharePointSettingsLive = Record<string, unknown>;

/** Every key the YAML may give, which is every property the update page lets a PATCH set. */
const KEYS = [
  'sharingCapability', 'sharingDomainRestrictionMode', 'sharingAllowedDomainList', 'sharingBlockedDomainList',
  'isResharingByExternalUsersEnabled', 'isRequireAcceptingUserToMatchInvitedUserEnabled', 'personalSiteDefaultStorageLimitInMB',
  'deletedUserPersonalSiteRetentionPeriodInDays', 'isSitesStorageLimitAutomatic', 'siteCreationDefaultStorageLimitInMB',
  'siteCreationDefaultManagedPath', 'isSiteCreationEnabled', 'isSiteCreationUIEnabled', 'isSitePagesCreationEnabled',
  'isCommentingOnSitePagesEnabled', 'isSharePointNewsfeedEnabled', 'isLoopEnabled', 'isLegacyAuthProtocolsEnabled',
  'isFileActivityNotificationEnabled', 'isSharePointMobileNotificationEnabled', 'isMacSyncAppEnabled',
  'isSyncButtonHiddenOnPersonalSite', 'isUnmanagedSyncAppForTenantRestricted', 'allowedDomainGuidsForSyncApp',
  'excludedFileExtensionsForSyncApp', 'imageTaggingOption', 'tenantDefaultTimezone', 'idleSessionSignOut',
] as const satisfies readonly (keyof SharePointSettingsSpec)[];
const SETS = new Set<string>(['sharingAllowedDomainList', 'sharingBlockedDomainList', 'allowedDomainGuidsForSyncApp', 'excludedFileExtensionsForSyncApp']);

/** A value as compared: sets sorted and lower-cased; idle sign-out reduced to the properties the YAML gives. */
function comparable(key: string, value: unknown, want: unknown): unknown {
  if (SETS.has(key) && Array.isArray(value)) return [...new Set(value.map((v) => String(v).normalize('NFC').toLowerCase()))].sort();
  if (key === 'idleSessionSignOut' && want && typeof want === 'object' && value && typeof value === 'object') {
    const have = value as Record<string, unknown>;
    return Object.fromEntries(Object.keys(want).sort().map((k) => [k, have[k] ?? null]));
  }
  return value ?? null;
}

const same = (key: string, want: unknown, have: unknown): boolean =>
  JSON.stringify(comparable(key, want, want)) === JSON.stringify(comparable(key, have, want));

export const sharepointSettingsKind: Kind<SharePointSettingsSpec, SharePointSettingsLive> = {
  kind: 'sharepointSettings',
  shape: 'singleton', section: 'sharepoint.settings', prefix: 'sharepointSettings', schema: 'sharepoint.schema.json',
  // sharepointsettings-get.md: SharePointTenantSettings.Read.All; the update: SharePointTenantSettings.ReadWrite.All.
  // For an admin (and so through GDAP): Global Reader reads, SharePoint Administrator writes.
  permissions: {
    read: { graph: ['SharePointTenantSettings.Read.All'], gdapRoles: ['Global Reader'] },
    write: { graph: ['SharePointTenantSettings.ReadWrite.All'], gdapRoles: ['SharePoint Administrator'] },
  },
  select: (config) => (config.sharepoint?.settings ? [config.sharepoint.settings] : []),
  address: () => ADDRESS,
  async fetch(ctx, desired) {
    if (desired.length === 0) return { live: [], complete: false };
    const wire = await ctx.clients.graph.get<Record<string, unknown>>(PATH);
    return { live: [Object.fromEntries(KEYS.map((k) => [k, wire[k] ?? null]))], complete: false };
  },
  diff(desired, live) {
    const [want, have] = [desired[0], live[0]];
    if (!want || !have) return { changes: [] };
    const given = KEYS.filter((k) => want[k] !== undefined);
    const moved = given.filter((k) => !same(k, want[k], have[k]));
    if (moved.length === 0) return { changes: [] };
    const fields = moved.map((k) => ({ path: k, before: comparable(k, have[k], want[k]), after: comparable(k, want[k], want[k]) }));
    const body = Object.fromEntries(moved.map((k) => [k, want[k]]));
    return {
      changes: [{
        kind: 'sharepointSettings', address: ADDRESS, action: 'update', reason: 'field_changed', fields,
        before: have, after: { ...have, ...body }, ops: { op: 'graphWrite', body },
      }],
    };
  },
  async apply(change, ctx) {
    await ctx.clients.graph.patch(PATH, opsOf(change, 'graphWrite').body);
    return {};
  },
  async export(ctx) {
    // Microsoft publishes no defaults for these settings, so export writes every one the tenant holds: the file then
    // pins the tenant as it is, and a re-plan has no changes.
    const { live } = await sharepointSettingsKind.fetch({ ...ctx, prune: true }, [{}]);
    const items = live.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== null)));
    return { section: 'sharepoint.settings', single: true, items, comments: ['every setting the tenant holds is listed: remove the ones you do not want managed'] };
  },
};
