// Executes guest changes as planned: the invitation's POST (or a restore from deleted items), a displayName PATCH, a
// DELETE (to deleted items, as for any user). Nothing is read or compared here but the invited user's readback, so
// that a plan made right after this apply sees the guest. The invitation's redeem link admits whoever opens it, so
// it is never printed.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { awaitReadable } from '../../clients/poll.js';
import { seg } from '../shared/graph.js';
import { defaultRedirect } from './diff.js';

interface InvitationReply { invitedUser?: { id?: string }; inviteRedeemUrl?: string; status?: string }

async function invite(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ops = opsOf(change, 'graphWrite');
  const reply = await ctx.clients.graph.post<InvitationReply>('/invitations', ops.body);
  if (reply.inviteRedeemUrl) ctx.sensitive?.(reply.inviteRedeemUrl);
  const id = reply.invitedUser?.id;
  if (!id) throw new Error(`${change.address}: the invitation's answer names no invited user`);
  const seen = await awaitReadable(ctx.clients.graph, `/users/${seg(id)}?$select=id`, ctx.clients.clock);
  // redemption-experience.md: a direct link with the tenant's context redeems as the invitation email's does.
  const how = ops.body.sendInvitationMessage === true ? 'Microsoft emails the invitation' : `the guest redeems by signing in at ${defaultRedirect(ctx.tenant.tenant.tenantId)}`;
  return { id, message: `invited (${reply.status ?? 'PendingAcceptance'}): ${how}${seen ? '' : '; not yet visible to reads (replication), plan again later'}` };
}

export async function applyGuest(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  switch (change.action) {
    case 'create': {
      if (change.reason !== 'restore') return invite(change, ctx);
      const ops = opsOf(change, 'graphWrite');
      if (!ops.id) throw new Error(`${change.address}: the plan holds no deleted guest's id; plan again`);
      await ctx.clients.graph.post(`/directory/deletedItems/${seg(ops.id)}/restore`, {});
      if (Object.keys(ops.body).length > 0) await ctx.clients.graph.patch(`/users/${seg(ops.id)}`, ops.body);
      return { id: ops.id, message: 'restored from deleted items' };
    }
    case 'update': {
      const ops = opsOf(change, 'graphWrite');
      if (!ops.id) throw new Error(`${change.address}: the plan holds no guest id; plan again`);
      await ctx.clients.graph.patch(`/users/${seg(ops.id)}`, ops.body);
      return { id: ops.id };
    }
    case 'delete':
      await ctx.clients.graph.delete(`/users/${seg(opsOf(change, 'graphDelete').id)}`);
      return { message: 'moved to deleted items (restorable for 30 days)' };
    case 'replace':
      throw new Error(`guest: action ${change.action} is not supported`);
  }
}
