// What a GDAP relationship means beyond the schema: it grants built-in Entra roles only, by their published names,
// and each access assignment hands out roles of its own relationship.
import type { Issue, KindCheck } from '../../config/kind-spec.js';
import { roleNameIssue } from '../shared/role-names.js';

const BUILT_IN_ONLY = 'GDAP grants built-in roles only';

const roleNames: KindCheck = (c) =>
  (c.partner?.gdap ?? []).flatMap((g, i) => [
    ...g.roles.flatMap((r, j) => roleNameIssue(r, `partner.gdap[${i}].roles[${j}]`, BUILT_IN_ONLY)),
    ...(g.access ?? []).flatMap((a, k) => a.roles.flatMap((r, l) => roleNameIssue(r, `partner.gdap[${i}].access[${k}].roles[${l}]`, BUILT_IN_ONLY))),
  ]);

const accessWithinRoles: KindCheck = (c) =>
  (c.partner?.gdap ?? []).flatMap((g, i) => {
    const roles = new Set(g.roles.map((r) => r.toLowerCase()));
    return (g.access ?? []).flatMap((a, j) => a.roles.flatMap((r, k): Issue[] =>
      roles.has(r.toLowerCase()) ? [] : [{ severity: 'error', path: `partner.gdap[${i}].access[${j}].roles[${k}]`, message: `role "${r}" is not one of the relationship's roles` }]));
  });

export const gdapChecks: readonly KindCheck[] = [accessWithinRoles, roleNames];
