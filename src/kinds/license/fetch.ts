// Reads direct license assignments of the users whose licenses are declared (all users when pruning; the same read
// the user kind makes, shared), the SKU catalogue, which diff needs for names, plans and free seats, and what the
// members of licensed groups hold now.
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet } from '../../clients/reads.js';
import { seg } from '../shared/graph.js';
import { namesOf, sharedSkus, type SkuCatalog } from '../shared/skus.js';
import { readUsers } from '../shared/users.js';
import { groupSeatDemand, licensedUsers, type DesiredLicense, type LiveLicense } from './model.js';

const SELECT = '$select=id,userPrincipalName,assignedLicenses,licenseAssignmentStates';

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

/**
 * SKU ids each member of a licensed group holds now (directly or through any group): the seat check counts only those
 * who do not. A member that does not exist yet holds nothing.
 */
async function holdings(ctx: FetchContext, known: RawUser[]): Promise<Record<string, string[]>> {
  const byUpn = new Map(known.map((u) => [u.userPrincipalName.toLowerCase(), u]));
  const upns = [...new Set(groupSeatDemand(ctx.tenant).flatMap((d) => d.upns))];
  const unread = upns.filter((u) => !byUpn.has(u));
  const read = await batchGet<RawUser>(ctx.clients.graph, unread.map((u) => `/users/${seg(u)}?${SELECT}`));
  read.forEach((u, i) => u && byUpn.set(unread[i]!, u));
  return Object.fromEntries(upns.map((u) => [u, (byUpn.get(u)?.assignedLicenses ?? []).map((a) => a.skuId)]));
}

export async function fetchLicenses(ctx: FetchContext, _desired: DesiredLicense[]): Promise<FetchResult<LiveLicense>> {
  const graph = ctx.clients.graph;
  const [catalog, read] = await Promise.all([sharedSkus(graph, ctx.session), readUsers(graph, ctx.session, ctx.tenant, ctx.prune, ctx.directory)]);
  const licensed = new Set(licensedUsers(ctx.tenant).map(({ spec }) => spec.userPrincipalName.toLowerCase()));
  const users = (read as RawUser[]).filter((u) => ctx.prune || licensed.has(u.userPrincipalName.toLowerCase()));
  return { live: liveLicenses(users, catalog), complete: ctx.prune, facts: { skus: catalog, holdings: await holdings(ctx, read as RawUser[]) } };
}
