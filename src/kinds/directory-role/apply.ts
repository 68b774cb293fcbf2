// Role assignments are created at the planned scope for the planned definition, and deleted by the assignment id
// the plan read; the principal is a user the same apply may have created, so its id comes through the apply's ids.
import { opsOf, type Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';
import { idOf } from '../shared/refs.js';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

export async function applyRole(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  const ops = opsOf(change, 'assignRole', 'unassignRole');
  switch (ops.op) {
    case 'assignRole': {
      const principalId = await idOf(ctx, ops.principal);
      const created = await ctx.clients.graph.post<{ id: string }>(ASSIGNMENTS, { roleDefinitionId: ops.roleDefinitionId, principalId, directoryScopeId: ops.directoryScopeId });
      return { id: created.id };
    }
    case 'unassignRole':
      await ctx.clients.graph.delete(`${ASSIGNMENTS}/${seg(ops.assignmentId)}`);
      return {};
  }
}
