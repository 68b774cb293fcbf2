// Export of dynamic distribution groups: address, display name, the filter (custom, or precanned with its non-empty
// conditions), and the flags where they differ from Exchange's defaults (visible, internal senders only).
import type { DynamicDistributionGroupSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { CONDITIONS, type DynamicGroupLive } from './state.js';

type Fetch = (ctx: FetchContext, desired: DynamicDistributionGroupSpec[]) => Promise<FetchResult<DynamicGroupLive>>;

export function dynamicGroupToYaml(l: DynamicGroupLive): Record<string, unknown> {
  const out: Record<string, unknown> = { address: l.address, displayName: l.displayName };
  if (typeof l.recipientFilter === 'string') out.recipientFilter = l.recipientFilter;
  if (Array.isArray(l.includedRecipients)) {
    out.includedRecipients = l.includedRecipients;
    const conditional = Object.fromEntries(Object.keys(CONDITIONS).flatMap((k) => {
      const v = l[`conditional.${k}`] as string[];
      return v.length > 0 ? [[k, v]] : [];
    }));
    if (Object.keys(conditional).length > 0) out.conditional = conditional;
  }
  if (l.hiddenFromAddressLists) out.hiddenFromAddressLists = true;
  if (!l.requireAuthenticatedSenders) out.requireAuthenticatedSenders = false;
  return out;
}

export async function exportDynamicGroups(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const { live } = await fetch({ ...ctx, prune: true }, []);
  const items = [...live].sort(byKey((g) => g.address)).map(dynamicGroupToYaml);
  return {
    section: 'dynamicDistributionGroups', items,
    comments: [count(items.length, 'dynamic distribution group'), 'recipient filters are written without the system-mailbox exclusions Exchange appends'],
  };
}
