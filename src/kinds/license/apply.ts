// One assignLicense call per change: an add carries its disabled plans (which also replaces them on an update), a
// delete removes the SKU. Names are resolved to ids through the catalogue read once per apply.
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';
import { idOf, userAddress } from '../shared/refs.js';
import { resolveLicense, skuByName, skusFor } from '../shared/skus.js';

export async function applyLicense(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const side = (change.after ?? change.before) as { userPrincipalName: string; sku: string; disabledPlans: string[]; skuId?: string };
  const userId = await idOf(ctx, userAddress(side.userPrincipalName));
  const catalog = await skusFor(ctx.clients.graph, ctx.session);
  let body: { addLicenses: { skuId: string; disabledPlans: string[] }[]; removeLicenses: string[] };
  if (change.action === 'delete') {
    const skuId = side.skuId ?? skuByName(catalog, side.sku)?.skuId;
    if (!skuId) throw new Error(`${change.address}: SKU ${side.sku} is not in this tenant's catalogue`);
    body = { addLicenses: [], removeLicenses: [skuId] };
  } else {
    const { resolved, unknown } = resolveLicense(catalog, side.sku, side.disabledPlans);
    if (!resolved) throw new Error(`${change.address}: ${unknown.join('; ')}`);
    body = { addLicenses: [resolved], removeLicenses: [] };
  }
  await ctx.clients.graph.post(`/users/${seg(userId)}/assignLicense`, body);
  return {};
}
