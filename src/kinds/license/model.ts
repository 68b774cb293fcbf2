// The license kind's shapes. Address: `license:<upn lower>/<skuPartNumber>`, one per user per SKU, direct
// assignments only (licenses inherited from a group belong to the group kind).
import type { TenantConfig } from '../../config/model.js';
import { referenceAddress } from '../shared/refs.js';
import { coversListed, usersListing } from '../shared/user-lists.js';

export interface DesiredLicense {
  upn: string;
  sku: string;
  disabledPlans: string[];
  /** Config path, e.g. `users[2].licenses[0]`. */
  path: string;
}

export interface LiveLicense {
  userId: string;
  upn: string;
  /** skuPartNumber, or the skuId when the catalogue does not list it. */
  sku: string;
  skuId: string;
  /** Service plan names, sorted. */
  disabledPlans: string[];
}

export const licenseAddress = (upn: string, sku: string): string => `license:${upn.toLowerCase()}/${sku}`;

export const addressOf = (o: DesiredLicense | LiveLicense): string => licenseAddress(o.upn, o.sku);

export const coversLicense = coversListed('license', 'licenses');

/** Users whose `licenses` list is declared: that list is the whole truth for them. */
export const licensedUsers = (config: TenantConfig) => usersListing(config, 'licenses');

export function selectLicenses(config: TenantConfig): DesiredLicense[] {
  return licensedUsers(config).flatMap(({ spec, index }) =>
    (spec.licenses ?? []).map((l, j) => ({
      upn: spec.userPrincipalName.toLowerCase(),
      sku: l.sku,
      disabledPlans: l.disabledPlans ?? [],
      path: `users[${index}].licenses[${j}]`,
    })),
  );
}

/** Users who will hold a SKU through a declared group license: each consumes a seat unless they hold it already. */
export interface GroupSeatDemand {
  sku: string;
  upns: string[];
  /** Config path of the group's license, e.g. `groups[3].licenses[0]`. */
  path: string;
}

/**
 * Declared static members (users) of declared groups with licenses. Nested groups and dynamic groups are left out:
 * their members are not known from the YAML.
 */
export function groupSeatDemand(config: TenantConfig): GroupSeatDemand[] {
  const out: GroupSeatDemand[] = [];
  (config.groups ?? []).forEach((g, i) => {
    if (g.ensure === 'absent' || g.membershipRule !== undefined || !g.licenses?.length || !g.members?.length) return;
    const upns = [...new Set(g.members.map(referenceAddress).filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))].sort();
    g.licenses.forEach((l, j) => out.push({ sku: l.sku, upns, path: `groups[${i}].licenses[${j}]` }));
  });
  return out;
}
