// The tenant's SKU catalogue from `/subscribedSkus`: names in YAML (skuPartNumber, servicePlanName) to ids and back,
// and the free seats that the plan-time seat check counts against.
import type { ReadSession } from '../../clients/session.js';
import type { GraphApi } from '../../clients/types.js';

export interface SkuInfo {
  skuId: string;
  skuPartNumber: string;
  /** prepaidUnits.enabled − consumedUnits, never below zero. */
  free: number;
  /** prepaidUnits.enabled: the seats the tenant has bought. */
  enabled: number;
  plans: { id: string; name: string }[];
}

interface SubscribedSku {
  skuId: string;
  skuPartNumber: string;
  consumedUnits?: number;
  prepaidUnits?: { enabled?: number };
  servicePlans?: { servicePlanId: string; servicePlanName: string }[];
}

export type SkuCatalog = SkuInfo[];

export async function readSkus(graph: GraphApi): Promise<SkuCatalog> {
  const skus = await graph.list<SubscribedSku>('/subscribedSkus?$select=skuId,skuPartNumber,consumedUnits,prepaidUnits,servicePlans');
  return skus.map((s) => ({
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    free: Math.max(0, (s.prepaidUnits?.enabled ?? 0) - (s.consumedUnits ?? 0)),
    enabled: s.prepaidUnits?.enabled ?? 0,
    plans: (s.servicePlans ?? []).map((p) => ({ id: p.servicePlanId, name: p.servicePlanName })),
  }));
}

/** For plan reads: kinds fetched side by side (licenses, groups) share one in-flight read of the catalogue. */
export const sharedSkus = (graph: GraphApi, session: ReadSession): Promise<SkuCatalog> => session.shared('skus', () => readSkus(graph));

/** For apply only: SKU and plan ids do not change within a run, so one read serves every change of a tenant's run. */
export const skusFor = (graph: GraphApi, session: ReadSession): Promise<SkuCatalog> => session.memo('skus', () => readSkus(graph));

export const skuByName = (catalog: SkuCatalog, name: string): SkuInfo | undefined =>
  catalog.find((s) => s.skuPartNumber.toLowerCase() === name.toLowerCase());

/** Names for a live assignment; an id missing from the catalogue stays as its id so drift is still visible. */
export function namesOf(catalog: SkuCatalog, skuId: string, disabledPlanIds: string[]): { sku: string; disabledPlans: string[] } {
  const sku = catalog.find((s) => s.skuId === skuId);
  const plan = (id: string): string => sku?.plans.find((p) => p.id === id)?.name ?? id;
  return { sku: sku?.skuPartNumber ?? skuId, disabledPlans: disabledPlanIds.map(plan).sort() };
}

export interface ResolvedLicense {
  skuId: string;
  disabledPlans: string[];
}

/** Resolves YAML names to ids; `unknown` lists what the catalogue lacks (the caller turns it into a diagnostic). */
export function resolveLicense(catalog: SkuCatalog, sku: string, plans: string[]): { resolved?: ResolvedLicense; unknown: string[] } {
  const info = skuByName(catalog, sku);
  if (!info) return { unknown: [`SKU ${sku} is not subscribed in this tenant`] };
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of plans) {
    const plan = info.plans.find((p) => p.name.toLowerCase() === name.toLowerCase());
    if (plan) ids.push(plan.id);
    else unknown.push(`service plan ${name} is not part of ${info.skuPartNumber}`);
  }
  return unknown.length ? { unknown } : { resolved: { skuId: info.skuId, disabledPlans: ids }, unknown };
}

/** Canonical disabledPlans for comparison: catalogue spelling, sorted. */
export function canonicalPlans(catalog: SkuCatalog, sku: string, plans: string[]): string[] {
  const info = skuByName(catalog, sku);
  return plans.map((n) => info?.plans.find((p) => p.name.toLowerCase() === n.toLowerCase())?.name ?? n).sort();
}
