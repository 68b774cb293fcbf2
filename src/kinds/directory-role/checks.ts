// A user's directory roles by Microsoft's published names. Unknown names are warnings: a user's roles may be a
// tenant's custom role, and Microsoft adds built-in roles before the catalogue is refreshed; plan decides.
import type { KindCheck } from '../../config/kind-spec.js';
import { roleNameIssue } from '../shared/role-names.js';

const roleNames: KindCheck = (c) =>
  (c.users ?? []).flatMap((u, i) => (u.roles ?? []).flatMap((r, j) => roleNameIssue(r, `users[${i}].roles[${j}]`, 'plan accepts it only as a custom role of the tenant')));

export const directoryRoleChecks: readonly KindCheck[] = [roleNames];
