// Executes group changes: create with the type flags the plan carries, PATCH of planned fields only, group-based
// licensing through one assignLicense call, delete (Microsoft 365 groups go to deleted items), restore from there.
import equal from 'fast-deep-equal';
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { awaitReadable, seg } from '../shared/graph.js';
import { resolveLicense, skuByName, skusFor } from '../shared/skus.js';
import type { GroupLicense } from './model.js';
import type { ReplaceOp } from './replace.js';

const PATCHABLE = new Set(['displayName', 'description', 'visibility', 'membershipRule', 'membershipRuleProcessingState', 'groupTypes']);

async function assignLicenses(ctx: ApplyContext, groupId: string, before: GroupLicense[], after: GroupLicense[]): Promise<void> {
  const catalog = await skusFor(ctx.clients.graph);
  const add = after.filter((a) => !before.some((b) => equal(a, b)));
  const remove = before.filter((b) => !after.some((a) => a.sku === b.sku));
  if (!add.length && !remove.length) return;
  const addLicenses = add.map((a) => {
    const { resolved, unknown } = resolveLicense(catalog, a.sku, a.disabledPlans);
    if (!resolved) throw new Error(unknown.join('; '));
    return resolved;
  });
  const removeLicenses = remove.map((r) => skuByName(catalog, r.sku)?.skuId ?? r.sku);
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
  const visible = await awaitReadable(ctx.clients.graph, `/groups/${seg(created.id)}?$select=id`);
  if (Array.isArray(a.licenses) && a.licenses.length) await assignLicenses(ctx, created.id, [], a.licenses as GroupLicense[]);
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
  const graph = ctx.clients.graph;
  for (const op of change.ops as ReplaceOp[]) {
    if (op.op === 'delete') await graph.delete(`/groups/${seg(id)}`);
    if (op.op === 'purge') {
      if (!(await awaitReadable(graph, `/directory/deletedItems/${seg(id)}?$select=id`))) throw new Error(`${change.address}: deleted, but not yet in deleted items to purge (replication); plan again`);
      await graph.delete(`/directory/deletedItems/${seg(id)}`);
    }
    if (op.op === 'create') return { ...(await create(change, ctx)), message: 'replaced: deleted, purged where kept, created anew' };
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
  const lic = change.fields.find((f) => f.path === 'licenses');
  if (lic) await assignLicenses(ctx, id, (lic.before ?? []) as GroupLicense[], (lic.after ?? []) as GroupLicense[]);
}
