// OneDrive: each licensed user's personal site (SPSPERS#10) on the tenant's `-my` host, at /personal/<UPN with every
// character other than a letter or digit as `_`>, as SharePoint names them. The emulator provisions a user's OneDrive
// at once when the user holds a license (SharePoint does so at first use, or when an admin pre-provisions it); its quota
// is the tenant's personalSiteDefaultStorageLimitInMB (Graph's sharepointSettings) until set on the site itself
// (the tenant admin site sets it: PnP PowerShell's Set-PnPUserOneDriveQuota, pnp.github.io/powershell). Setting
// anything else of a OneDrive here is refused: the emulator models only its quota.
import { createHash } from 'node:crypto';
import { initialDomain, type TenantState, type UserObject } from '../state.js';
import { sharePointSettingsOf } from '../graph/sharepoint-settings.js';
import type { SiteRecord } from './sites.js';

type Quotas = Record<string, number>;
const quotasOf = (tenant: TenantState): Quotas => ((tenant.ext.oneDriveQuotas as Quotas | undefined) ??= {});

/** A stable site id per user, so a OneDrive keeps its id across reads. */
const siteIdOf = (user: UserObject): string => {
  const h = createHash('sha256').update(`onedrive|${user.id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export function personalSites(tenant: TenantState): SiteRecord[] {
  const host = `${initialDomain(tenant).split('.')[0]!.toLowerCase()}-my.sharepoint.com`;
  const fallback = Number(sharePointSettingsOf(tenant).personalSiteDefaultStorageLimitInMB);
  const quotas = quotasOf(tenant);
  return [...tenant.users.values()].filter((u) => u.licenses.length > 0).map((u) => {
    const upn = String(u.props.userPrincipalName).toLowerCase();
    const id = siteIdOf(u);
    return {
      SiteId: id, Url: `https://${host}/personal/${upn.replace(/[^a-z0-9]/g, '_')}`, Title: String(u.props.displayName ?? upn),
      Template: 'SPSPERS#10', Owner: upn, Lcid: 1033, StorageMaximumLevel: quotas[id] ?? fallback, SharingCapability: 3,
      GroupId: '00000000-0000-0000-0000-000000000000', Status: 'Active',
    };
  });
}

/** Sets a OneDrive's quota, the one SiteProperty of a personal site the admin API changes here. */
export function setPersonalQuota(tenant: TenantState, siteId: string, mb: number): void {
  quotasOf(tenant)[siteId] = mb;
}
