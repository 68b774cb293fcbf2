// Applies a planned Conditional Access change: sends the body the plan holds, turning the addresses of objects this
// apply created (a new group, a new named location) into their ids. Nothing is decided here.
import type { Change } from '../../plan/types.js';
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
  const ops = (change.ops ?? {}) as { body?: Json; id?: string };
  const graph = ctx.clients.graph;
  const path = `${POLICIES_PATH}/${encodeURIComponent(ops.id ?? '')}`;
  if (change.action === 'delete') {
    await graph.delete(path);
    return {};
  }
  const body = await resolved(ops.body ?? {}, ctx);
  if (change.action === 'create') return { id: (await graph.post<{ id: string }>(POLICIES_PATH, body)).id };
  await graph.patch(path, body);
  return { id: ops.id };
}
