// Scoped read of groups by mailNickname (batched GETs or pages of 999, whichever is cheaper; everything when pruning),
// deleted items for declared groups that are missing, plus the SKU catalogue when group-based licenses are declared
// or found.
import type { FetchContext, FetchResult, LiveDirectory } from '../contract.js';
import { snapshotGroups } from '../shared/directory.js';
import type { GraphApi } from '../../clients/types.js';
import type { TenantConfig } from '../../config/model.js';
import { filterEq } from '../shared/graph.js';
import { readScoped } from '../../clients/reads.js';
import type { ReadSession } from '../../clients/session.js';
import { namesOf, sharedSkus, type SkuCatalog } from '../shared/skus.js';
import { GRAPH_GROUP_TYPES, isExchangeSpec, typeOf, type DesiredGroup, type LiveGroup } from './model.js';

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

/** The keys the group and membership kinds both read with, so that they share one read. */
export const groupKeys = (tenant: TenantConfig): string[] => (tenant.groups ?? []).map((g) => g.mailNickname);

/**
 * Declared groups by mailNickname (every group when `all`); the membership kind shares the same read. Taken from
 * drift's delta snapshot when there is one.
 */
export function readGroups(graph: GraphApi, session: ReadSession, nicknames: string[], all: boolean, directory?: LiveDirectory): Promise<RawGroup[]> {
  const keys = [...new Set(nicknames.map((n) => n.toLowerCase()))].sort();
  if (directory) return Promise.resolve(snapshotGroups<RawGroup>(directory, new Set(keys), all));
  return session.shared(`groups:${all}:${keys.join(',')}`, () =>
    readScoped<RawGroup>(graph, {
      keys,
      keyOf: (g) => String(g.mailNickname).toLowerCase(),
      listPath: `/groups?$top=999&${GROUP_SELECT}`,
      itemPath: groupByNickname,
      itemIsCollection: true,
      all,
    }),
  );
}

export async function fetchGroups(ctx: FetchContext, desired: DesiredGroup[]): Promise<FetchResult<LiveGroup>> {
  const graph = ctx.clients.graph;
  const needSkus = desired.some((d) => !isExchangeSpec(d) && d.spec.licenses !== undefined);
  const skus = needSkus ? sharedSkus(graph, ctx.session) : undefined;
  // Every group of the config is asked for (not only Graph types): the membership kind shares this very read.
  let raw = await readGroups(graph, ctx.session, groupKeys(ctx.tenant), ctx.prune, ctx.directory);
  // Declared groups are read whatever their type so a clash with an Exchange group is reported; the rest are not ours.
  // Every nickname the YAML declares, of any type: a declared Exchange group that is live as a Graph group is a clash.
  const declared = new Set(groupKeys(ctx.tenant).map((n) => n.toLowerCase()));
  const read = raw.length;
  raw = raw.filter((g) => declared.has(g.mailNickname.toLowerCase()) || (ctx.prune && GRAPH_GROUP_TYPES.has(typeOf(g))));
  const deleted = await deletedGroups(ctx, desired, raw);
  const licensed = [...raw, ...deleted].some((g) => g.assignedLicenses?.length);
  const catalog = skus ? await skus : licensed ? await sharedSkus(graph, ctx.session) : [];
  const live = [...raw.map((g) => normalizeGroup(g, catalog)), ...deleted.map((g): LiveGroup => ({ ...normalizeGroup(g, catalog), deleted: true }))];
  return { live, complete: ctx.prune, facts: { skus: catalog, exchangeGroups: read - raw.length } };
}

/**
 * The deleted groups (Microsoft 365 groups: security groups are deleted for good) of these nicknames, every candidate
 * of each, so that two of one nickname are refused, not picked. One read of deleted items per run: the group kind
 * restores them, and the membership kind plans what their members become.
 */
export async function deletedGroupsNamed(ctx: FetchContext, nicknames: ReadonlySet<string>): Promise<RawGroup[]> {
  if (nicknames.size === 0) return [];
  const deleted = await ctx.session.shared('groups:deleted', () => ctx.clients.graph.list<RawGroup>(`/directory/deletedItems/microsoft.graph.group?${GROUP_SELECT}`));
  return deleted.filter((g) => typeof g.mailNickname === 'string' && nicknames.has(g.mailNickname.toLowerCase()));
}

/** Declared groups missing from the tenant but in deleted items: they are restored, not created again. */
function deletedGroups(ctx: FetchContext, desired: DesiredGroup[], found: RawGroup[]): Promise<RawGroup[]> {
  const have = new Set(found.map((g) => g.mailNickname.toLowerCase()));
  return deletedGroupsNamed(ctx, new Set(desired.filter((d) => !isExchangeSpec(d) && d.spec.ensure !== 'absent' && !have.has(d.spec.mailNickname.toLowerCase())).map((d) => d.spec.mailNickname.toLowerCase())));
}
