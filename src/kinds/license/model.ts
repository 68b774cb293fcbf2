// The license kind's shapes. Address: `license:<upn lower>/<skuPartNumber>`, one per user per SKU, direct
// assignments only (licenses inherited from a group belong to the group kind).
import type { TenantConfig, UserSpec } from '../../config/model.js';

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

/** Users whose `licenses` list is declared: that list is the whole truth for them. */
export function licensedUsers(config: TenantConfig): { spec: UserSpec; index: number }[] {
  return (config.users ?? [])
    .map((spec, index) => ({ spec, index }))
    .filter(({ spec }) => spec.licenses !== undefined && spec.ensure !== 'absent' && !spec.external);
}

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
