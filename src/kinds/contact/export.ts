// Export of mail contacts: address, display name, names and company, hidden flag when set.
import type { ContactSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import type { ContactLive } from './index.js';

type Fetch = (ctx: FetchContext, desired: ContactSpec[]) => Promise<FetchResult<ContactLive>>;

export function contactToYaml(l: ContactLive): Record<string, unknown> {
  const out: Record<string, unknown> = { address: l.address, displayName: l.displayName };
  for (const k of ['firstName', 'lastName', 'company'] as const) if (l[k]) out[k] = l[k];
  if (l.hiddenFromAddressLists) out.hiddenFromAddressLists = true;
  return out;
}

export async function exportContacts(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  // Declaring a name field makes the fetch read Get-Contact too; the address itself is never matched when pruning.
  const { live } = await fetch({ ...ctx, prune: true }, [{ address: 'export@invalid.invalid', firstName: '' }]);
  const items = [...live].sort(byKey((c) => c.address)).map(contactToYaml);
  return { section: 'contacts', items, comments: [count(items.length, 'mail contact')] };
}
