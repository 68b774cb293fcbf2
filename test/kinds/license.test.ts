import { describe, expect, it } from 'vitest';
import { licenseKind, type LiveLicense } from '../../src/kinds/license/index.js';
import { liveLicenses } from '../../src/kinds/license/fetch.js';
import type { UserSpec } from '../../src/config/model.js';
import { catalog, ctx, E3, E5, tenant } from './builders.js';

const lic = (upn: string, sku: string, skuId: string, disabledPlans: string[] = []): LiveLicense => ({ userId: `id-${upn}`, upn, sku, skuId, disabledPlans });

function diff(users: UserSpec[], live: LiveLicense[], skus = catalog(), over = {}) {
  const config = tenant({ users });
  return licenseKind.diff(licenseKind.select(config), live, ctx(config, { facts: { skus }, ...over }));
}

const user = (upn: string, licenses: UserSpec['licenses']): UserSpec => ({ userPrincipalName: upn, usageLocation: 'SE', licenses });

describe('license diff', () => {
  it('adds a missing SKU with its disabled plans in catalogue spelling, after the user', () => {
    const { changes, diagnostics } = diff([user('Alice@contoso.com', [{ sku: 'spe_e3', disabledPlans: ['yammer_enterprise'] }])], []);
    expect(diagnostics).toEqual([]);
    expect(changes).toEqual([{
      kind: 'license', address: 'license:alice@contoso.com/SPE_E3', action: 'create', before: null, reason: 'missing',
      after: { userPrincipalName: 'alice@contoso.com', sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] },
      fields: [{ path: 'sku', after: 'SPE_E3' }, { path: 'disabledPlans', after: ['YAMMER_ENTERPRISE'] }],
      dependsOn: ['user:alice@contoso.com'],
      ops: { op: 'licenses', addLicenses: [{ skuId: E3, disabledPlans: ['p-yammer'] }], removeLicenses: [] },
    }]);
  });

  it('updates disabled plans with the added and removed plan names', () => {
    const { changes } = diff([user('a@contoso.com', [{ sku: 'SPE_E3', disabledPlans: ['SWAY'] }])], [lic('a@contoso.com', 'SPE_E3', E3, ['YAMMER_ENTERPRISE'])]);
    expect(changes).toMatchObject([{ action: 'update', fields: [{ path: 'disabledPlans', before: ['YAMMER_ENTERPRISE'], after: ['SWAY'], added: ['SWAY'], removed: ['YAMMER_ENTERPRISE'] }] }]);
  });

  it('is in sync when SKU and plans match regardless of order', () => {
    const live = [lic('a@contoso.com', 'SPE_E3', E3, ['SWAY', 'YAMMER_ENTERPRISE'])];
    expect(diff([user('a@contoso.com', [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE', 'SWAY'] }])], live).changes).toEqual([]);
  });

  it('removes SKUs missing from a declared list; leaves users without a list to prune', () => {
    const live = [lic('a@contoso.com', 'SPE_E5', E5), lic('b@contoso.com', 'SPE_E5', E5)];
    const users = [user('a@contoso.com', [{ sku: 'SPE_E3' }]), { userPrincipalName: 'b@contoso.com' }];
    const { changes } = diff(users, live);
    expect(changes.map((c) => [c.address, c.action, c.reason])).toEqual([
      ['license:a@contoso.com/SPE_E3', 'create', 'missing'],
      ['license:a@contoso.com/SPE_E5', 'delete', 'not_declared'],
    ]);
    const pruned = diff(users, live, catalog(), { prune: true, complete: true });
    expect(pruned.changes.map((c) => c.reason)).toContain('pruned');
    expect(pruned.unmanaged).toBe(1);
  });

  it('keeps every license of a protected user, even when its list leaves one out', () => {
    const config = tenant({ users: [user('Breakglass@contoso.com', [])], policy: { protected: ['breakglass@contoso.com'] } });
    const r = licenseKind.diff(licenseKind.select(config), [lic('breakglass@contoso.com', 'SPE_E5', E5)], ctx(config, { facts: { skus: catalog() } }));
    expect(r.changes).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ severity: 'warning', summary: expect.stringContaining('is protected') }]);
  });

  it('reports unknown SKUs and plan names as errors at the YAML path', () => {
    const { changes, diagnostics } = diff([user('a@contoso.com', [{ sku: 'NOPE' }, { sku: 'SPE_E3', disabledPlans: ['BOGUS'] }])], []);
    expect(changes).toEqual([]);
    expect(diagnostics).toMatchObject([
      { severity: 'error', summary: 'a@contoso.com: SKU NOPE is not subscribed in this tenant', path: 'users[0].licenses[0]' },
      { severity: 'error', summary: 'a@contoso.com: service plan BOGUS is not part of SPE_E3', path: 'users[0].licenses[1]' },
    ]);
  });

  it('errors at plan time naming the SKU and the shortfall, counting the plan’s own removals', () => {
    const users = ['a', 'b', 'c'].map((n) => user(`${n}@contoso.com`, [{ sku: 'SPE_E3' }]));
    const short = diff(users, [], catalog(1));
    expect(short.diagnostics).toMatchObject([{ severity: 'error', summary: 'not enough SPE_E3 licenses: the plan needs 3 more but only 1 are free (short by 2)', path: 'users[0].licenses[0]' }]);
    // d gives up its E3 (declared list without it): that frees a seat for the others.
    const withRemoval = diff([...users, user('d@contoso.com', [])], [lic('d@contoso.com', 'SPE_E3', E3)], catalog(2));
    expect(withRemoval.diagnostics).toEqual([]);
    const adds = withRemoval.changes.filter((c) => c.action === 'create');
    expect(adds.every((c) => c.dependsOn?.includes('license:d@contoso.com/SPE_E3'))).toBe(true);
  });

  it('counts seats the same plan buys through partner.seats, and assigns only after the purchase', () => {
    const users = ['a', 'b', 'c'].map((n) => user(`${n}@contoso.com`, [{ sku: 'SPE_E3' }]));
    // 20 bought, 19 consumed: one free. Declaring 22 seats buys two more, enough for three adds.
    const seats = [{ offer: 'Microsoft 365 E3', sku: 'SPE_E3', quantity: 22 }];
    const config = tenant({ users, partner: { seats } });
    const { changes, diagnostics } = licenseKind.diff(licenseKind.select(config), [], ctx(config, { facts: { skus: catalog(1) } }));
    expect(diagnostics).toEqual([]);
    expect(changes.filter((c) => c.action === 'create').every((c) => c.dependsOn?.includes('seats:SPE_E3'))).toBe(true);
    const tooFew = tenant({ users, partner: { seats: [{ ...seats[0]!, quantity: 21 }] } });
    const short = licenseKind.diff(licenseKind.select(tooFew), [], ctx(tooFew, { facts: { skus: catalog(1) } }));
    expect(short.diagnostics).toMatchObject([{ severity: 'error', summary: 'not enough SPE_E3 licenses: the plan needs 3 more but only 2 are free (short by 1)' }]);
  });

  it('counts a group license as one seat per declared member who lacks the SKU', () => {
    const groups = [{ mailNickname: 'lic-e3', displayName: 'E3', licenses: [{ sku: 'SPE_E3' }], members: ['a@contoso.com', 'b@contoso.com', 'c@contoso.com'] }];
    const run = (free: number, holdings: Record<string, string[]>, users: UserSpec[] = []) => {
      const config = tenant({ users, groups });
      return licenseKind.diff(licenseKind.select(config), [], ctx(config, { facts: { skus: catalog(free), holdings } }));
    };
    expect(run(2, {}).diagnostics).toMatchObject([{
      severity: 'error', path: 'groups[0].licenses[0]',
      summary: 'not enough SPE_E3 licenses: the plan needs 3 more (3 through group-based licensing) but only 2 are free (short by 1)',
    }]);
    // a already holds E3 (directly or through another group): only b and c take a seat.
    expect(run(2, { 'a@contoso.com': [E3] }).diagnostics).toEqual([]);
    // A direct add of this plan and the group license for the same user are one seat, not two.
    expect(run(3, {}, [user('a@contoso.com', [{ sku: 'SPE_E3' }])]).diagnostics).toEqual([]);
    // Removing a's direct E3 frees nothing while the group still gives it to a.
    const config = tenant({ users: [user('a@contoso.com', [])], groups });
    const kept = licenseKind.diff(licenseKind.select(config), [lic('a@contoso.com', 'SPE_E3', E3)], ctx(config, { facts: { skus: catalog(1), holdings: { 'a@contoso.com': [E3] } } }));
    expect(kept.diagnostics).toMatchObject([{ summary: 'not enough SPE_E3 licenses: the plan needs 2 more (2 through group-based licensing) but only 1 are free (short by 1)' }]);
  });

  it('reads direct assignments only, by name, when licenseAssignmentStates tells them apart', () => {
    const live = liveLicenses([{
      id: 'u1', userPrincipalName: 'A@contoso.com',
      assignedLicenses: [{ skuId: E3, disabledPlans: ['p-sway'] }, { skuId: E5 }],
      licenseAssignmentStates: [{ skuId: E3, disabledPlans: ['p-sway'], assignedByGroup: null }, { skuId: E5, assignedByGroup: 'g1' }],
    }], catalog());
    expect(live).toEqual([{ userId: 'u1', upn: 'a@contoso.com', sku: 'SPE_E3', skuId: E3, disabledPlans: ['SWAY'] }]);
  });
});
