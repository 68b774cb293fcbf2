// Revokes a leaver's sign-in sessions: POST /users/{id}/revokeSignInSessions (microsoft-graph-docs-contrib
// api-reference/v1.0/api/user-revokesigninsessions.md), by the user id the plan read. Any 2xx is success (the page's
// known issue: 200 and `true` where 204 was meant).
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';

export async function applyRevocation(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const { id } = opsOf(change, 'graphWrite');
  if (change.action !== 'update' || id === undefined) throw new Error(`${change.address}: only a revocation of a read user can be applied; plan again`);
  await ctx.clients.graph.post(`/users/${seg(id)}/revokeSignInSessions`, {});
  return {};
}
