// Applies a planned Conditional Access change: sends the body the plan holds, turning the addresses of objects this
// apply created (a new group, a new named location) into their ids. Nothing is decided here.
import { awaitReadable } from '../../clients/poll.js';
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { idOf } from '../shared/refs.js';
import { POLICIES_PATH } from './model.js';

type Json = Record<string, unknown>;
const ADDRESS = /^(user|group|namedLocation):/;

async function resolve(list: unknown, ctx: ApplyContext): Promise<unknown> {
  if (!Array.isArray(list)) return list;
  return Promise.all(list.map((v) => (typeof v === 'string' && ADDRESS.test(v) ? (v.startsWith('namedLocation:') ? ctx.ids.resolve(v) : idOf(ctx, v)) : v)));
}

async function resolved(body: Json, ctx: ApplyContext): Promise<Json> {
  const conditions = { ...(body.conditions as Json) };
  for (const holder of ['users', 'locations']) {
    const h = conditions[holder] as Json | null | undefined;
    if (!h) continue;
    conditions[holder] = Object.fromEntries(await Promise.all(Object.entries(h).map(async ([k, v]) => [k, await resolve(v, ctx)] as const)));
  }
  return { ...body, conditions };
}

export async function applyPolicy(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = ctx.clients.graph;
  const pathOf = (id: string): string => `${POLICIES_PATH}/${encodeURIComponent(id)}`;
  if (change.action === 'delete') {
    await graph.delete(pathOf(opsOf(change, 'graphDelete').id));
    return {};
  }
  const ops = opsOf(change, 'graphWrite');
  const body = await resolved(ops.body, ctx);
  if (ops.id === undefined) {
    const { id } = await graph.post<{ id: string }>(POLICIES_PATH, body);
    // Until the new policy reads back, a plan made right after this apply would create it a second time.
    const seen = await awaitReadable(graph, pathOf(id), ctx.clients.clock);
    return { id, ...(seen ? {} : { message: 'created; not yet readable, a plan made right away may not see it' }) };
  }
  await graph.patch(pathOf(ops.id), body);
  return { id: ops.id };
}
