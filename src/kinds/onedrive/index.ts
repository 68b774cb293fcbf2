// Kind `oneDrive`: a user's OneDrive storage quota (`oneDrive:alice@contoso.com`), set on the user's personal site
// (SPSPERS) through SharePoint's tenant admin API on the admin host: the sites are read with
// GetSitePropertiesFromSharePointByFilters (`IncludePersonalSite: 1`, template SPSPERS), and the quota is the
// site's StorageMaximumLevel in MB, PATCHed on `SPO.Tenant/sites('{id}')` (PnP PowerShell's Set-PnPUserOneDriveQuota
// does the same through the tenant admin site). SharePoint makes a OneDrive for a licensed user; a declared user without
// one yet gets a warning and nothing planned, and tenantform never deletes one. Certificate tokens only, as for sites.
import { sharePointHosts } from '../../clients/clouds.js';
import type { OneDriveSpec, TenantConfig } from '../../config/model.js';
import { opsOf, type Diagnostic } from '../../plan/types.js';
import type { Kind } from '../contract.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';

export type OneDriveLive = { id: string; user: string; url: string; storageQuotaMB: number };
interface WireSite { SiteId: string; Url: string; Owner: string; StorageMaximumLevel: number; Template: string }

const address = (user: string): string => `oneDrive:${normalKey(user)}`;
const hostsOf = (config: TenantConfig) => sharePointHosts(config.tenant.cloud, config.tenant.domains);

export const oneDriveKind: Kind<OneDriveSpec, OneDriveLive> = {
  kind: 'oneDrive',
  shape: 'collection', section: 'sharepoint.oneDrive', listKey: ['user'], keyLabel: 'OneDrive user',
  prefix: 'oneDrive', schema: 'sharepoint.schema.json',
  uses: [{ field: 'user', types: ['user'] }],
  // The tenant admin API, as for sites: SharePoint's Sites.FullControl.All; GDAP SharePoint Administrator. Export
  // compares with the tenant's default quota, read from Graph's SharePoint settings.
  permissions: {
    read: { sharepoint: ['Sites.FullControl.All'], graph: ['SharePointTenantSettings.Read.All'], gdapRoles: ['SharePoint Administrator'] },
    write: { sharepoint: ['Sites.FullControl.All'], gdapRoles: ['SharePoint Administrator'] },
  },
  select: (config) => config.sharepoint?.oneDrive ?? [],
  address: (o) => address(o.user),
  async fetch(ctx, desired) {
    if (desired.length === 0) return { live: [], complete: false };
    const admin = ctx.clients.sharepoint?.(hostsOf(ctx.tenant).admin);
    if (!admin) throw new Error('no SharePoint client is configured for this run');
    const answer = await admin.post<{ value?: WireSite[] }>('/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters', { speFilter: { IncludePersonalSite: 1, IncludeDetail: true, Template: 'SPSPERS' } });
    if (!Array.isArray(answer?.value)) throw new Error('SharePoint answered the OneDrive list without its value');
    const live = answer.value.filter((w) => w.Template.startsWith('SPSPERS'))
      .map((w) => ({ id: w.SiteId, user: String(w.Owner).toLowerCase(), url: w.Url, storageQuotaMB: w.StorageMaximumLevel }));
    return { live, complete: true };
  },
  diff(desired, live, ctx) {
    const warnings: Diagnostic[] = [];
    const path = (d: OneDriveSpec) => `sharepoint.oneDrive[${desired.indexOf(d)}]`;
    const drives: Collection<OneDriveSpec, OneDriveLive> = {
      kind: 'oneDrive', address: (o) => address(o.user), id: (l) => l.id, path,
      absent: () => false,
      create: (d) => {
        warnings.push({ severity: 'warning', summary: `${address(d.user)}: the user has no OneDrive yet, so its quota cannot be set`, detail: 'SharePoint makes it once the user is licensed and signs in (or an admin pre-provisions it); plan again then', path: path(d) });
        return undefined;
      },
      update: (d, l) => (d.storageQuotaMB === l.storageQuotaMB ? undefined : {
        kind: 'oneDrive', address: address(d.user), action: 'update', reason: 'field_changed',
        fields: [{ path: 'storageQuotaMB', before: l.storageQuotaMB, after: d.storageQuotaMB }], before: l, after: { ...l, storageQuotaMB: d.storageQuotaMB },
        ops: { op: 'sharepointSite', set: { StorageMaximumLevel: d.storageQuotaMB }, siteId: l.id },
      }),
      // A OneDrive goes with its user; it is never deleted here, nor counted as unmanaged.
      remove: () => undefined,
      notOurs: () => 'a OneDrive belongs to its user',
    };
    const result = reconcile(drives, desired, live, ctx);
    return { changes: result.changes, diagnostics: [...warnings, ...result.diagnostics] };
  },
  async apply(change, ctx) {
    const ops = opsOf(change, 'sharepointSite');
    const admin = ctx.clients.sharepoint?.(hostsOf(ctx.tenant).admin);
    if (!admin) throw new Error('no SharePoint client is configured for this run');
    await admin.patch(`/_api/SPO.Tenant/sites('${ops.siteId}')`, ops.set);
    return {};
  },
  async export(ctx) {
    // Only the OneDrives whose quota differs from the tenant's default: the rest follow the default. A tenant
    // tenantform cannot reach SharePoint for still exports the rest, and the file says why the quotas are missing.
    let live: OneDriveLive[];
    let settings: { personalSiteDefaultStorageLimitInMB?: number };
    try {
      settings = await ctx.clients.graph.get<{ personalSiteDefaultStorageLimitInMB?: number }>('/admin/sharepoint/settings');
      live = (await oneDriveKind.fetch({ ...ctx, prune: true }, [{ user: '', storageQuotaMB: 0 }])).live;
    } catch (e) {
      return { section: 'sharepoint.oneDrive', items: [], comments: [`OneDrive quotas were not read (${e instanceof Error ? e.message : String(e)}): declare them by hand`] };
    }
    const items = live.filter((l) => l.storageQuotaMB !== settings.personalSiteDefaultStorageLimitInMB).sort((a, b) => a.user.localeCompare(b.user))
      .map((l) => ({ user: l.user, storageQuotaMB: l.storageQuotaMB }));
    return { section: 'sharepoint.oneDrive', items, comments: items.length ? ['only the OneDrives whose quota differs from the tenant default are listed'] : [] };
  },
};
