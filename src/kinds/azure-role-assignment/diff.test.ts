import { describe, expect, it } from 'vitest';
import { azureRoleAssignmentKind as kind } from './index.js';
import type { DesiredAssignment, LiveAssignment } from './model.js';
import { fullScope } from './model.js';

const SUB = 'aaaaaaaa-0000-4000-8000-000000000001';
const facts = { roles: { [SUB]: { reader: 'r-id', owner: 'o-id' } }, principals: { 'user:alice@contoso.com': 'alice-id' } };
const want = (o: Partial<DesiredAssignment> = {}): DesiredAssignment => ({ subscriptionId: SUB, scope: `/subscriptions/${SUB}`, principal: 'user:alice@contoso.com', role: 'Reader', path: 'azure.subscriptions[0].roleAssignments[0]', ...o });
const have = (o: Partial<LiveAssignment> = {}): LiveAssignment => ({ id: 'x', subscriptionId: SUB, scope: `/subscriptions/${SUB}`, principal: 'user:alice@contoso.com', principalId: 'alice-id', principalType: 'User', role: 'Reader', roleDefinitionId: 'r-id', ...o });
const ctx = (prune = false) => ({ tenant: {} as never, now: new Date('2026-11-22T10:00:00Z'), prune, complete: true, facts });

describe('azure role assignment diff', () => {
  it('matches case-insensitively on scope, principal and role', () => {
    expect(kind.diff([want({ role: 'reader', scope: `/SUBSCRIPTIONS/${SUB}` })], [have()], ctx()).changes).toEqual([]);
  });

  it('creates with resolved ids, and orders after the principal when it does not exist yet', () => {
    const [known] = kind.diff([want()], [], ctx()).changes;
    expect(known).toMatchObject({ action: 'create', after: { roleDefinitionId: 'r-id', principalId: 'alice-id' } });
    expect(known?.dependsOn).toBeUndefined();
    const [fresh] = kind.diff([want({ principal: 'user:new@contoso.com' })], [], ctx()).changes;
    expect(fresh?.dependsOn).toEqual(['user:new@contoso.com']);
  });

  it('never prunes foreign-principal or inherited assignments, prunes others when asked', () => {
    const live = [have({ principal: 'id:f', principalType: 'ForeignGroup', role: 'Owner' }), have({ principal: 'id:m', scope: '/providers/Microsoft.Management/managementGroups/root' }), have({ principal: 'id:z' })];
    const kept = kind.diff([], live, ctx(false));
    expect(kept).toMatchObject({ changes: [], unmanaged: 3 });
    const pruned = kind.diff([], live, ctx(true));
    expect(pruned.changes.map((c) => c.before?.principal)).toEqual(['id:z']);
  });

  it('deletes on ensure: absent and reports unknown roles and bad principals at their paths', () => {
    expect(kind.diff([want({ ensure: 'absent' })], [have()], ctx()).changes[0]).toMatchObject({ action: 'delete', destructive: true });
    expect(kind.diff([want({ role: 'Nope' })], [], ctx()).diagnostics?.[0]).toMatchObject({ severity: 'error', path: 'azure.subscriptions[0].roleAssignments[0].role' });
    expect(kind.diff([want({ principal: 'alice@contoso.com' })], [], ctx()).diagnostics?.[0]).toMatchObject({ path: 'azure.subscriptions[0].roleAssignments[0].principal' });
  });

  it('builds full scopes from relative ones', () => {
    expect(fullScope(SUB, '/resourceGroups/rg')).toBe(`/subscriptions/${SUB}/resourceGroups/rg`);
    expect(fullScope(SUB, undefined)).toBe(`/subscriptions/${SUB}`);
    expect(fullScope(SUB, `/subscriptions/${SUB}/resourceGroups/x/`)).toBe(`/subscriptions/${SUB}/resourceGroups/x`);
  });
});
