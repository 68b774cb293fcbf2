import { describe, expect, it } from 'vitest';
import type { UserSpec } from '../../src/config/model.js';
import { userKind } from '../../src/kinds/user/index.js';
import { deletedMatches } from '../../src/kinds/user/fetch.js';
import { generatePassword, initialPassword } from '../../src/kinds/user/password.js';
import type { ApplyContext } from '../../src/kinds/contract.js';
import { ctx, liveUser, tenant } from './builders.js';

const alice = { userPrincipalName: 'Alice@contoso.com', displayName: 'Alice', jobTitle: 'Controller', usageLocation: 'SE' };

function diff(users: UserSpec[], live: ReturnType<typeof liveUser>[], over = {}) {
  const config = tenant({ users });
  return userKind.diff(userKind.select(config), live, ctx(config, over));
}

describe('user diff', () => {
  it('creates a missing user with its declared fields, accountEnabled and a sensitive password field', () => {
    const { changes, diagnostics } = diff([{ ...alice, manager: 'Bob@contoso.com' }], []);
    expect(diagnostics).toEqual([]);
    expect(changes).toHaveLength(1);
    const c = changes[0]!;
    expect(c).toMatchObject({ address: 'user:alice@contoso.com', action: 'create', reason: 'missing', dependsOn: ['user:bob@contoso.com'] });
    expect(c.after).toEqual({ ...alice, manager: 'bob@contoso.com', accountEnabled: true });
    expect(c.fields.find((f) => f.path === 'passwordProfile.password')).toEqual({ path: 'passwordProfile.password', sensitive: true });
    expect(JSON.stringify(c)).not.toMatch(/"password":/);
  });

  it('updates only declared fields that differ, with before and after', () => {
    const { changes } = diff([alice], [liveUser('alice@contoso.com', { displayName: 'Alice', jobTitle: 'Analyst', usageLocation: 'SE', department: 'HR' })]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'update', reason: 'field_changed', fields: [{ path: 'jobTitle', before: 'Analyst', after: 'Controller' }] });
  });

  it('is in sync when declared fields match; undeclared fields are not managed', () => {
    expect(diff([alice], [liveUser('alice@contoso.com', { displayName: 'Alice', jobTitle: 'Controller', usageLocation: 'SE', city: 'Oslo' })]).changes).toEqual([]);
  });

  it('plans a manager change with a dependency on the manager', () => {
    const { changes } = diff([{ ...alice, manager: 'carol@contoso.com' }], [liveUser('alice@contoso.com', { ...alice, manager: 'bob@contoso.com' })]);
    expect(changes[0]).toMatchObject({ fields: [{ path: 'manager', before: 'bob@contoso.com', after: 'carol@contoso.com' }], dependsOn: ['user:carol@contoso.com'] });
  });

  it('restores a declared user found in deleted items instead of creating it', () => {
    const deleted = { ...liveUser('alice@contoso.com', { displayName: 'Alice', jobTitle: 'Analyst' }), deleted: true as const };
    const { changes } = diff([alice], [deleted]);
    expect(changes[0]).toMatchObject({ action: 'create', reason: 'restore' });
    expect(changes[0]!.fields.map((f) => f.path)).toEqual(['jobTitle', 'usageLocation']);
    expect(changes[0]!.fields.some((f) => f.sensitive)).toBe(false);
  });

  it('soft-deletes a user marked ensure: absent, and does nothing when it is already gone', () => {
    const absent = [{ userPrincipalName: 'old@contoso.com', ensure: 'absent' as const }];
    expect(diff(absent, [liveUser('old@contoso.com')]).changes).toMatchObject([{ action: 'delete', reason: 'ensure_absent' }]);
    expect(diff(absent, []).changes).toEqual([]);
    expect(diff(absent, [{ ...liveUser('old@contoso.com'), deleted: true }]).changes).toEqual([]);
  });

  it('never changes external users; counts and prunes undeclared users only on a complete read', () => {
    const live = [liveUser('guest@fabrikam.com'), liveUser('stray@contoso.com')];
    const external = [{ userPrincipalName: 'guest@fabrikam.com', displayName: 'X', external: true }];
    expect(diff(external, live)).toEqual({ changes: [], diagnostics: [], unmanaged: 0 });
    expect(diff(external, live, { complete: true }).unmanaged).toBe(1);
    expect(diff(external, live, { complete: true, prune: true }).changes).toMatchObject([{ address: 'user:stray@contoso.com', action: 'delete', reason: 'pruned' }]);
  });

  it('reports a missing displayName on create as an error at the YAML path', () => {
    const { diagnostics } = diff([{ userPrincipalName: 'x@contoso.com' }], []);
    expect(diagnostics).toMatchObject([{ severity: 'error', path: 'users[0].displayName' }]);
  });
});

describe('user helpers', () => {
  it('matches deleted users under the id-prefixed UPN Entra gives them', () => {
    const id = '0b1c2d3e-0000-4000-8000-000000000009';
    expect(deletedMatches({ id, userPrincipalName: `0b1c2d3e000040008000000000000009alice@contoso.com` }, 'Alice@contoso.com')).toBe(true);
    expect(deletedMatches({ id, userPrincipalName: 'alice@contoso.com' }, 'alice@contoso.com')).toBe(true);
    expect(deletedMatches({ id, userPrincipalName: 'malice@contoso.com' }, 'alice@contoso.com')).toBe(false);
  });

  it('generates strong passwords and prefers the secret source, then the environment', () => {
    const p = generatePassword();
    expect(p).toHaveLength(20);
    for (const re of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(p).toMatch(re);
    expect(generatePassword()).not.toBe(p);
    const none = { secret: () => { throw new Error('no source'); } } as unknown as ApplyContext;
    expect(initialPassword(none, { TENANTFORM_INITIAL_PASSWORD: 'FromEnv#1' })).toBe('FromEnv#1');
    expect(initialPassword(none, {})).toHaveLength(20);
    const source = { secret: () => 'FromSource#1' } as unknown as ApplyContext;
    expect(initialPassword(source, { TENANTFORM_INITIAL_PASSWORD: 'FromEnv#1' })).toBe('FromSource#1');
  });
});
