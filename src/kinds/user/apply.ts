// Executes user changes exactly as planned: the PATCH carries only the fields the plan lists.
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { awaitReadable } from '../../clients/poll.js';
import { batchWrite } from '../../clients/writes.js';
import { seg } from '../shared/graph.js';
import { idOf, objectRef, userAddress } from '../shared/refs.js';
import { initialPassword } from './password.js';
import { policyString } from './model.js';

/** Graph refuses these characters in mailNickname; the local part of the UPN is the customary source. */
export const mailNicknameOf = (upn: string): string => upn.split('@')[0]!.replace(/[^A-Za-z0-9._-]/g, '') || 'user';

function plannedValues(change: Change): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of change.fields) {
    if (f.sensitive || f.path.startsWith('passwordProfile.') || f.path === 'manager') continue;
    out[f.path] = f.path === 'passwordPolicies' ? policyString(Array.isArray(f.after) ? f.after.map(String) : []) : (f.after ?? null);
  }
  return out;
}

async function setManager(ctx: ApplyContext, userId: string, change: Change): Promise<void> {
  const field = change.fields.find((f) => f.path === 'manager');
  if (!field || typeof field.after !== 'string') return;
  const managerId = await idOf(ctx, userAddress(field.after));
  await batchWrite(ctx.clients.graph, [{ method: 'PUT', url: `/users/${seg(userId)}/manager/$ref`, body: { '@odata.id': objectRef(managerId) } }]);
}

async function create(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const after = change.after ?? {};
  const upn = String(after.userPrincipalName);
  const body = {
    ...plannedValues(change),
    userPrincipalName: upn,
    mailNickname: mailNicknameOf(upn),
    passwordProfile: { password: initialPassword(ctx), forceChangePasswordNextSignIn: true },
  };
  const created = await ctx.clients.graph.post<{ id: string }>('/users', body);
  const visible = await awaitReadable(ctx.clients.graph, `/users/${seg(created.id)}?$select=id`, ctx.clients.clock);
  await setManager(ctx, created.id, change);
  const note = visible ? '' : '; not yet visible to reads (replication), plan again later';
  return { id: created.id, message: `created with an initial password that must be changed at first sign-in${note}` };
}

async function restore(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const id = ctx.ids.lookup?.(change.address);
  if (!id) throw new Error(`${change.address}: the deleted user's id is unknown; plan again`);
  const graph = ctx.clients.graph;
  await graph.post(`/directory/deletedItems/${seg(id)}/restore`, {});
  // A restored user may come back under its deleted-items UPN; the declared one is set with the other fields.
  await graph.patch(`/users/${seg(id)}`, { ...plannedValues(change), userPrincipalName: String(change.after?.userPrincipalName) });
  await setManager(ctx, id, change);
  return { id, message: 'restored from deleted items' };
}

export async function applyUser(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const upn = String((change.before ?? change.after)?.userPrincipalName);
  const id = (): string => ctx.ids.lookup?.(change.address) ?? upn;
  switch (change.action) {
    case 'create':
      return change.reason === 'restore' ? restore(change, ctx) : create(change, ctx);
    case 'delete':
      await ctx.clients.graph.delete(`/users/${seg(id())}`);
      return { message: 'moved to deleted items (restorable for 30 days)' };
    case 'update': {
      const values = plannedValues(change);
      if (Object.keys(values).length > 0) await ctx.clients.graph.patch(`/users/${seg(id())}`, values);
      await setManager(ctx, id(), change);
      return {};
    }
    case 'replace':
      throw new Error(`user: action ${change.action} is not supported`);
  }
}
