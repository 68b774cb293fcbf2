import { describe, expect, it } from 'vitest';
import type { UserSpec } from '../../src/config/model.js';
import { directoryRoleKind, type LiveRole } from '../../src/kinds/directory-role/index.js';
import { ctx, tenant } from './builders.js';

const definitions = [{ id: 'r-ua', displayName: 'User Administrator' }, { id: 'r-ga', displayName: 'Global Administrator' }];
const assignment = (upn: string, role: string, id: string): LiveRole => ({ id: `as-${upn}-${id}`, upn, role, roleDefinitionId: id, principalId: `id-${upn}` });

function diff(users: UserSpec[], live: LiveRole[], over = {}) {
  const config = tenant({ users });
  return directoryRoleKind.diff(directoryRoleKind.select(config), live, ctx(config, { facts: { roleDefinitions: definitions }, ...over }));
}

describe('directoryRole diff', () => {
  it('assigns a role by display name at directory scope, after the user', () => {
    const { changes } = diff([{ userPrincipalName: 'A@contoso.com', roles: ['user administrator'] }], []);
    expect(changes).toEqual([{
      kind: 'directoryRole', address: 'directoryRole:a@contoso.com/User Administrator', action: 'create', before: null, reason: 'missing',
      after: { userPrincipalName: 'a@contoso.com', role: 'User Administrator', roleDefinitionId: 'r-ua', directoryScopeId: '/' },
      fields: [{ path: 'role', after: 'User Administrator' }], dependsOn: ['user:a@contoso.com'],
      ops: { op: 'assignRole', principal: 'user:a@contoso.com', roleDefinitionId: 'r-ua', directoryScopeId: '/' },
    }]);
  });

  it('refuses a role name two definitions share, naming both ids, and plans nothing for it', () => {
    const config = tenant({ users: [{ userPrincipalName: 'a@contoso.com', roles: ['Helpdesk Administrator'] }] });
    const twins = [...definitions, { id: 'r-hd', displayName: 'Helpdesk Administrator' }, { id: 'r-custom', displayName: 'helpdesk administrator' }];
    const { changes, diagnostics } = directoryRoleKind.diff(directoryRoleKind.select(config), [], ctx(config, { facts: { roleDefinitions: twins } }));
    expect(changes).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', path: 'users[0].roles[0]', summary: expect.stringContaining('2 role definitions have this key (ids r-custom, r-hd)') }]);
  });

  it('refuses to remove either of two live assignments one role name describes', () => {
    const live = [assignment('a@contoso.com', 'Helpdesk Administrator', 'r-hd'), assignment('a@contoso.com', 'Helpdesk Administrator', 'r-custom')];
    const { changes, diagnostics } = diff([{ userPrincipalName: 'a@contoso.com', roles: [] }], live);
    expect(changes).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', summary: expect.stringContaining('ids as-a@contoso.com-r-custom, as-a@contoso.com-r-hd') }]);
  });

  it('unassigns by the assignment id read, in the ops', () => {
    const { changes } = diff([{ userPrincipalName: 'a@contoso.com', roles: [] }], [assignment('a@contoso.com', 'Global Administrator', 'r-ga')]);
    expect(changes[0]!.ops).toEqual({ op: 'unassignRole', assignmentId: 'as-a@contoso.com-r-ga' });
  });

  it('removes roles missing from a declared list, keeps others to prune, reports unknown roles', () => {
    const live = [assignment('a@contoso.com', 'Global Administrator', 'r-ga'), assignment('b@contoso.com', 'Global Administrator', 'r-ga')];
    const users = [{ userPrincipalName: 'a@contoso.com', roles: ['User Administrator', 'Nope'] }];
    const { changes, diagnostics } = diff(users, live);
    expect(changes.map((c) => [c.address, c.action, c.reason])).toEqual([
      ['directoryRole:a@contoso.com/User Administrator', 'create', 'missing'],
      ['directoryRole:a@contoso.com/Global Administrator', 'delete', 'not_declared'],
    ]);
    expect(diagnostics).toMatchObject([{ severity: 'error', path: 'users[0].roles[1]' }]);
    const pruned = diff(users, live, { prune: true, complete: true });
    expect(pruned.changes.filter((c) => c.reason === 'pruned').map((c) => c.address)).toEqual(['directoryRole:b@contoso.com/Global Administrator']);
  });

  it('suggests the nearest of the tenant\'s roles for an unknown name', () => {
    const { diagnostics } = diff([{ userPrincipalName: 'a@contoso.com', roles: ['User Admin', 'Nope'] }], []);
    expect(diagnostics?.map((d) => d.summary)).toEqual([
      'a@contoso.com: directory role "User Admin" does not exist in this tenant (did you mean "User Administrator"?)',
      'a@contoso.com: directory role "Nope" does not exist in this tenant',
    ]);
  });

  it('is in sync when the assignments match', () => {
    expect(diff([{ userPrincipalName: 'a@contoso.com', roles: ['Global Administrator'] }], [assignment('a@contoso.com', 'Global Administrator', 'r-ga')]).changes).toEqual([]);
  });
});
