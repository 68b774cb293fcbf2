// Kind `sharepointSite`: communication sites (SITEPAGEPUBLISHING#0) a partner provisions, keyed by their path on the
// tenant's SharePoint host (`sharepointSite:/sites/intranet`), with their title, primary administrator (owner),
// storage quota and sharing capability. Graph v1.0 creates no site and sets no quota, so this kind speaks SharePoint's
// REST API on the tenant's own hosts: SPSiteManager/create and /delete on the sites host (SharePoint/sp-dev-docs
// docs/apis/site-creation-rest.md), and the tenant admin API on the admin host, SPO.Tenant's
// GetSitePropertiesFromSharePointByFilters and sites('{id}') (SiteProperties: Title, Owner, StorageMaximumLevel in MB,
// SharingCapability). Team sites belong to their Microsoft 365 groups: a declared path held by a group's site is an
// error, and such sites are never created, changed, counted or deleted here. SharePoint takes only certificate
// tokens from apps (learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread, FAQ).
import { sharePointHosts } from '../../clients/clouds.js';
import type { SharePointSiteSpec } from '../../config/model.js';
import type { TenantConfig } from '../../config/model.js';
import { opsOf, type FieldChange, type ProposedChange } from '../../plan/types.js';
import type { FetchContext, Kind } from '../contract.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';

const SHARING = ['disabled', 'externalUserSharingOnly', 'externalUserAndGuestSharing', 'existingExternalUserSharingOnly'] as const;
type Sharing = (typeof SHARING)[number];
const COMMUNICATION = 'SITEPAGEPUBLISHING#0';

export type SharePointSiteLive = {
  id: string; url: string; title: string; owner: string; storageQuotaMB: number; sharingCapability: Sharing | number;
  template: string; groupId: string;
};
interface WireSite { SiteId: string; Url: string; Title: string; Owner: string; StorageMaximumLevel: number; SharingCapability: number; Template: string; GroupId: string }

export const siteAddress = (url: string): string => `sharepointSite:${normalKey(url)}`;
const hostsOf = (config: TenantConfig) => sharePointHosts(config.tenant.cloud, config.tenant.domains);

function sharepointOf(ctx: Pick<FetchContext, 'clients'>, host: string) {
  const client = ctx.clients.sharepoint?.(host);
  if (!client) throw new Error('no SharePoint client is configured for this run');
  return client;
}

function fromWire(w: WireSite): SharePointSiteLive {
  // SharePoint answers the URL as it holds it; URL parsing would percent-encode a name that is not ASCII.
  const path = decodeURIComponent(new URL(w.Url).pathname).replace(/\/+$/, '');
  return {
    id: w.SiteId, url: path, title: w.Title, owner: String(w.Owner ?? '').toLowerCase(), storageQuotaMB: w.StorageMaximumLevel,
    sharingCapability: SHARING[w.SharingCapability] ?? w.SharingCapability, template: w.Template, groupId: w.GroupId,
  };
}

/** What differs, of what the YAML gives: title, owner, quota, sharing. */
function fieldsOf(d: SharePointSiteSpec, l: SharePointSiteLive | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  const add = (path: string, want: unknown, have: unknown, same: boolean) => { if (want !== undefined && !same) out.push({ path, before: have, after: want }); };
  add('title', d.title, l?.title, d.title === l?.title);
  add('owner', d.owner, l?.owner, d.owner?.toLowerCase() === l?.owner);
  add('storageQuotaMB', d.storageQuotaMB, l?.storageQuotaMB, d.storageQuotaMB === l?.storageQuotaMB);
  add('sharingCapability', d.sharingCapability, l?.sharingCapability, d.sharingCapability === l?.sharingCapability);
  return out;
}

/** The SiteProperties a change sets (creation sets title and owner itself). */
function properties(fields: FieldChange[], creating: boolean): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.path === 'title' && !creating) set.Title = f.after;
    if (f.path === 'owner' && !creating) set.Owner = f.after;
    if (f.path === 'storageQuotaMB') set.StorageMaximumLevel = f.after;
    if (f.path === 'sharingCapability') set.SharingCapability = SHARING.indexOf(f.after as Sharing);
  }
  return set;
}

export const sharepointSiteKind: Kind<SharePointSiteSpec, SharePointSiteLive> = {
  kind: 'sharepointSite',
  shape: 'collection', section: 'sharepoint.sites', listKey: ['url'], keyLabel: 'SharePoint site url',
  prefix: 'sharepointSite', schema: 'sharepoint.schema.json', pruneKey: 'sharepointSites',
  uses: [{ field: 'owner', types: ['user'] }],
  // SharePoint's own application permission (Office 365 SharePoint Online API): its tenant admin API wants
  // Sites.FullControl.All, the permission Microsoft's app-only page grants. Through GDAP: SharePoint Administrator.
  permissions: {
    read: { sharepoint: ['Sites.FullControl.All'], gdapRoles: ['SharePoint Administrator'] },
    write: { sharepoint: ['Sites.FullControl.All'], gdapRoles: ['SharePoint Administrator'] },
  },
  select: (config) => config.sharepoint?.sites ?? [],
  address: (o) => siteAddress(o.url),
  async fetch(ctx, desired) {
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const admin = sharepointOf(ctx, hostsOf(ctx.tenant).admin);
    // One read of every site collection but OneDrives: complete, so a group's site is seen (and left alone).
    const answer = await admin.post<{ value?: WireSite[] }>('/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters', { speFilter: { IncludePersonalSite: 0, IncludeDetail: true } });
    if (!Array.isArray(answer?.value)) throw new Error('SharePoint answered the site list without its value');
    return { live: answer.value.map(fromWire), complete: true };
  },
  diff(desired, live, ctx) {
    const diagnostics: { severity: 'error'; summary: string; detail?: string; path: string }[] = [];
    const path = (d: SharePointSiteSpec) => `sharepoint.sites[${desired.indexOf(d)}]`;
    const change = (d: SharePointSiteSpec, l: SharePointSiteLive | undefined): ProposedChange | undefined => {
      if (l && l.template !== COMMUNICATION) {
        diagnostics.push({ severity: 'error', summary: `${siteAddress(d.url)}: the live site is a ${l.template} site${l.template === 'GROUP#0' ? ` of Microsoft 365 group ${l.groupId}` : ''}, not a communication site`, detail: 'a team site belongs to its group: manage it through the group, or declare another path', path: path(d) });
        return undefined;
      }
      if (!l && (!d.title || !d.owner)) {
        diagnostics.push({ severity: 'error', summary: `${siteAddress(d.url)}: a site to create needs its title and owner`, path: path(d) });
        return undefined;
      }
      const fields = fieldsOf(d, l);
      if (fields.length === 0) return undefined;
      const set = properties(fields, !l);
      const after = { ...(l ?? {}), url: d.url, ...Object.fromEntries(fields.map((f) => [f.path, f.after])) };
      if (l) return { kind: 'sharepointSite', address: siteAddress(d.url), action: 'update', reason: 'field_changed', fields, before: l, after, ops: { op: 'sharepointSite', set, siteId: l.id } };
      const host = hostsOf(ctx.tenant).root;
      const create = { Title: d.title, Url: `https://${host}${d.url}`, Lcid: d.lcid ?? 1033, WebTemplate: COMMUNICATION, Owner: d.owner };
      return { kind: 'sharepointSite', address: siteAddress(d.url), action: 'create', reason: 'missing', fields, before: null, after, ops: { op: 'sharepointSite', create, set } };
    };
    const sites: Collection<SharePointSiteSpec, SharePointSiteLive> = {
      kind: 'sharepointSite', address: (o) => siteAddress(o.url), id: (l) => l.id, path,
      absent: (d) => d.ensure === 'absent',
      create: (d) => change(d, undefined),
      update: change,
      remove: (l, reason) => (l.template !== COMMUNICATION ? undefined : {
        kind: 'sharepointSite', address: siteAddress(l.url), action: 'delete', fields: [], before: l, after: null, reason, destructive: true,
        ops: { op: 'sharepointSite', set: {}, siteId: l.id, delete: true },
      }),
      notOurs: (l) => (l.template === COMMUNICATION ? undefined : `${l.template} sites are not communication sites`),
    };
    const result = reconcile(sites, desired, live, ctx);
    return { changes: result.changes, diagnostics: [...diagnostics, ...result.diagnostics], unmanaged: result.unmanaged };
  },
  async apply(change, ctx) {
    const ops = opsOf(change, 'sharepointSite');
    const hosts = hostsOf(ctx.tenant);
    const root = sharepointOf(ctx, hosts.root);
    if (ops.delete) {
      await root.post('/_api/SPSiteManager/delete', { siteId: ops.siteId });
      return {};
    }
    let siteId = ops.siteId;
    if (ops.create) {
      const made = await root.post<{ SiteId?: string; SiteStatus?: number }>('/_api/SPSiteManager/create', { request: ops.create });
      if (made?.SiteStatus !== 2 || !made.SiteId) throw new Error(`SharePoint did not make the site (SiteStatus ${String(made?.SiteStatus)})`);
      siteId = made.SiteId;
    }
    if (Object.keys(ops.set).length > 0) await sharepointOf(ctx, hosts.admin).patch(`/_api/SPO.Tenant/sites('${siteId}')`, ops.set);
    return siteId ? { id: siteId } : {};
  },
  async export(ctx) {
    // A tenant tenantform cannot reach SharePoint for (a secret alone, no initial domain) still exports the rest: the
    // sites are left out, and the file says why. Undeclared sites are never pruned, so the export still plans to zero.
    let live: SharePointSiteLive[];
    try {
      live = (await sharepointSiteKind.fetch({ ...ctx, prune: true }, [])).live;
    } catch (e) {
      return { section: 'sharepoint.sites', items: [], comments: [`SharePoint sites were not read (${e instanceof Error ? e.message : String(e)}): declare them by hand`] };
    }
    const items = live.filter((l) => l.template === COMMUNICATION).sort((a, b) => a.url.localeCompare(b.url))
      .map((l) => ({ url: l.url, title: l.title, owner: l.owner, storageQuotaMB: l.storageQuotaMB, sharingCapability: l.sharingCapability }));
    return { section: 'sharepoint.sites', items, comments: items.length ? ['communication sites only: a team site belongs to its Microsoft 365 group'] : [] };
  },
};
