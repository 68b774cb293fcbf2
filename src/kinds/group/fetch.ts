// Scoped read of groups by mailNickname through `$batch` (the whole list when pruning), deleted items for declared
// groups that are missing, plus the SKU catalogue when group-based licenses are declared or found.
import type { FetchContext, FetchResult } from '../contract.js';
import { batchGet, filterEq, type Page } from '../shared/graph.js';
import { namesOf, readSkus, type SkuCatalog } from '../shared/skus.js';
import { GRAPH_GROUP_TYPES, typeOf, type DesiredGroup, type LiveGroup } from './model.js';

export const GROUP_SELECT =
  '$select=id,mailNickname,displayName,description,groupTypes,mailEnabled,securityEnabled,visibility,membershipRule,membershipRuleProcessingState,assignedLicenses';

export interface RawGroup {
  id: string;
  mailNickname: string;
  displayName?: string | null;
  description?: string | null;
  groupTypes?: string[];
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  visibility?: string | null;
  membershipRule?: string | null;
  membershipRuleProcessingState?: string | null;
  assignedLicenses?: { skuId: string; disabledPlans?: string[] }[];
}

export function normalizeGroup(raw: RawGroup, catalog: SkuCatalog): LiveGroup {
  return {
    id: raw.id,
    mailNickname: raw.mailNickname,
    type: typeOf(raw),
    groupTypes: [...(raw.groupTypes ?? [])].sort(),
    displayName: raw.displayName ?? null,
    description: raw.description ?? null,
    visibility: raw.visibility ?? null,
    membershipRule: raw.membershipRule ?? null,
    membershipRuleProcessingState: raw.membershipRuleProcessingState ?? null,
    licenses: (raw.assignedLicenses ?? [])
      .map((a) => namesOf(catalog, a.skuId, a.disabledPlans ?? []))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
  };
}

export const groupByNickname = (nick: string): string => `/groups?${filterEq('mailNickname', nick)}&${GROUP_SELECT}`;

export async function fetchGroups(ctx: FetchContext, desired: DesiredGroup[]): Promise<FetchResult<LiveGroup>> {
  const graph = ctx.clients.graph;
  let raw: RawGroup[];
  if (ctx.prune) {
    raw = await graph.list<RawGroup>(`/groups?${GROUP_SELECT}`);
  } else {
    const pages = await batchGet<Page<RawGroup>>(graph, desired.map((d) => groupByNickname(d.spec.mailNickname)));
    raw = pages.flatMap((p) => (p?.value ?? []).slice(0, 1));
  }
  // Declared groups are read whatever their type so a clash with an Exchange group is reported; the rest are not ours.
  const declared = new Set(desired.map((d) => d.spec.mailNickname.toLowerCase()));
  const read = raw.length;
  raw = raw.filter((g) => declared.has(g.mailNickname.toLowerCase()) || GRAPH_GROUP_TYPES.has(typeOf(g)));
  const deleted = await deletedGroups(ctx, desired, raw);
  const needSkus = [...raw, ...deleted].some((g) => g.assignedLicenses?.length) || desired.some((d) => d.spec.licenses !== undefined);
  const catalog = needSkus ? await readSkus(graph) : [];
  const live = [...raw.map((g) => normalizeGroup(g, catalog)), ...deleted.map((g): LiveGroup => ({ ...normalizeGroup(g, catalog), deleted: true }))];
  return { live, complete: ctx.prune, facts: { skus: catalog, exchangeGroups: read - raw.length } };
}

/** Declared groups missing from the tenant but in deleted items: they are restored, not created again. */
async function deletedGroups(ctx: FetchContext, desired: DesiredGroup[], found: RawGroup[]): Promise<RawGroup[]> {
  const have = new Set(found.map((g) => g.mailNickname.toLowerCase()));
  const missing = new Set(desired.filter((d) => d.spec.ensure !== 'absent' && !have.has(d.spec.mailNickname.toLowerCase())).map((d) => d.spec.mailNickname.toLowerCase()));
  if (missing.size === 0) return [];
  const deleted = await ctx.clients.graph.list<RawGroup>(`/directory/deletedItems/microsoft.graph.group?${GROUP_SELECT}`);
  const out = new Map<string, RawGroup>();
  for (const g of deleted) if (missing.has(g.mailNickname.toLowerCase()) && !out.has(g.mailNickname.toLowerCase())) out.set(g.mailNickname.toLowerCase(), g);
  return [...out.values()];
}
