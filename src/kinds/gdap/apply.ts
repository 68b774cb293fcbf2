// Executes the planned GDAP ops in the partner tenant: create and lock for approval, patch a relationship still in
// `created`, sync access assignments and auto-extension (each write carrying the etag read at plan time), then end
// predecessors; a delete terminates, discards or reports each generation as the plan listed it. Nothing is compared.
import type { GraphApi } from '../../clients/types.js';
import { opsOf, type Change, type GdapOps } from '../../plan/types.js';
import { partnerGraphOf } from '../azure/api.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { BASE, approvalLink } from './model.js';

const unified = (roles: string[]) => ({ unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) });
const ifMatch = (etag: string) => ({ headers: { 'If-Match': etag } });

async function lock(graph: GraphApi, id: string): Promise<string> {
  await graph.post(`${BASE}/${id}/requests`, { action: 'lockForApproval' });
  return `locked for approval; the customer approves at ${approvalLink(id)}`;
}

async function sync(graph: GraphApi, ops: Extract<GdapOps, { type: 'sync' }>): Promise<ApplyResult> {
  const path = `${BASE}/${ops.id}/accessAssignments`;
  for (const add of ops.add) {
    await graph.post(path, { accessContainer: { accessContainerId: add.groupId, accessContainerType: 'securityGroup' }, accessDetails: unified(add.roles) });
  }
  for (const ch of ops.change) await graph.patch(`${path}/${ch.id}`, { accessDetails: unified(ch.roles) }, ifMatch(ch.etag));
  for (const rm of ops.remove) await graph.delete(`${path}/${rm.id}`, ifMatch(rm.etag));
  if (ops.autoExtend) await graph.patch(`${BASE}/${ops.id}`, { autoExtendDuration: ops.autoExtend.duration }, ifMatch(ops.autoExtend.etag));
  // Only now that the successor carries the access may the predecessor go.
  for (const id of ops.terminate) await graph.post(`${BASE}/${id}/requests`, { action: 'terminate' });
  return { id: ops.id, message: ops.terminate.length ? `terminated ${ops.terminate.length} predecessor relationship(s)` : undefined };
}

export async function applyGdap(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const graph = partnerGraphOf(ctx.clients);
  const ops = opsOf(change, 'gdap');
  switch (ops.type) {
    case 'create': {
      const created = await graph.post<{ id: string }>(BASE, {
        displayName: ops.displayName, duration: ops.duration, customer: { tenantId: ctx.tenant.tenant.tenantId },
        accessDetails: unified(ops.roles), autoExtendDuration: ops.autoExtendDuration,
      });
      return { id: created.id, message: await lock(graph, created.id) };
    }
    case 'lock':
      return { id: ops.id, message: await lock(graph, ops.id) };
    case 'patch':
      await graph.patch(`${BASE}/${ops.id}`, { accessDetails: unified(ops.roles), duration: ops.duration, autoExtendDuration: ops.autoExtendDuration }, ifMatch(ops.etag));
      return { id: ops.id, message: await lock(graph, ops.id) };
    case 'sync':
      return sync(graph, ops);
    case 'terminate':
      for (const id of ops.terminate) await graph.post(`${BASE}/${id}/requests`, { action: 'terminate' });
      for (const g of ops.discard) await graph.delete(`${BASE}/${g.id}`, ifMatch(g.etag));
      return { message: ops.pending.length ? `awaiting approval, cannot be withdrawn: ${ops.pending.join(', ')}` : undefined };
  }
}
