import { describe, expect, it } from 'vitest';
import { opsOf, opsProblem, type ChangeOps } from './ops.js';

const valid: ChangeOps[] = [
  { op: 'membership', members: { add: ['user:a@contoso.com'], remove: [{ ref: 'user:b@contoso.com', id: 'b' }] }, owners: { add: [], remove: [] } },
  { op: 'licenses', addLicenses: [{ skuId: 's', disabledPlans: ['p'] }], removeLicenses: [] },
  { op: 'assignRole', principal: 'user:a@contoso.com', roleDefinitionId: 'r', directoryScopeId: '/' },
  { op: 'unassignRole', assignmentId: 'x' },
  { op: 'mailboxPermission', fullAccess: { add: [{ trustee: 'a@contoso.com', autoMapping: false }], remove: [] }, sendAs: { add: [], remove: ['b'] }, sendOnBehalf: { add: [], remove: [] } },
  { op: 'calendar', add: [{ user: 'a@contoso.com', access: 'Reviewer' }], set: [{ user: 'Default', access: 'None' }], remove: [] },
  { op: 'gdap', type: 'create', displayName: 'rel', roles: ['r'], duration: 'P730D', autoExtendDuration: 'PT0S' },
  { op: 'gdap', type: 'lock', id: 'r1' },
  { op: 'gdap', type: 'patch', id: 'r1', etag: 'W/"1"', roles: ['r'], duration: 'P730D', autoExtendDuration: 'P180D' },
  { op: 'gdap', type: 'sync', id: 'r1', add: [{ groupId: 'g', roles: ['r'] }], change: [{ id: 'a', etag: 'e', roles: [] }], remove: [{ id: 'b', etag: 'e' }], autoExtend: { etag: 'e', duration: 'P180D' }, terminate: ['r0'] },
  { op: 'gdap', type: 'terminate', terminate: ['r1'], discard: [{ id: 'r2', etag: 'e' }], pending: ['rel (3)'] },
  { op: 'graphWrite', body: { displayName: 'CA001', conditions: { users: { excludeUsers: ['user:bg@contoso.com'] } } } },
  { op: 'graphWrite', id: 'p1', body: { isEnabled: false } },
  { op: 'graphDelete', id: 'p1' },
  { op: 'cmdlets', calls: [{ cmdlet: 'Set-TransportConfig', params: { SmtpClientAuthenticationDisabled: true } }] },
];

describe('plan ops read from a file', () => {
  it('accepts every shape tenantform writes', () => {
    for (const ops of valid) expect(opsProblem(JSON.parse(JSON.stringify(ops)))).toBeUndefined();
  });

  it('refuses unknown ops, wrong shapes and wrong types, naming the op', () => {
    expect(opsProblem(['x'])).toBe('ops must be an object');
    expect(opsProblem({ op: 'delete everything' })).toBe('ops.op "delete everything" is unknown');
    expect(opsProblem({ op: 'membership', members: { add: [1], remove: [] }, owners: { add: [], remove: [] } })).toMatch(/op "membership" do not have the shape/);
    expect(opsProblem({ op: 'membership', members: { add: [], remove: ['id-only'] }, owners: { add: [], remove: [] } })).toMatch(/do not have the shape/);
    expect(opsProblem({ op: 'gdap', type: 'nuke' })).toMatch(/op "gdap" do not have the shape/);
    expect(opsProblem({ op: 'licenses', addLicenses: [{ skuId: 's' }], removeLicenses: [] })).toMatch(/do not have the shape/);
    expect(opsProblem({ op: 'graphWrite', body: [] })).toMatch(/op "graphWrite" do not have the shape/);
    expect(opsProblem({ op: 'graphDelete' })).toMatch(/op "graphDelete" do not have the shape/);
    expect(opsProblem({ op: 'cmdlets', calls: [{ cmdlet: 'Set-TransportConfig', params: 'x' }] })).toMatch(/op "cmdlets" do not have the shape/);
  });

  it('hands a kind only its own ops', () => {
    const change = { address: 'membership:finance', ops: valid[0] };
    expect(opsOf(change, 'membership').members.add).toEqual(['user:a@contoso.com']);
    expect(() => opsOf(change, 'licenses')).toThrow('membership:finance: the plan holds no licenses operations for this change; plan again');
    expect(() => opsOf({ address: 'license:a/b' }, 'licenses')).toThrow(/holds no licenses operations/);
  });
});
