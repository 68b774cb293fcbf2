// Export of direct license assignments: each user's SKUs by skuPartNumber with disabled plans by service plan name.
// A user with an assignment the SKU catalogue cannot name keeps no `licenses` list at all: a list is authoritative,
// so a partial one would plan the removal of what it leaves out.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import { fetchLicenses } from './fetch.js';
import type { LiveLicense } from './model.js';

export function licensesToYaml(assignments: LiveLicense[]): Record<string, unknown>[] {
  return [...assignments]
    .sort(byKey((a) => a.sku))
    .map((a) => (a.disabledPlans.length ? { sku: a.sku, disabledPlans: sortStrings(a.disabledPlans) } : { sku: a.sku }));
}

export async function exportLicenses(ctx: FetchContext): Promise<ExportResult> {
  const { live } = await fetchLicenses({ ...ctx, prune: true }, []);
  const byUser = new Map<string, { upn: string; list: LiveLicense[] }>();
  for (const l of live) {
    const entry = byUser.get(l.upn) ?? { upn: l.upn, list: [] };
    entry.list.push(l);
    byUser.set(l.upn, entry);
  }
  const items: Record<string, unknown>[] = [];
  const notes: Record<string, string[]> = {};
  let unnamed = 0;
  for (const { upn, list } of [...byUser.values()].sort(byKey((e) => e.upn))) {
    // namesOf falls back to ids for what the catalogue lacks: such an assignment cannot be written by name.
    const bad = list.filter((l) => l.sku === l.skuId || l.disabledPlans.some((p) => /^[0-9a-f]{8}-/i.test(p)));
    if (bad.length) {
      unnamed++;
      notes[upn] = [`licenses not exported: ${count(bad.length, 'assignment')} of a SKU or plan not in the tenant's subscribedSkus`];
      continue;
    }
    items.push({ userPrincipalName: upn, licenses: licensesToYaml(list) });
  }
  const comments = [`${count(live.length, 'direct license assignment')}; licenses inherited from groups are listed on the group`];
  if (unnamed) comments.push(`${count(unnamed, 'user')} without a licenses list: their SKUs are not in subscribedSkus`);
  return { section: 'users', items, comments, notes };
}
