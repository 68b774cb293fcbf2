// The `license` kind: direct assignments per user per SKU, `license:<upn>/<SKU>`. A user's declared `licenses` list
// is authoritative for that user (SKUs not listed are removed, reason not_declared); licenses of users that do not
// declare a list are touched only by prune. Each change depends on its user, so usageLocation is set first.
import { licenseChecks } from './checks.js';
import type { Kind } from '../contract.js';
import { applyLicense } from './apply.js';
import { exportLicenses } from './export.js';
import { diffLicenses } from './diff.js';
import { fetchLicenses } from './fetch.js';
import { addressOf, coversLicense, selectLicenses, type DesiredLicense, type LiveLicense } from './model.js';

export const licenseKind: Kind<DesiredLicense, LiveLicense> = {
  kind: 'license',
  checks: licenseChecks,
  shape: 'child', section: 'users', parent: 'user', fields: ['licenses'], listKey: ['sku'], prefix: 'license',
  // subscribedSkus is readable with Organization.Read.All, which every tenant needs anyway; user licenses exist only
  // with declared users, whose User.ReadWrite.All covers assignLicense (group licenses are the group kind's).
  permissions: {
    read: { graph: ['User.Read.All', 'Organization.Read.All'], gdapRoles: ['Directory Readers'] },
    write: { graph: ['User.ReadWrite.All'], gdapRoles: ['License Administrator'] },
  },
  pruneKey: 'licenses',
  select: selectLicenses,
  address: addressOf,
  covers: coversLicense,
  fetch: fetchLicenses,
  diff: diffLicenses,
  apply: applyLicense,
  export: exportLicenses,
};

export type { DesiredLicense, LiveLicense } from './model.js';
