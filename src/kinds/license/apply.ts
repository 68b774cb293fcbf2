// One assignLicense call per change, exactly as planned: the SKU and disabled plans by id, resolved from the
// catalogue at plan time (an add on an update replaces the disabled plans), or the SKU to remove.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';
import { idOf, userAddress } from '../shared/refs.js';

export async function applyLicense(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const { addLicenses, removeLicenses } = opsOf(change, 'licenses');
  const upn = String((change.after ?? change.before)?.userPrincipalName);
  const userId = await idOf(ctx, userAddress(upn));
  await ctx.clients.graph.post(`/users/${seg(userId)}/assignLicense`, { addLicenses, removeLicenses });
  return {};
}
