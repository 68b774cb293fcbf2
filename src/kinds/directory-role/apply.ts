// Role assignments are created at directory scope '/' and deleted by their assignment id.
import type { Change } from '../../plan/types.js';
import type { ApplyContext, ApplyResult } from '../contract.js';
import { seg } from '../shared/graph.js';
import { idOf, userAddress } from '../shared/refs.js';

const ASSIGNMENTS = '/roleManagement/directory/roleAssignments';

export async function applyRole(change: Change, ctx: ApplyContext): Promise<ApplyResult> {
  if (change.action === 'create') {
    const a = change.after as { userPrincipalName: string; roleDefinitionId: string };
    const principalId = await idOf(ctx, userAddress(a.userPrincipalName));
    const created = await ctx.clients.graph.post<{ id: string }>(ASSIGNMENTS, { roleDefinitionId: a.roleDefinitionId, principalId, directoryScopeId: '/' });
    return { id: created.id };
  }
  if (change.action === 'delete') {
    const id = ctx.ids.lookup?.(change.address) ?? String(change.before?.assignmentId);
    await ctx.clients.graph.delete(`${ASSIGNMENTS}/${seg(id)}`);
    return {};
  }
  throw new Error(`directoryRole: action ${change.action} is not supported`);
}
