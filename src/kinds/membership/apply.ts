// Adds first (members in PATCHes of up to 20 `members@odata.bind`, owners through `$ref`), then removals through
// `$ref` — never DELETE on the member itself, which would delete the object. A removal already done (404) is fine.
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { batchWrite, bindAll } from '../../clients/writes.js';
import { seg } from '../shared/graph.js';
import { idOf, objectRef } from '../shared/refs.js';

const listOf = (change: Change, path: string, side: 'added' | 'removed'): string[] =>
  ((change.fields.find((f) => f.path === path)?.[side] ?? []) as string[]);

async function idsOf(ctx: ApplyContext, addresses: string[], known: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const a of addresses) out.push(known[a] ?? (await idOf(ctx, a)));
  return out;
}

/**
 * Object ids to add and remove for one list. A group that did not exist at plan time may be one restored from deleted
 * items in this apply: it comes back with its old members and owners, so the list is read and brought to the planned
 * `after` (adding a present member again would be a 400; an authoritative list drops the others).
 */
async function delta(ctx: ApplyContext, change: Change, list: string, path: 'members' | 'owners'): Promise<{ add: string[]; remove: string[] }> {
  if (change.before) {
    const known = (change.before.ids ?? {}) as Record<string, string>;
    return { add: await idsOf(ctx, listOf(change, path, 'added'), {}), remove: await idsOf(ctx, listOf(change, path, 'removed'), known) };
  }
  const field = change.fields.find((f) => f.path === path);
  if (!field) return { add: [], remove: [] };
  const want = await idsOf(ctx, (field.after ?? []) as string[], {});
  const present = (await ctx.clients.graph.list<{ id: string }>(`${list}?$select=id&$top=999`)).map((m) => m.id.toLowerCase());
  const wanted = new Set(want.map((id) => id.toLowerCase()));
  return {
    add: want.filter((id) => !present.includes(id.toLowerCase())),
    remove: change.after?.additive ? [] : present.filter((id) => !wanted.has(id)),
  };
}

export async function applyMembership(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = ctx.clients.graph;
  const group = String((change.after ?? change.before)?.group);
  const groupId = await idOf(ctx, `group:${group}`);
  const base = `/groups/${seg(groupId)}`;
  const members = await delta(ctx, change, `${base}/members`, 'members');
  const owners = await delta(ctx, change, `${base}/owners`, 'owners');

  await bindAll(graph, base, 'members', members.add.map(objectRef));
  await batchWrite(graph, owners.add.map((id) => ({ method: 'POST', url: `${base}/owners/$ref`, body: { '@odata.id': objectRef(id) } })));
  const removals = [
    ...members.remove.map((id) => `${base}/members/${seg(id)}/$ref`),
    ...owners.remove.map((id) => `${base}/owners/${seg(id)}/$ref`),
  ];
  await batchWrite(graph, removals.map((url) => ({ method: 'DELETE', url })), [404]);
  return { message: `${members.add.length + owners.add.length} added, ${removals.length} removed` };
}
