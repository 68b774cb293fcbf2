// tenantform's own access in both reconcile cores, on plain objects: a live object whose grantee is tenantform's
// service principal (by object id or app id, in any case) is never pruned nor removed from an authoritative list, and
// an explicit `ensure: absent` on it is an error at its path; anyone else's is planned as before.
import { describe, expect, it } from 'vitest';
import { reconcileChildren, type Children } from '../../src/kinds/shared/reconcile-children.js';
import { reconcile, type Collection } from '../../src/kinds/shared/reconcile.js';
import type { ProposedChange } from '../../src/kinds/contract.js';
import type { TenantConfig } from '../../src/config/model.js';
import { diffConsents } from '../../src/kinds/partner-consent/diff.js';

const caller = { appId: '7E2A0F00-0000-4000-8000-00000000A11C', objectId: 'sp-self' };

interface Grant { key: string; principal: string; absent?: boolean }
const change = (address: string, action: ProposedChange['action'], reason: ProposedChange['reason']): ProposedChange =>
  ({ kind: 'grant', address, action, reason, before: null, after: null, fields: [] });
const grants: Collection<Grant, Grant> = {
  kind: 'grant',
  address: (g) => `grant:${g.key}`,
  id: (g) => g.key,
  path: (g) => `grants[${g.key}]`,
  absent: (g) => g.absent === true,
  create: (g) => change(`grant:${g.key}`, 'create', 'missing'),
  update: () => undefined,
  remove: (g, reason) => change(`grant:${g.key}`, 'delete', reason),
  grantee: (g) => [g.principal],
};

describe('the collection core and tenantform\'s own access', () => {
  const live = [{ key: 'own', principal: 'SP-SELF' }, { key: 'other', principal: 'sp-other' }];

  it('prunes another principal\'s object but never tenantform\'s, saying so', () => {
    const r = reconcile(grants, [], live, { prune: true, complete: true, caller });
    expect(r.changes.map((c) => c.address)).toEqual(['grant:other']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'info', summary: expect.stringContaining('give tenantform its own access') })]);
    expect(r.unmanaged).toBe(2);
  });

  it('refuses ensure: absent on tenantform\'s own object at its path, and still removes another one', () => {
    const r = reconcile(grants, [{ key: 'own', principal: 'x', absent: true }, { key: 'other', principal: 'x', absent: true }], live, { prune: false, complete: true, caller });
    expect(r.changes.map((c) => c.address)).toEqual(['grant:other']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: 'grants[own]', address: 'grant:own' })]);
  });

  it('without a known caller (no customer read yet) plans as before', () => {
    expect(reconcile(grants, [], live, { prune: true, complete: true }).changes).toHaveLength(2);
  });
});

interface Role { app: string; role: string; id?: string }
const roles: Children<never, Role, Role> = {
  kind: 'appRole', parentAddress: (k) => `consent:${k}`, parentOf: (r) => r.app, listOf: () => 'roles', childOf: (r) => r.role,
  childId: (r) => r.id ?? r.role, grantee: (r) => [r.app],
};

describe('the children core and tenantform\'s own access', () => {
  it('keeps tenantform\'s role out of an authoritative list\'s removals and out of prune, with a warning each', () => {
    const live = [{ app: caller.appId.toLowerCase(), role: 'Exchange Administrator', id: '1' }, { app: 'other-app', role: 'Reader', id: '2' }];
    const decls = [{ key: caller.appId, path: 'partner.consent[0].roles', lists: { roles: 'authoritative' as const } }];
    const r = reconcileChildren(roles, decls, [], live, { prune: true, complete: true, caller });
    expect(r.parents[0]!.remove).toEqual([]);
    expect(r.pruned.map((l) => l.id)).toEqual(['2']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', summary: expect.stringContaining("is tenantform's own access; its planned removal was dropped") })]);
  });
});

describe("the partner consent of tenantform's own app", () => {
  const tenant = { tenant: { name: 'contoso', tenantId: 'c1', domains: ['contoso.com'] } } as TenantConfig;
  const live = [{ applicationId: caller.appId.toLowerCase(), graph: ['User.Read.All'], exchange: [], sharepoint: [] }, { applicationId: 'other-app', graph: [], exchange: [], sharepoint: [] }];
  const absent = (applicationId: string, i: number) => ({ applicationId, access: 'write' as const, ensure: 'absent' as const, path: `partner.consent[${i}]` });

  it('is never removed by ensure: absent, which is an error at its path; another app\'s consent is', () => {
    const r = diffConsents([absent(caller.appId, 0), absent('other-app', 1)], live, { tenant, complete: false, caller });
    expect(r.changes.map((c) => c.address)).toEqual(['consent:other-app']);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: 'partner.consent[0]' })]);
  });
});
