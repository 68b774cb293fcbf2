// Reads direct license assignments of the users whose licenses are declared (all users when pruning; the same read
// the user kind makes, shared) and the SKU catalogue, which diff needs for names, plans and free seats.
import type { FetchContext, FetchResult } from '../contract.js';
import { namesOf, sharedSkus, type SkuCatalog } from '../shared/skus.js';
import { readUsers } from '../shared/users.js';
import { licensedUsers, type DesiredLicense, type LiveLicense } from './model.js';

interface RawAssignment {
  skuId: string;
  disabledPlans?: string[];
  assignedByGroup?: string | null;
}

interface RawUser {
  id: string;
  userPrincipalName: string;
  assignedLicenses?: RawAssignment[];
  licenseAssignmentStates?: RawAssignment[] | null;
}

/** Direct assignments: licenseAssignmentStates tells direct from inherited; without it every assignment counts. */
function direct(u: RawUser): RawAssignment[] {
  const states = u.licenseAssignmentStates;
  const list = Array.isArray(states) && states.length > 0 ? states.filter((s) => !s.assignedByGroup) : (u.assignedLicenses ?? []);
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(a.skuId) && seen.add(a.skuId));
}

export function liveLicenses(users: RawUser[], catalog: SkuCatalog): LiveLicense[] {
  return users.flatMap((u) =>
    direct(u).map((a) => {
      const names = namesOf(catalog, a.skuId, a.disabledPlans ?? []);
      return { userId: u.id, upn: u.userPrincipalName.toLowerCase(), sku: names.sku, skuId: a.skuId, disabledPlans: names.disabledPlans };
    }),
  );
}

export async function fetchLicenses(ctx: FetchContext, _desired: DesiredLicense[]): Promise<FetchResult<LiveLicense>> {
  const graph = ctx.clients.graph;
  const [catalog, read] = await Promise.all([sharedSkus(graph, ctx.tenant), readUsers(graph, ctx.tenant, ctx.prune)]);
  const licensed = new Set(licensedUsers(ctx.tenant).map(({ spec }) => spec.userPrincipalName.toLowerCase()));
  const users = (read as RawUser[]).filter((u) => ctx.prune || licensed.has(u.userPrincipalName.toLowerCase()));
  return { live: liveLicenses(users, catalog), complete: ctx.prune, facts: { skus: catalog } };
}
