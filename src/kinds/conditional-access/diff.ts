// Plans Conditional Access policies through the reconcile core (keyed by displayName), computes what apply sends
// (references resolved to ids at plan time; an object this plan creates stays its address, resolved when it exists,
// and the policy is ordered after it), and runs the posture checks with the live facts.
import type { ConditionalAccessPolicySpec } from '../../config/model.js';
import { entraRoleByName } from '../../catalog/entra-roles.js';
import type { Diagnostic, ProposedChange } from '../../plan/types.js';
import type { DiffContext, DiffResult } from '../contract.js';
import { reconcile, type Collection } from '../shared/reconcile.js';
import { changedFields, KIND, policyAddress, refFieldOf, STRENGTHS, viewOf, type PolicyLive, type PolicyView } from './model.js';
import type { RefFacts } from './fetch.js';
import { postureChecks } from './posture.js';

type Json = Record<string, unknown>;
const KEYWORDS = new Set(['All', 'None', 'GuestsOrExternalUsers', 'AllTrusted']);
const PREFIX = { users: 'user', groups: 'group', locations: 'namedLocation' } as const;
// Every condition the kind models: sent on every write (null or [] when unset) so a PATCH leaves nothing behind.
const CONDITION_LISTS = ['clientAppTypes', 'signInRiskLevels', 'userRiskLevels', 'servicePrincipalRiskLevels'];
const CONDITION_OBJECTS = ['clientApplications', 'platforms', 'locations', 'devices', 'insiderRiskLevels', 'authenticationFlows'];
const USERS = { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [] };
const APPLICATIONS = { includeApplications: [], excludeApplications: [], includeUserActions: [] };
const SESSION = ['applicationEnforcedRestrictions', 'cloudAppSecurity', 'persistentBrowser', 'signInFrequency', 'secureSignInSession', 'disableResilienceDefaults'];

/** The Graph body of a policy: ids where the object is live, addresses (dependencies) where this plan creates it. */
export function wireBody(v: PolicyView, refs: RefFacts | undefined, dependsOn: Set<string>): Json {
  const id = (field: 'users' | 'groups' | 'roles' | 'locations', key: string): string => {
    if (KEYWORDS.has(key)) return key;
    if (field === 'roles') return entraRoleByName(key)?.templateId ?? key;
    const live = refs?.ids[field][key];
    if (live?.length === 1) return live[0]!;
    const address = `${PREFIX[field]}:${key}`;
    dependsOn.add(address);
    return address;
  };
  const conditions: Json = { ...v.conditions };
  for (const k of CONDITION_LISTS) conditions[k] ??= [];
  for (const k of CONDITION_OBJECTS) conditions[k] ??= null;
  for (const holder of ['users', 'locations'] as const) {
    const h = { ...(holder === 'users' ? USERS : {}), ...(conditions[holder] as Json | null) } as Json;
    if (holder === 'locations' && conditions.locations === null) continue;
    for (const [k, list] of Object.entries(h)) {
      const field = refFieldOf(k);
      if (field && Array.isArray(list)) h[k] = list.map((x) => id(field, String(x)));
    }
    conditions[holder] = holder === 'locations' ? { includeLocations: [], excludeLocations: [], ...h } : h;
  }
  conditions.applications = { ...APPLICATIONS, ...(conditions.applications as Json | null) };
  const g = v.grantControls;
  const strength = g?.authenticationStrength as string | undefined;
  const grantControls = g ? { builtInControls: [], customAuthenticationFactors: [], termsOfUse: [], ...g, authenticationStrength: strength ? { id: STRENGTHS[strength] ?? strength } : null } : null;
  const sessionControls = v.sessionControls ? { ...Object.fromEntries(SESSION.map((k) => [k, null])), ...v.sessionControls } : null;
  return { displayName: v.displayName, state: v.state, ...(v.description !== undefined ? { description: v.description } : {}), conditions, grantControls, sessionControls };
}

function plan(d: ConditionalAccessPolicySpec, l: PolicyLive | undefined, refs: RefFacts | undefined, orderAfter: string[]): ProposedChange | undefined {
  const want = viewOf(d);
  const fields = changedFields(want, l);
  if (l && fields.length === 0) return undefined;
  const dependsOn = new Set(orderAfter);
  const body = wireBody(want, refs, dependsOn);
  const base = { kind: KIND, address: policyAddress(d.displayName), fields, after: { ...want, ...(l ? { id: l.id } : {}) }, ops: { op: 'graphWrite' as const, body, ...(l ? { id: l.id } : {}) }, dependsOn: [...dependsOn] };
  return l ? { ...base, action: 'update', before: l, reason: 'field_changed' } : { ...base, action: 'create', before: null, reason: 'missing' };
}

export function diffPolicies(desired: ConditionalAccessPolicySpec[], live: PolicyLive[], ctx: DiffContext): DiffResult {
  const refs = ctx.facts.refs as RefFacts | undefined;
  const path = (d: ConditionalAccessPolicySpec): string => `conditionalAccess[${desired.indexOf(d)}]`;
  const missingState: Diagnostic[] = desired.filter((d) => d.ensure !== 'absent' && d.state === undefined)
    .map((d) => ({ severity: 'error', summary: `conditional access policy "${d.displayName}": state is required (enabled, disabled or enabledForReportingButNotEnforced)`, path: path(d) }));
  const posture = postureChecks({ config: ctx.tenant, desired, live, refs });
  if (missingState.length > 0 || posture.some((p) => p.severity === 'error')) return { changes: [], diagnostics: [...missingState, ...posture] };
  // Turning security defaults off comes first when this plan enables a policy (Graph refuses the pair).
  const orderAfter = ctx.tenant.securityDefaults?.enabled === false && refs?.securityDefaults ? ['securityDefaults:tenant'] : [];
  const policies: Collection<ConditionalAccessPolicySpec, PolicyLive> = {
    kind: KIND, address: (o) => policyAddress(o.displayName), id: (l) => l.id, path,
    absent: (d) => d.ensure === 'absent',
    create: (d) => plan(d, undefined, refs, orderAfter),
    update: (d, l) => plan(d, l, refs, orderAfter),
    remove: (l, reason) => ({ kind: KIND, address: policyAddress(l.displayName), action: 'delete', fields: [], before: l, after: null, reason, destructive: true, ops: { op: 'graphDelete', id: l.id } }),
  };
  const result = reconcile(policies, desired, live, ctx);
  return { changes: result.changes, diagnostics: [...result.diagnostics, ...posture], unmanaged: result.unmanaged };
}
