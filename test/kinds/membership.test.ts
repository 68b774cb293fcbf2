import { describe, expect, it } from 'vitest';
import type { GroupSpec } from '../../src/config/model.js';
import { membershipKind, type LiveMembership } from '../../src/kinds/membership/index.js';
import { addressOfObject, referenceAddress } from '../../src/kinds/shared/refs.js';
import { ctx, tenant } from './builders.js';

const live = (group: string, members: string[], owners: string[] = []): LiveMembership => ({
  id: `id-${group}`, group, dynamic: false, members, owners, ids: Object.fromEntries([...members, ...owners].map((a) => [a, `id-${a}`])),
});

function diff(groups: GroupSpec[], l: LiveMembership[]) {
  const config = tenant({ groups });
  return membershipKind.diff(membershipKind.select(config), l, ctx(config));
}

describe('membership diff', () => {
  it('is authoritative by default: adds and removes, depending on the group and the added members', () => {
    const { changes } = diff([{ mailNickname: 'Fin', members: ['Alice@contoso.com', 'group:Sub'] }], [live('fin', ['user:bob@contoso.com'])]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      address: 'membership:fin', action: 'update',
      fields: [{ path: 'members', before: ['user:bob@contoso.com'], after: ['group:sub', 'user:alice@contoso.com'], added: ['group:sub', 'user:alice@contoso.com'], removed: ['user:bob@contoso.com'] }],
      dependsOn: ['group:fin', 'group:sub', 'user:alice@contoso.com'],
    });
    expect(changes[0]!.before?.ids).toEqual({ 'user:bob@contoso.com': 'id-user:bob@contoso.com' });
  });

  it('only adds in additive mode', () => {
    const { changes } = diff([{ mailNickname: 'g', members: ['a@contoso.com'], membersMode: 'additive' }], [live('g', ['user:b@contoso.com'])]);
    expect(changes[0]!.fields).toEqual([{ path: 'members', before: ['user:b@contoso.com'], after: ['user:a@contoso.com', 'user:b@contoso.com'], added: ['user:a@contoso.com'], removed: [] }]);
    expect(diff([{ mailNickname: 'g', members: [], membersMode: 'additive' }], [live('g', ['user:b@contoso.com'])]).changes).toEqual([]);
  });

  it('manages owners only when declared, and plans a create for a group that does not exist yet', () => {
    expect(diff([{ mailNickname: 'g', members: ['a@contoso.com'] }], [live('g', ['user:a@contoso.com'], ['user:z@contoso.com'])]).changes).toEqual([]);
    const { changes } = diff([{ mailNickname: 'new', displayName: 'N', owners: ['o@contoso.com'] }], []);
    expect(changes).toMatchObject([{ action: 'create', reason: 'missing', before: null, fields: [{ path: 'owners', added: ['user:o@contoso.com'] }] }]);
  });

  it('skips dynamic and Exchange groups; errors when a live group turned out dynamic', () => {
    const config = tenant({ groups: [{ mailNickname: 'd', membershipRule: 'x' }, { mailNickname: 'dl', type: 'distribution', members: ['a@contoso.com'] }] });
    expect(membershipKind.select(config)).toEqual([]);
    expect(diff([{ mailNickname: 'g', members: [] }], [{ ...live('g', ['user:a@contoso.com']), dynamic: true }]).diagnostics).toMatchObject([{ severity: 'error' }]);
  });

  it('refuses a nickname two live groups share, naming both ids, and plans nothing for it', () => {
    const twins = [{ ...live('Fin', ['user:a@contoso.com']), id: 'g2' }, { ...live('fin', []), id: 'g1' }];
    const { changes, diagnostics } = diff([{ mailNickname: 'fin', members: ['b@contoso.com'] }], twins);
    expect(changes).toEqual([]);
    expect(diagnostics).toMatchObject([{ severity: 'error', address: 'group:fin', path: 'groups[0]', summary: expect.stringContaining('(ids g1, g2)') }]);
  });

  it('carries the ops apply sends: additions by natural key, removals by the id read', () => {
    const { changes } = diff([{ mailNickname: 'g', members: ['a@contoso.com'], owners: ['o@contoso.com'] }], [live('g', ['user:b@contoso.com'], ['user:o@contoso.com'])]);
    expect(changes[0]!.ops).toEqual({
      op: 'membership',
      members: { add: ['user:a@contoso.com'], remove: [{ ref: 'user:b@contoso.com', id: 'id-user:b@contoso.com' }] },
      owners: { add: [], remove: [] },
    });
  });

  it('does not remove a protected member from an authoritative list', () => {
    const config = tenant({ groups: [{ mailNickname: 'g', members: [] }], policy: { protected: ['breakglass@contoso.com'] } });
    const r = membershipKind.diff(membershipKind.select(config), [live('g', ['user:breakglass@contoso.com', 'user:x@contoso.com'])], ctx(config));
    expect(r.changes[0]!.fields).toMatchObject([{ path: 'members', removed: ['user:x@contoso.com'], after: ['user:breakglass@contoso.com'] }]);
    expect(r.changes[0]!.ops).toMatchObject({ members: { remove: [{ ref: 'user:x@contoso.com' }] } });
  });

  it('names references and listed objects by natural key', () => {
    expect(referenceAddress('Bob@Contoso.com')).toBe('user:bob@contoso.com');
    expect(referenceAddress('group:Finance')).toBe('group:finance');
    expect(referenceAddress('servicePrincipal:AbC')).toBe('servicePrincipal:AbC');
    expect(addressOfObject({ id: '1', '@odata.type': '#microsoft.graph.group', mailNickname: 'Sub' })).toBe('group:sub');
    expect(addressOfObject({ id: '2', '@odata.type': '#microsoft.graph.user', userPrincipalName: 'A@contoso.com' })).toBe('user:a@contoso.com');
    expect(addressOfObject({ id: '3', '@odata.type': '#microsoft.graph.device' })).toBe('device:3');
    const sp = { id: '4', '@odata.type': '#microsoft.graph.servicePrincipal', appId: '00000003-0000-0000-c000-000000000000' };
    expect(addressOfObject(sp)).toBe('servicePrincipal:00000003-0000-0000-c000-000000000000');
  });
});
