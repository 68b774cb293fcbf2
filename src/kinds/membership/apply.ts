// Executes the planned membership ops: additions first (members in PATCHes of up to 20 `members@odata.bind`, owners
// through `$ref`), then removals through `$ref` by the ids the plan read — never DELETE on the member itself, which
// would delete the object. A removal already done (404) is fine. Nothing is listed or compared here.
// A group that did not exist at plan time may be one the same apply restores from deleted items, with its old members
// and owners: its additions go one `$ref` each, and one already there is done; its old entries that the YAML does
// not name are for the next plan to remove (the plan could not read them).
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { batchError } from '../../clients/reads.js';
import { batchWrite, bindAll } from '../../clients/writes.js';
import { seg } from '../shared/graph.js';
import { idOf, objectRef } from '../shared/refs.js';

async function idsOf(ctx: ApplyContext, addresses: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of addresses) out.push(await idOf(ctx, a));
  return out;
}

// Graph's 400 for adding a member or owner the group already holds (group-post-members: "400 Bad Request ... when the
// object is already a member of the group"); other 400s, such as a member not yet replicated, still fail.
const ALREADY = /added object references already exist/i;

async function addEach(ctx: ApplyContext, base: string, list: 'members' | 'owners', ids: string[]): Promise<void> {
  const requests = ids.map((id, i) => ({ id: String(i + 1), method: 'POST' as const, url: `${base}/${list}/$ref`, body: { '@odata.id': objectRef(id) } }));
  if (!requests.length) return;
  const responses = await ctx.clients.graph.batch(requests);
  responses.forEach((res, i) => {
    if (res.status >= 300 && !(res.status === 400 && ALREADY.test(JSON.stringify(res.body ?? '')))) throw batchError(requests[i]!, res);
  });
}

export async function applyMembership(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ops = opsOf(change, 'membership');
  const graph = ctx.clients.graph;
  const group = String((change.after ?? change.before)?.group);
  const base = `/groups/${seg(await idOf(ctx, `group:${group}`))}`;
  const members = await idsOf(ctx, ops.members.add);
  const owners = await idsOf(ctx, ops.owners.add);
  if (change.action === 'create') {
    await addEach(ctx, base, 'members', members);
    await addEach(ctx, base, 'owners', owners);
  } else {
    await bindAll(graph, base, 'members', members.map(objectRef));
    await batchWrite(graph, owners.map((id) => ({ method: 'POST', url: `${base}/owners/$ref`, body: { '@odata.id': objectRef(id) } })));
  }
  const removals = [
    ...ops.members.remove.map((r) => `${base}/members/${seg(r.id)}/$ref`),
    ...ops.owners.remove.map((r) => `${base}/owners/${seg(r.id)}/$ref`),
  ];
  await batchWrite(graph, removals.map((url) => ({ method: 'DELETE', url })), [404]);
  return { message: `${members.length + owners.length} added, ${removals.length} removed` };
}
