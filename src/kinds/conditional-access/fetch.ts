// Reads for the Conditional Access kind: the tenant's policies and named locations, the security defaults switch
// (posture), and the users and groups the policies name on either side, so that ids and natural keys translate both
// ways at plan time. Every read throws on failure: an unread policy is unknown, never absent.
// Pages: conditionalaccessroot-list-policies.md, conditionalaccessroot-list-namedlocations.md,
// identitysecuritydefaultsenforcementpolicy-get.md (microsoft-graph-docs-contrib, api-reference/v1.0/api/).
import type { ConditionalAccessPolicySpec } from '../../config/model.js';
import { entraRoleById } from '../../catalog/entra-roles.js';
import type { GraphApi } from '../../clients/types.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet, restOfPages, type Page } from '../../clients/reads.js';
import { filterEq, seg } from '../shared/graph.js';
import { normalKey } from '../shared/reconcile.js';
import { LOCATIONS_PATH } from '../named-location/index.js';
import { POLICIES_PATH, refFieldOf, STRENGTHS, viewOf, type PolicyLive, type RefField } from './model.js';

type Json = Record<string, unknown>;

/** Natural key ↔ id of every object the policies name, as read at plan time. */
export interface RefFacts {
  /** canonical key → live ids (more than one: ambiguous). Keys: `users`/`groups`/`locations` field, then the key. */
  ids: Record<RefField, Record<string, string[]>>;
  securityDefaults: boolean;
}

export const SECURITY_DEFAULTS_PATH = '/policies/identitySecurityDefaultsEnforcementPolicy';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every string in a `users` or `locations` list of a policy body, by the field it names. */
function refsIn(conditions: unknown): { field: RefField; value: string }[] {
  const out: { field: RefField; value: string }[] = [];
  for (const holder of ['users', 'locations']) {
    const h = (conditions as Json | undefined)?.[holder] as Json | undefined;
    for (const [k, list] of Object.entries(h ?? {})) {
      const field = refFieldOf(k);
      if (field && Array.isArray(list)) for (const value of list) out.push({ field, value: String(value) });
    }
  }
  return out;
}

interface Named { id: string; userPrincipalName?: string; mailNickname?: string }

async function namesOfIds(graph: GraphApi, policies: Json[]): Promise<Map<string, string>> {
  const ids = { users: new Set<string>(), groups: new Set<string>() };
  for (const p of policies) for (const r of refsIn(p.conditions)) if ((r.field === 'users' || r.field === 'groups') && GUID.test(r.value)) ids[r.field].add(r.value);
  const [users, groups] = await Promise.all([
    batchGet<Named>(graph, [...ids.users].map((id) => `/users/${seg(id)}?$select=id,userPrincipalName`)),
    batchGet<Named>(graph, [...ids.groups].map((id) => `/groups/${seg(id)}?$select=id,mailNickname`)),
  ]);
  const names = new Map<string, string>();
  for (const u of users) if (u?.userPrincipalName) names.set(`users:${u.id}`, u.userPrincipalName.toLowerCase());
  for (const g of groups) if (g?.mailNickname) names.set(`groups:${g.id}`, g.mailNickname.toLowerCase());
  return names;
}

/** The YAML shape of a policy as Graph holds it: ids replaced by natural keys where they resolve. */
function toNatural(p: Json, names: Map<string, string>, locations: Map<string, string>): { spec: Json; unresolved: string[] } {
  const unresolved: string[] = [];
  const name = (field: RefField, v: string): string => {
    if (field === 'roles') return entraRoleById(v)?.displayName ?? v;
    if (field === 'locations') return locations.get(v) ?? (GUID.test(v) ? (unresolved.push(v), v) : v);
    const found = names.get(`${field}:${v}`);
    if (!found && GUID.test(v)) unresolved.push(v);
    return found ?? v;
  };
  const conditions = structuredClone((p.conditions ?? {}) as Json);
  for (const holder of ['users', 'locations']) {
    const h = conditions[holder] as Json | null | undefined;
    for (const [k, list] of Object.entries(h ?? {})) {
      const field = refFieldOf(k);
      if (field && Array.isArray(list) && h) h[k] = list.map((v) => name(field, String(v)));
    }
  }
  const g = p.grantControls as Json | null | undefined;
  const strengthId = (g?.authenticationStrength as Json | null | undefined)?.id;
  const strength = Object.entries(STRENGTHS).find(([, id]) => id === strengthId)?.[0] ?? (strengthId as string | undefined);
  const grantControls = g ? { ...g, authenticationStrength: strength } : g;
  return { spec: { ...p, conditions, grantControls }, unresolved };
}

function addId(facts: RefFacts, field: RefField, key: string, id: string): void {
  const list = (facts.ids[field][normalKey(key)] ??= []);
  if (!list.includes(id)) list.push(id);
}

async function idsOfKeys(graph: GraphApi, desired: ConditionalAccessPolicySpec[], facts: RefFacts): Promise<void> {
  const wanted = { users: new Set<string>(), groups: new Set<string>() };
  for (const d of desired) for (const r of refsIn(d.conditions)) if (r.field === 'users' || r.field === 'groups') wanted[r.field].add(r.value.trim());
  const users = [...wanted.users].filter((u) => u.includes('@'));
  const groups = [...wanted.groups];
  const [foundUsers, foundGroups] = await Promise.all([
    batchGet<Named>(graph, users.map((u) => `/users/${seg(u)}?$select=id,userPrincipalName`)),
    batchGet<Page<Named>>(graph, groups.map((g) => `/groups?${filterEq('mailNickname', g)}&$select=id,mailNickname`)),
  ]);
  foundUsers.forEach((u, i) => { if (u) addId(facts, 'users', users[i]!, u.id); });
  for (const [i, page] of foundGroups.entries()) {
    for (const g of page ? await restOfPages(graph, page, `/groups?mailNickname=${groups[i]!}`) : []) addId(facts, 'groups', groups[i]!, g.id);
  }
}

export async function fetchPolicies(ctx: FetchContext, desired: ConditionalAccessPolicySpec[]): Promise<FetchResult<PolicyLive>> {
  if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
  const graph = ctx.clients.graph;
  const [wire, wireLocations, defaults] = await Promise.all([
    graph.list<Json>(POLICIES_PATH),
    // The named-location and security-defaults kinds read the same in the same run: one read each.
    ctx.session.shared(LOCATIONS_PATH, () => graph.list<{ id: string; displayName: string }>(LOCATIONS_PATH)),
    ctx.session.shared(SECURITY_DEFAULTS_PATH, () => graph.get<{ isEnabled?: boolean }>(SECURITY_DEFAULTS_PATH)),
  ]);
  const facts: RefFacts = { ids: { users: {}, groups: {}, roles: {}, locations: {} }, securityDefaults: defaults.isEnabled === true };
  const locations = new Map(wireLocations.map((l) => [l.id, l.displayName]));
  for (const l of wireLocations) addId(facts, 'locations', l.displayName, l.id);
  const names = await namesOfIds(graph, wire);
  for (const [k, v] of names) {
    const [field, id] = k.split(':') as [RefField, string];
    addId(facts, field, v, id);
  }
  await idsOfKeys(graph, desired, facts);
  const live = wire.map((p): PolicyLive => {
    const { spec, unresolved } = toNatural(p, names, locations);
    return { ...viewOf(spec), description: (p.description as string | null) ?? null, id: String(p.id), ...(unresolved.length ? { unresolved } : {}) };
  });
  return { live, complete: true, facts: { refs: facts } };
}
