import { describe, expect, it } from 'vitest';
import type { GroupSpec } from '../../src/config/model.js';
import { groupKind, type LiveGroup } from '../../src/kinds/group/index.js';
import { normalizeGroup } from '../../src/kinds/group/fetch.js';
import { catalog, ctx, E3, tenant } from './builders.js';

function liveGroup(nick: string, over: Partial<LiveGroup> = {}): LiveGroup {
  return {
    id: `id-${nick}`, mailNickname: nick, type: 'security', groupTypes: [], displayName: nick, description: null, visibility: null,
    membershipRule: null, membershipRuleProcessingState: null, licenses: [], ...over,
  };
}

function diff(groups: GroupSpec[], live: LiveGroup[], over = {}) {
  const config = tenant({ groups });
  return groupKind.diff(groupKind.select(config), live, ctx(config, { facts: { skus: catalog() }, ...over }));
}

describe('group diff', () => {
  it('reads distribution and mail-enabled security groups for their identity only: they are Exchange objects', () => {
    const config = tenant({ groups: [{ mailNickname: 'dl', type: 'distribution', displayName: 'DL' }, { mailNickname: 'mes', type: 'mailEnabledSecurity', displayName: 'MES' }, { mailNickname: 'sec', displayName: 'Sec' }] });
    const desired = groupKind.select(config);
    expect(desired.map((d) => d.spec.mailNickname)).toEqual(['dl', 'mes', 'sec']);
    const { changes, diagnostics } = groupKind.diff(desired, [], ctx(config));
    expect(changes.map((c) => c.address)).toEqual(['group:sec']);
    expect(diagnostics).toEqual([]);
  });

  it('creates security, Microsoft 365 and dynamic groups with the flags Graph needs', () => {
    const { changes } = diff([
      { mailNickname: 'Finance', displayName: 'Finance' },
      { mailNickname: 'team', displayName: 'Team', type: 'microsoft365', visibility: 'Private' },
      { mailNickname: 'dyn', displayName: 'Dyn', membershipRule: 'user.department -eq "Sales"' },
    ], []);
    expect(changes.map((c) => [c.address, c.after?.mailEnabled, c.after?.securityEnabled, c.after?.groupTypes])).toEqual([
      ['group:finance', false, true, []],
      ['group:team', true, false, ['Unified']],
      ['group:dyn', false, true, ['DynamicMembership']],
    ]);
    expect(changes[2]!.after?.membershipRuleProcessingState).toBe('On');
  });

  it('updates declared fields and switches a static group to dynamic through groupTypes', () => {
    const { changes } = diff([{ mailNickname: 'g', displayName: 'New', membershipRule: 'user.city -eq "Oslo"', membershipRuleProcessingState: 'On' }], [liveGroup('g', { displayName: 'Old' })]);
    expect(changes[0]!.fields).toEqual([
      { path: 'displayName', before: 'Old', after: 'New' },
      { path: 'membershipRule', before: null, after: 'user.city -eq "Oslo"' },
      { path: 'membershipRuleProcessingState', before: null, after: 'On' },
      { path: 'groupTypes', before: [], after: ['DynamicMembership'] },
    ]);
  });

  it('plans group-based licenses by name and reports unknown SKUs', () => {
    const { changes } = diff([{ mailNickname: 'g', licenses: [{ sku: 'SPE_E3', disabledPlans: ['SWAY'] }] }], [liveGroup('g')]);
    expect(changes[0]!.fields).toEqual([{ path: 'licenses', before: [], after: [{ sku: 'SPE_E3', disabledPlans: ['SWAY'] }] }]);
    expect(diff([{ mailNickname: 'g', licenses: [{ sku: 'X' }] }], [liveGroup('g')]).diagnostics).toMatchObject([{ severity: 'error', path: 'groups[0].licenses[0]' }]);
    expect(normalizeGroup({ id: '1', mailNickname: 'g', assignedLicenses: [{ skuId: E3, disabledPlans: ['p-sway'] }] }, catalog()).licenses).toEqual([{ sku: 'SPE_E3', disabledPlans: ['SWAY'] }]);
  });

  it('refuses a type Graph cannot convert, deletes on ensure: absent, prunes only complete reads', () => {
    expect(diff([{ mailNickname: 'g', type: 'microsoft365' }], [liveGroup('g')]).diagnostics).toMatchObject([{ severity: 'error', path: 'groups[0].type' }]);
    expect(diff([{ mailNickname: 'g', ensure: 'absent' }], [liveGroup('g')]).changes).toMatchObject([{ action: 'delete', reason: 'ensure_absent' }]);
    expect(diff([], [liveGroup('stray')], { prune: true, complete: true }).changes).toMatchObject([{ address: 'group:stray', reason: 'pruned' }]);
    expect(diff([], [liveGroup('stray')], { prune: true }).changes).toEqual([]);
  });
});
