// Export of seats: the customer's active Partner Center subscriptions with their quantity. Partner Center names an
// offer, the YAML also needs its SKU (skuPartNumber); it is taken from the subscribed SKU whose product name equals
// the offer name. A subscription that matches no such SKU is named in a comment instead of guessed.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';

interface PcSubscription { offerName: string; quantity: number; status: string }
interface PcSubscribedSku { productSku: { name?: string; skuPartNumber: string } }

export async function exportSeats(ctx: FetchContext): Promise<ExportResult> {
  const pc = ctx.clients.partnerCenter;
  if (!pc) return { section: 'partner.seats', items: [], comments: ['seats not exported: no Partner Center connection (AZURE_TENANT_ID of the partner)'] };
  const customer = `/v1/customers/${ctx.tenant.tenant.tenantId}`;
  const [subs, skus] = await Promise.all([pc.list<PcSubscription>(`${customer}/subscriptions`), pc.list<PcSubscribedSku>(`${customer}/subscribedskus`)]);
  const items: Record<string, unknown>[] = [];
  const unmatched: string[] = [];
  for (const s of subs.filter((x) => x.status !== 'deleted' && x.status !== 'suspended').sort(byKey((x) => x.offerName))) {
    const sku = skus.find((k) => k.productSku.name?.toLowerCase() === s.offerName.toLowerCase())?.productSku.skuPartNumber;
    if (sku) items.push({ offer: s.offerName, sku, quantity: s.quantity });
    else unmatched.push(s.offerName);
  }
  const comments = items.length ? [count(items.length, 'Partner Center subscription')] : [];
  if (unmatched.length) comments.push(`seats not exported (no subscribed SKU carries the offer's name; add offer and sku by hand): ${unmatched.join(', ')}`);
  return { section: 'partner.seats', items, comments };
}
