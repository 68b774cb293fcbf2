// Export of security and Microsoft 365 groups (static or dynamic) with their group-based licenses. Values equal to
// what the diff assumes when absent (`membershipRuleProcessingState: On` on a dynamic group) are left out.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import { fetchGroups } from './fetch.js';
import type { LiveGroup } from './model.js';

const isId = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(s);

export function groupToYaml(l: LiveGroup, notes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { mailNickname: l.mailNickname };
  if (l.displayName) out.displayName = l.displayName;
  if (l.description) out.description = l.description;
  out.type = l.type;
  if (l.visibility) out.visibility = l.visibility;
  if (l.membershipRule) {
    out.membershipRule = l.membershipRule;
    if (l.membershipRuleProcessingState && l.membershipRuleProcessingState !== 'On') out.membershipRuleProcessingState = l.membershipRuleProcessingState;
  }
  if (l.licenses.length) {
    if (l.licenses.some((x) => isId(x.sku) || x.disabledPlans.some(isId))) {
      notes.push("licenses not exported: a SKU or plan is not in the tenant's subscribedSkus");
    } else {
      out.licenses = l.licenses.map((x) => (x.disabledPlans.length ? { sku: x.sku, disabledPlans: sortStrings(x.disabledPlans) } : { sku: x.sku }));
    }
  }
  return out;
}

export async function exportGroups(ctx: FetchContext): Promise<ExportResult> {
  const { live, facts } = await fetchGroups({ ...ctx, prune: true }, []);
  const notes: Record<string, string[]> = {};
  const seen = new Set<string>();
  const items: Record<string, unknown>[] = [];
  let duplicates = 0;
  for (const g of [...live].sort(byKey((x) => x.mailNickname))) {
    const key = g.mailNickname.toLowerCase();
    // mailNickname is the YAML key; Graph does not force security groups to have unique ones.
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    const n: string[] = [];
    items.push(groupToYaml(g, n));
    if (n.length) notes[g.mailNickname] = n;
  }
  const comments = [`${count(items.length, 'security or Microsoft 365 group')}`];
  if (duplicates) comments.push(`${count(duplicates, 'group')} not exported: mailNickname shared with another group`);
  const exchange = Number(facts?.exchangeGroups ?? 0);
  if (exchange) comments.push(`${count(exchange, 'mail-enabled security or distribution group')} belong to the Exchange kinds`);
  return { section: 'groups', items, comments, notes };
}
