// Kind `securityDefaults`: the tenant's security defaults switch, one object per tenant (`securityDefaults:tenant`).
// GET/PATCH /policies/identitySecurityDefaultsEnforcementPolicy (microsoft-graph-docs-contrib api-reference/v1.0/api/
// identitysecuritydefaultsenforcementpolicy-get.md, -update.md: 204). Graph refuses security defaults beside an
// enabled Conditional Access policy, so switching them off is ordered before the policies this plan enables, and
// switching them on after the policies this plan turns off (the posture check refuses the pair itself).
import type { SecurityDefaultsSpec } from '../../config/model.js';
import type { Kind } from '../contract.js';
import { changedFields, patchGraph, singletonBehaviour, type Singleton } from '../shared/reconcile-singleton.js';

export const ADDRESS = 'securityDefaults:tenant';
const PATH = '/policies/identitySecurityDefaultsEnforcementPolicy';

// A type alias so that the live object is a plain record for the plan.
export type SecurityDefaultsLive = { id: string; enabled: boolean };

const singleton: Singleton<SecurityDefaultsSpec, SecurityDefaultsLive> = {
  kind: 'securityDefaults', address: ADDRESS, path: 'securityDefaults',
  async read(ctx) {
    // The Conditional Access kind reads the switch in the same run for its posture check: one read.
    const p = await ctx.session.shared(PATH, () => ctx.clients.graph.get<{ id: string; isEnabled?: boolean }>(PATH));
    return [{ id: p.id, enabled: p.isEnabled === true }];
  },
  id: (l) => l.id,
  fields: (want, have) => changedFields(want, have, ['enabled']),
  ops: (want) => ({ op: 'graphWrite', body: { isEnabled: want.enabled } }),
  dependsOn: (want, ctx) => (want.enabled ? (ctx.tenant.conditionalAccess ?? []).map((p) => `conditionalAccess:${p.displayName.normalize('NFC').toLowerCase()}`) : []),
};

export const securityDefaultsKind: Kind<SecurityDefaultsSpec, SecurityDefaultsLive> = {
  kind: 'securityDefaults',
  shape: 'singleton', section: 'securityDefaults', prefix: 'securityDefaults', schema: 'security.schema.json',
  // Reads take Policy.Read.All; the update takes Policy.ReadWrite.SecurityDefaults. Through GDAP: Security
  // Administrator (or Conditional Access Administrator) writes it.
  permissions: {
    read: { graph: ['Policy.Read.All'], gdapRoles: ['Security Reader'] },
    write: { graph: ['Policy.ReadWrite.SecurityDefaults'], gdapRoles: ['Security Administrator'] },
  },
  ...singletonBehaviour(singleton, (config) => config.securityDefaults),
  apply: patchGraph(PATH),
  async export(ctx) {
    const { live } = await securityDefaultsKind.fetch({ ...ctx, prune: true }, [{ enabled: false }]);
    // Written only when on: off plans the same whether declared or not, and most exported tenants have it off.
    return { section: 'securityDefaults', items: live.filter((l) => l.enabled).map(() => ({ enabled: true })), single: true };
  },
};
