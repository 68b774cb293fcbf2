// Executes group changes: create with the type flags the plan carries, PATCH of planned fields only, group-based
// licensing through the one assignLicense call the plan computed, delete (Microsoft 365 groups go to deleted items),
// restore from there.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { awaitReadable } from '../../clients/poll.js';
import { seg } from '../shared/graph.js';

const PATCHABLE = new Set(['displayName', 'description', 'visibility', 'membershipRule', 'membershipRuleProcessingState', 'groupTypes']);

/** The group-based licensing change the plan computed, sent as it is. */
async function assignLicenses(ctx: ApplyContext, groupId: string, change: Change): Promise<void> {
  if (!change.ops) return;
  const { addLicenses, removeLicenses } = opsOf(change, 'licenses');
  await ctx.clients.graph.post(`/groups/${seg(groupId)}/assignLicense`, { addLicenses, removeLicenses });
}

async function create(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const a = change.after ?? {};
  const body: Record<string, unknown> = {
    displayName: a.displayName,
    mailNickname: a.mailNickname,
    mailEnabled: a.mailEnabled,
    securityEnabled: a.securityEnabled,
    groupTypes: a.groupTypes,
  };
  for (const f of ['description', 'visibility', 'membershipRule', 'membershipRuleProcessingState']) if (a[f] !== undefined) body[f] = a[f];
  const created = await ctx.clients.graph.post<{ id: string }>('/groups', body);
  const visible = await awaitReadable(ctx.clients.graph, `/groups/${seg(created.id)}?$select=id`, ctx.clients.clock);
  await assignLicenses(ctx, created.id, change);
  return { id: created.id, ...(visible ? {} : { message: 'created; not yet visible to reads (replication), plan again later' }) };
}

async function restore(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const id = ctx.ids.lookup?.(change.address);
  if (!id) throw new Error(`${change.address}: the deleted group's id is unknown; plan again`);
  await ctx.clients.graph.post(`/directory/deletedItems/${seg(id)}/restore`, {});
  await update(change, ctx, id);
  return { id, message: 'restored from deleted items' };
}

/**
 * Runs the planned ops in order. The purge waits until the deleted group shows in deleted items (replication); if it
 * never does, the change fails with the group deleted and not yet created, and the next plan purges and creates.
 */
async function replace(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const id = ctx.ids.lookup?.(change.address);
  if (!id) throw new Error(`${change.address}: the group's id is unknown; plan again`);
  const { steps, licenses } = opsOf(change, 'replaceGroup');
  const graph = ctx.clients.graph;
  for (const step of steps) {
    if (step === 'delete') await graph.delete(`/groups/${seg(id)}`);
    if (step === 'purge') {
      if (!(await awaitReadable(graph, `/directory/deletedItems/${seg(id)}?$select=id`))) throw new Error(`${change.address}: deleted, but not yet in deleted items to purge (replication); plan again`);
      await graph.delete(`/directory/deletedItems/${seg(id)}`);
    }
    if (step === 'create') {
      // The new group's licenses are the create's own licensing ops.
      const { ops: _replace, ...rest } = change;
      const created = await create(licenses ? { ...rest, ops: licenses } : rest, ctx);
      return { ...created, message: 'replaced: deleted, purged where kept, created anew' };
    }
  }
  throw new Error(`${change.address}: the replace has no create step`);
}

export async function applyGroup(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  if (change.action === 'create') return change.reason === 'restore' ? restore(change, ctx) : create(change, ctx);
  if (change.action === 'replace') return replace(change, ctx);
  const id = ctx.ids.lookup?.(change.address) ?? (await ctx.ids.resolve(change.address));
  if (change.action === 'delete') {
    await ctx.clients.graph.delete(`/groups/${seg(id)}`);
    return {};
  }
  if (change.action !== 'update') throw new Error(`group: action ${change.action} is not supported`);
  await update(change, ctx, id);
  return {};
}

async function update(change: Change, ctx: ApplyContext, id: string): Promise<void> {
  const patch: Record<string, unknown> = {};
  for (const f of change.fields) if (PATCHABLE.has(f.path)) patch[f.path] = f.after ?? null;
  if (Object.keys(patch).length) await ctx.clients.graph.patch(`/groups/${seg(id)}`, patch);
  await assignLicenses(ctx, id, change);
}
