// Posture checks on Conditional Access, the mistakes that lock partners out of customers. Each has an id; the YAML
// waives one only as `policy.posture: { <id>: { waive: true, reason } }`, for the tenant, or `<id>:<displayName>`
// for one policy. Run offline by `validate` (no live facts) and by `plan` (with the live policies, the objects the
// policies name and the security defaults switch). Two are never waivable: a reference to nothing cannot be applied,
// and Graph (as the admin center) refuses security defaults beside an enabled policy.
import type { ConditionalAccessPolicySpec, TenantConfig } from '../../config/model.js';
import { entraRoleByName } from '../../catalog/entra-roles.js';
import type { Diagnostic } from '../../plan/types.js';
import { normalKey } from '../shared/reconcile.js';
import { blocks, canonRef, gates, refFieldOf, refsOf, viewOf, type PolicyLive, type PolicyView, type RefField } from './model.js';
import type { RefFacts } from './fetch.js';

export const CHECKS = {
  breakglass: 'ca-breakglass-excluded',
  defaults: 'ca-security-defaults-conflict',
  blockAll: 'ca-block-all',
  reportOnly: 'ca-report-only-first',
  reference: 'ca-unknown-reference',
} as const;

interface Entry { d: ConditionalAccessPolicySpec; view: PolicyView; at: string }

export interface PostureInput {
  config: TenantConfig;
  desired: ConditionalAccessPolicySpec[];
  /** Absent offline (validate): the checks that need the tenant are then skipped. */
  live?: PolicyLive[];
  refs?: RefFacts;
}

function waiver(config: TenantConfig, id: string, policy?: string): { reason: string } | undefined {
  for (const [key, w] of Object.entries(config.policy?.posture ?? {})) {
    const [check, ...rest] = key.split(':');
    const name = rest.join(':');
    if (check === id && w.waive && (name === '' || (policy !== undefined && normalKey(name) === normalKey(policy)))) return w;
  }
  return undefined;
}

/** A finding, or an info line naming the waiver that turned it off. */
function finding(config: TenantConfig, id: string, e: Entry | undefined, summary: string, path: string, detail?: string): Diagnostic {
  const w = id === CHECKS.reference || id === CHECKS.defaults ? undefined : waiver(config, id, e?.d.displayName);
  if (w) return { severity: 'info', summary: `posture check ${id} waived${e ? ` for "${e.d.displayName}"` : ''}: ${w.reason}`, path };
  return { severity: 'error', summary: `[${id}] ${summary}`, ...(detail ? { detail } : {}), path };
}

/** Words Graph takes in place of references (conditionalAccessUsers, conditionalAccessLocations). */
const KEYWORDS = ['All', 'None', 'GuestsOrExternalUsers', 'AllTrusted'];

const enabled = (v: PolicyView): boolean => v.state === 'enabled';

function breakglass(input: PostureInput, e: Entry): Diagnostic | undefined {
  if (!enabled(e.view) || !gates(e.view)) return undefined;
  const accounts = (input.config.policy?.breakglass ?? []).map(normalKey);
  const name = `conditional access policy "${e.d.displayName}"`;
  if (accounts.length === 0) {
    return finding(input.config, CHECKS.breakglass, e, `${name} can block or require MFA, and the tenant names no breakglass accounts`, `${e.at}.state`, 'list them in policy.breakglass and exclude them (or a group holding exactly them) from the policy');
  }
  const excluded = new Set(refsOf(e.view, 'users', 'exclude'));
  const groups = new Set(refsOf(e.view, 'groups', 'exclude'));
  const exact = (input.config.groups ?? []).some((g) => groups.has(normalKey(g.mailNickname)) && g.members !== undefined
    && JSON.stringify([...new Set(g.members.map(normalKey))].sort()) === JSON.stringify([...new Set(accounts)].sort()));
  const missing = exact ? [] : accounts.filter((a) => !excluded.has(a));
  if (missing.length === 0) return undefined;
  return finding(input.config, CHECKS.breakglass, e, `${name} can block or require MFA and does not exclude the breakglass account(s) ${missing.join(', ')}`, `${e.at}.conditions.users`, 'add them to conditions.users.excludeUsers, or exclude a group whose members are exactly policy.breakglass');
}

function blockAll(input: PostureInput, e: Entry): Diagnostic | undefined {
  if (!enabled(e.view) || !blocks(e.view)) return undefined;
  const allUsers = refsOf(e.view, 'users', 'include').includes('All');
  const allApps = ((e.view.conditions?.applications as Record<string, string[]> | undefined)?.includeApplications ?? []).includes('All');
  // Any other condition narrows the block (legacy clients only, one location, one platform, a risk level).
  const narrowed = Object.entries(e.view.conditions ?? {}).some(([k, v]) => k !== 'users' && k !== 'applications' && !(k === 'clientAppTypes' && JSON.stringify(v) === '["all"]'));
  if (!allUsers || !allApps || narrowed) return undefined;
  return finding(input.config, CHECKS.blockAll, e, `conditional access policy "${e.d.displayName}" blocks All users from All cloud apps under every condition`, `${e.at}.state`, 'only report-only (enabledForReportingButNotEnforced) is allowed for such a policy; narrow its users or applications');
}

function reportOnlyFirst(input: PostureInput, e: Entry, live: PolicyLive | undefined): Diagnostic | undefined {
  if (!input.live || !enabled(e.view) || !blocks(e.view)) return undefined;
  if (live?.state === 'enabled' || live?.state === 'enabledForReportingButNotEnforced') return undefined;
  return finding(input.config, CHECKS.reportOnly, e, `conditional access policy "${e.d.displayName}" blocks access and has not been live in report-only`, `${e.at}.state`, 'declare state: enabledForReportingButNotEnforced first, apply it and review its report-only results, then declare enabled');
}

/** Every user, group, role and location a policy names must be declared or live (and live only once). */
function references(input: PostureInput, e: Entry): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared: Record<RefField, Set<string>> = {
    users: new Set((input.config.users ?? []).filter((u) => u.ensure !== 'absent').map((u) => normalKey(u.userPrincipalName))),
    groups: new Set((input.config.groups ?? []).filter((g) => g.ensure !== 'absent').map((g) => normalKey(g.mailNickname))),
    roles: new Set(),
    locations: new Set((input.config.namedLocations ?? []).filter((l) => l.ensure !== 'absent').map((l) => normalKey(l.displayName))),
  };
  for (const holder of ['users', 'locations'] as const) {
    const h = (e.d.conditions?.[holder] ?? {}) as Record<string, string[] | undefined>;
    for (const [listKey, list] of Object.entries(h)) {
      const field = refFieldOf(listKey);
      if (!field || !list) continue;
      list.forEach((raw, j) => {
        const key = canonRef(field, raw);
        const at = `${e.at}.conditions.${holder}.${listKey}[${j}]`;
        const what = { users: 'user', groups: 'group', roles: 'role', locations: 'named location' }[field];
        if (field === 'roles') {
          if (!entraRoleByName(raw)) out.push(finding(input.config, CHECKS.reference, e, `"${raw}" is not a Microsoft Entra built-in role`, at));
          return;
        }
        if (KEYWORDS.includes(key) || !input.refs) return;
        const ids = input.refs?.ids[field][key] ?? [];
        if (ids.length > 1) out.push(finding(input.config, CHECKS.reference, e, `${what} "${raw}" matches ${ids.length} live objects (ids ${ids.join(', ')}); tenantform will not guess which one the policy means`, at));
        else if (!declared[field].has(key) && ids.length === 0) out.push(finding(input.config, CHECKS.reference, e, `${what} "${raw}" is neither declared nor in the tenant`, at));
      });
    }
  }
  return out;
}

function securityDefaults(input: PostureInput, entries: Entry[]): Diagnostic | undefined {
  const declared = input.config.securityDefaults?.enabled;
  const on = declared ?? input.refs?.securityDefaults;
  if (!on) return undefined;
  const declaredKeys = new Set(input.desired.map((d) => normalKey(d.displayName)));
  const first = entries.find((e) => enabled(e.view));
  const undeclared = (input.live ?? []).find((l) => l.state === 'enabled' && !declaredKeys.has(normalKey(l.displayName)));
  if (!first && !undeclared) return undefined;
  const which = first ? `"${first.d.displayName}"` : `"${undeclared?.displayName ?? ''}" (live, not declared)`;
  return finding(input.config, CHECKS.defaults, first, `security defaults ${declared ? 'are declared on' : 'are on in the tenant'} together with the enabled conditional access policy ${which}`,
    declared ? 'securityDefaults.enabled' : `${first?.at ?? 'conditionalAccess'}.state`,
    'Microsoft makes them mutually exclusive and refuses the pair: declare securityDefaults: { enabled: false } with the policies, or keep the policies report-only');
}

export function postureChecks(input: PostureInput): Diagnostic[] {
  const entries: Entry[] = input.desired.map((d, i) => ({ d, view: viewOf(d), at: `conditionalAccess[${i}]` })).filter((e) => e.d.ensure !== 'absent');
  const live = new Map((input.live ?? []).map((l) => [normalKey(l.displayName), l]));
  const out: Diagnostic[] = [];
  for (const e of entries) {
    out.push(...references(input, e));
    for (const d of [breakglass(input, e), blockAll(input, e), reportOnlyFirst(input, e, live.get(normalKey(e.d.displayName)))]) if (d) out.push(d);
  }
  const sd = securityDefaults(input, entries);
  if (sd) out.push(sd);
  return out;
}
