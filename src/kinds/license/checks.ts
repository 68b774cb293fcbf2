// What a user's licenses mean beyond the schema: each names a product and plans Microsoft publishes, and a licensed
// user has a usage location (Graph refuses assignLicense without one).
import type { Issue, KindCheck } from '../../config/kind-spec.js';
import { checkLicenseNames } from '../shared/licensing-names.js';

const names: KindCheck = (c) => {
  const out: Issue[] = [];
  (c.users ?? []).forEach((u, i) => checkLicenseNames(u.licenses, `users[${i}].licenses`, out));
  return out;
};

const usageLocation: KindCheck = (c) =>
  (c.users ?? []).flatMap((u, i): Issue[] =>
    u.licenses?.length && !u.usageLocation && u.ensure !== 'absent' && !u.external
      ? [{ severity: 'error', path: `users[${i}]`, message: `user "${u.userPrincipalName}" has licenses but no usageLocation` }]
      : []);

export const licenseChecks: readonly KindCheck[] = [names, usageLocation];
