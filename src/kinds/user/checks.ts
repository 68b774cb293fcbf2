// What a user entry means beyond the schema: its usage location is a country ISO assigned, and no chain of managers
// comes back to where it started.
import { COUNTRIES, COUNTRY_ALIASES } from '../../catalog/countries.js';
import type { Issue, KindCheck } from '../../config/kind-spec.js';
import { findCycles } from '../shared/cycles.js';

/** The schema checks the shape (two capitals); only a code ISO assigned is accepted by Entra ID. */
const countries: KindCheck = (c) => {
  const out: Issue[] = [];
  (c.users ?? []).forEach((u, i) => {
    const code = u.usageLocation;
    if (code === undefined || COUNTRIES.has(code)) return;
    const meant = COUNTRY_ALIASES.get(code);
    const hint = meant ? ` (did you mean ${meant}, ${COUNTRIES.get(meant)}?)` : '';
    out.push({ severity: 'error', path: `users[${i}].usageLocation`, message: `"${code}" is not an ISO 3166-1 alpha-2 country code${hint}` });
  });
  return out;
};

const managerCycles: KindCheck = (c) => {
  const users = c.users ?? [];
  const edges = new Map<string, string[]>();
  for (const u of users) edges.set(u.userPrincipalName.toLowerCase(), u.manager ? [u.manager.toLowerCase()] : []);
  return findCycles(edges).map((cycle) => {
    const i = users.findIndex((u) => u.userPrincipalName.toLowerCase() === cycle[0]);
    return { severity: 'error', path: `users[${i}].manager`, message: `manager cycle: ${cycle.join(' → ')}` };
  });
};

export const userChecks: readonly KindCheck[] = [countries, managerCycles];
