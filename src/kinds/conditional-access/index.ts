// Kind `conditionalAccess`: Conditional Access policies (identity/conditionalAccess/policies), keyed by displayName,
// every condition and control of the v1.0 schema, references by natural key, with posture checks at plan time.
import type { ConditionalAccessPolicySpec, TenantConfig } from '../../config/model.js';
import type { Diagnostic } from '../../plan/types.js';
import type { ExportResult, FetchContext, Kind } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { applyPolicy } from './apply.js';
import { diffPolicies } from './diff.js';
import { fetchPolicies } from './fetch.js';
import { gates, KIND, policyAddress, refsOf, type PolicyLive } from './model.js';
import { postureChecks } from './posture.js';

/** The posture checks `validate` runs without the tenant: breakglass exclusions, block-all and role names. */
function validatePosture(config: TenantConfig): Diagnostic[] {
  return postureChecks({ config, desired: config.conditionalAccess ?? [] });
}

/** A live policy as YAML that plans to no changes; a policy naming a deleted object cannot be, and is left out. */
function toYaml(l: PolicyLive): Record<string, unknown> {
  const out: Record<string, unknown> = { displayName: l.displayName, state: l.state };
  if (l.description) out.description = l.description;
  if (l.conditions) out.conditions = l.conditions;
  if (l.grantControls) out.grantControls = l.grantControls;
  if (l.sessionControls) out.sessionControls = l.sessionControls;
  return out;
}

/**
 * The breakglass accounts the live policies imply: the users every enabled policy that can block or require MFA
 * excludes. Written as `policy.breakglass` so the export passes its own posture check; a partner confirms them.
 */
function impliedBreakglass(live: PolicyLive[]): ExportResult[] {
  const gating = live.filter((l) => l.state === 'enabled' && gates(l));
  if (gating.length === 0) return [];
  const [first, ...rest] = gating.map((l) => new Set(refsOf(l, 'users', 'exclude').filter((u) => u.includes('@'))));
  const common = [...(first ?? [])].filter((u) => rest.every((s) => s.has(u))).sort();
  if (common.length === 0) return [];
  return [{ section: 'policy', single: true, items: [{ breakglass: common }], comments: ['breakglass: the accounts every enabled policy that can block or require MFA excludes; confirm them'] }];
}

async function exportPolicies(ctx: FetchContext): Promise<ExportResult[]> {
  const { live } = await fetchPolicies({ ...ctx, prune: true }, []);
  const [kept, left] = [live.filter((l) => !l.unresolved), live.filter((l) => l.unresolved)];
  const items = [...kept].sort(byKey((l) => l.displayName)).map(toYaml);
  const comments = [count(items.length, 'conditional access policy', 'conditional access policies')];
  for (const l of left) comments.push(`left out "${l.displayName}": it names object ids that no longer exist (${(l.unresolved ?? []).join(', ')})`);
  return [{ section: 'conditionalAccess', items, comments }, ...impliedBreakglass(kept)];
}

export const conditionalAccessKind: Kind<ConditionalAccessPolicySpec, PolicyLive> = {
  kind: KIND,
  shape: 'collection', section: 'conditionalAccess', listKey: ['displayName'], keyLabel: 'Conditional Access policy displayName',
  prefix: KIND, schema: 'security.schema.json',
  // conditionalaccessroot-list-policies.md: Policy.Read.All; -post-policies.md, conditionalaccesspolicy-update.md and
  // -delete.md: Policy.ReadWrite.ConditionalAccess with Policy.Read.All and Application.Read.All. The users and
  // groups a policy names are read to translate ids (User.Read.All, Group.Read.All); the security defaults switch is
  // read for the posture check (identitysecuritydefaultsenforcementpolicy-get.md: Policy.Read.All).
  permissions: {
    read: { graph: ['Policy.Read.All', 'User.Read.All', 'Group.Read.All'], gdapRoles: ['Security Reader', 'Directory Readers'] },
    write: { graph: ['Policy.ReadWrite.ConditionalAccess', 'Application.Read.All'], gdapRoles: ['Conditional Access Administrator'] },
  },
  pruneKey: 'conditionalAccess',
  select: (config) => config.conditionalAccess ?? [],
  address: (o) => policyAddress(o.displayName),
  fetch: fetchPolicies,
  diff: diffPolicies,
  apply: applyPolicy,
  export: exportPolicies,
  validate: validatePosture,
};
