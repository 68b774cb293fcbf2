// Adds first (members in PATCHes of up to 20 `members@odata.bind`, owners through `$ref`), then removals through
// `$ref` — never DELETE on the member itself, which would delete the object. A removal already done (404) is fine.
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { batchWrite, seg } from '../shared/graph.js';
import { idOf, objectRef } from '../shared/refs.js';

export const BIND_LIMIT = 20;

const listOf = (change: Change, path: string, side: 'added' | 'removed'): string[] =>
  ((change.fields.find((f) => f.path === path)?.[side] ?? []) as string[]);

async function idsOf(ctx: ApplyContext, addresses: string[], known: Record<string, string>): Promise<string[]> {
  const out: string[] = [];
  for (const a of addresses) out.push(known[a] ?? (await idOf(ctx, a)));
  return out;
}

export async function applyMembership(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = ctx.clients.graph;
  const group = String((change.after ?? change.before)?.group);
  const groupId = await idOf(ctx, `group:${group}`);
  const known = ((change.before?.ids ?? {}) as Record<string, string>);
  const base = `/groups/${seg(groupId)}`;

  const memberIds = await idsOf(ctx, listOf(change, 'members', 'added'), {});
  for (let i = 0; i < memberIds.length; i += BIND_LIMIT) {
    await graph.patch(base, { 'members@odata.bind': memberIds.slice(i, i + BIND_LIMIT).map(objectRef) });
  }
  const ownerIds = await idsOf(ctx, listOf(change, 'owners', 'added'), {});
  await batchWrite(graph, ownerIds.map((id) => ({ method: 'POST', url: `${base}/owners/$ref`, body: { '@odata.id': objectRef(id) } })));

  const removals = [
    ...(await idsOf(ctx, listOf(change, 'members', 'removed'), known)).map((id) => `${base}/members/${seg(id)}/$ref`),
    ...(await idsOf(ctx, listOf(change, 'owners', 'removed'), known)).map((id) => `${base}/owners/${seg(id)}/$ref`),
  ];
  await batchWrite(graph, removals.map((url) => ({ method: 'DELETE', url })), [404]);
  return { message: `${memberIds.length + ownerIds.length} added, ${removals.length} removed` };
}
