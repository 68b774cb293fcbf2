// GDAP relationships, managed in the partner tenant per customer (Graph on the partner tenant). New relationships
// are locked for approval and the customer's approval link is reported; once active, access assignments follow,
// and a replacement ends by terminating its predecessors.
import type { GraphApi } from '../../clients/types.js';
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult, Kind } from '../contract.js';
import { partnerGraphOf } from '../azure/api.js';
import { accessDelta, diffGdap, type DesiredAccess } from './diff.js';
import { exportGdap } from './export.js';
import { gdapGate } from './gate.js';
import { BASE, KIND, address, approvalLink, readGroups, readRelationships, selectGdap, type DesiredGdap, type LiveGdap } from './model.js';


interface Spec { displayName?: string; roles: string[]; duration: string; autoExtendDuration: string; access: DesiredAccess[] }

const unified = (roles: string[]) => ({ unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) });

async function lock(graph: GraphApi, id: string): Promise<string> {
  await graph.post(`${BASE}/${id}/requests`, { action: 'lockForApproval' });
  return `locked for approval; the customer approves at ${approvalLink(id)}`;
}

async function createRelationship(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = partnerGraphOf(ctx.clients);
  const a = change.after as unknown as Spec;
  const created = await graph.post<{ id: string }>(BASE, {
    displayName: a.displayName, duration: a.duration, customer: { tenantId: ctx.tenant.tenant.tenantId },
    accessDetails: unified(a.roles), autoExtendDuration: a.autoExtendDuration,
  });
  return { id: created.id, message: await lock(graph, created.id) };
}

async function sync(graph: GraphApi, before: LiveGdap, a: Spec & { id: string; terminate: string[] }): Promise<ApplyResult> {
  const target = before.generations.find((g) => g.id === a.id);
  if (!target) throw new Error(`relationship ${a.id} is not in the plan's live state`);
  const delta = accessDelta(target.access, a.access);
  const path = `${BASE}/${a.id}/accessAssignments`;
  for (const add of delta.add) {
    await graph.post(path, { accessContainer: { accessContainerId: add.groupId, accessContainerType: 'securityGroup' }, accessDetails: unified(add.roles) });
  }
  for (const ch of delta.change) {
    const live = target.access.find((x) => x.groupId === ch.groupId);
    await graph.patch(`${path}/${live?.id ?? ''}`, { accessDetails: unified(ch.roles) }, { headers: { 'If-Match': live?.etag ?? '*' } });
  }
  for (const rm of delta.remove) await graph.delete(`${path}/${rm.id}`, { headers: { 'If-Match': rm.etag } });
  if (target.autoExtendDuration !== a.autoExtendDuration) {
    await graph.patch(`${BASE}/${a.id}`, { autoExtendDuration: a.autoExtendDuration }, { headers: { 'If-Match': target.etag } });
  }
  // Only now that the successor carries the access may the predecessor go.
  for (const id of a.terminate) await graph.post(`${BASE}/${id}/requests`, { action: 'terminate' });
  return { id: a.id, message: a.terminate.length ? `terminated ${a.terminate.length} predecessor relationship(s)` : undefined };
}

async function update(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = partnerGraphOf(ctx.clients);
  const a = change.after as unknown as Spec & { mode: string; id: string; terminate: string[] };
  const before = change.before as unknown as LiveGdap;
  if (a.mode === 'lock') return { id: a.id, message: await lock(graph, a.id) };
  if (a.mode === 'patchCreated') {
    const etag = before.generations.find((g) => g.id === a.id)?.etag ?? '*';
    await graph.patch(`${BASE}/${a.id}`, { accessDetails: unified(a.roles), duration: a.duration, autoExtendDuration: a.autoExtendDuration }, { headers: { 'If-Match': etag } });
    return { id: a.id, message: await lock(graph, a.id) };
  }
  return sync(graph, before, a);
}

async function remove(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = partnerGraphOf(ctx.clients);
  const pending: string[] = [];
  for (const g of (change.before as unknown as LiveGdap).generations) {
    if (g.status === 'active' || g.status === 'expiring') await graph.post(`${BASE}/${g.id}/requests`, { action: 'terminate' });
    else if (g.status === 'created') await graph.delete(`${BASE}/${g.id}`, { headers: { 'If-Match': g.etag } });
    else if (g.status === 'approvalPending') pending.push(g.displayName);
  }
  return { message: pending.length ? `awaiting approval, cannot be withdrawn: ${pending.join(', ')}` : undefined };
}

export const gdapKind: Kind<DesiredGdap, LiveGdap> = {
  kind: KIND,
  // Relationships and the partner's security groups live in the partner tenant.
  permissions: {
    read: { partnerGraph: ['DelegatedAdminRelationship.Read.All', 'GroupMember.Read.All'] },
    write: { partnerGraph: ['DelegatedAdminRelationship.ReadWrite.All'] },
  },
  pruneKey: 'gdap',
  select: selectGdap,
  address,
  export: (ctx) => exportGdap(ctx, gdapKind.fetch),
  async fetch(ctx, desired) {
    if (desired.length === 0 && !ctx.prune) return { live: [], complete: false };
    const graph = partnerGraphOf(ctx.clients);
    const live = await readRelationships(graph, ctx.tenant.tenant.tenantId);
    const groups = await readGroups(graph, desired);
    return { live, complete: true, facts: { ...groups } };
  },
  diff: diffGdap,
  accessGate: gdapGate,
  async apply(change, ctx) {
    if (change.action === 'create' || change.action === 'replace') return createRelationship(change, ctx);
    if (change.action === 'update') return update(change, ctx);
    return remove(change, ctx);
  },
};
