// The Conditional Access policy as tenantform compares it: Graph's shape (conditionalAccessPolicy in the v1.0 CSDL)
// with every reference a natural key (users by UPN, groups by mailNickname, roles by name, named locations by
// displayName, authentication strengths by name), lists sorted, unset values dropped. Desired and live are both
// brought to this one canonical form, so a policy compares equal however Graph or the YAML spells it.
import type { ConditionalAccessPolicySpec } from '../../config/model.js';
import { entraRoleById, entraRoleByName } from '../../catalog/entra-roles.js';
import { normalKey } from '../shared/reconcile.js';

export const KIND = 'conditionalAccess';
export const POLICIES_PATH = '/identity/conditionalAccess/policies';
export const policyAddress = (displayName: string): string => `conditionalAccess:${normalKey(displayName)}`;

type Json = Record<string, unknown>;
export type State = NonNullable<ConditionalAccessPolicySpec['state']>;

/** A policy in canonical form: what the plan shows and compares. */
export interface PolicyView extends Json {
  displayName: string;
  state: State | null;
  description?: string | null;
  conditions: Json | null;
  grantControls: Json | null;
  sessionControls: Json | null;
}

export interface PolicyLive extends PolicyView {
  id: string;
  /** Ids Graph holds that resolve to no live object (a deleted user): shown as the id, never matched. */
  unresolved?: string[];
}

/** Built-in authentication strengths: the same ids in every tenant (authenticationstrengthpolicy resource). */
export const STRENGTHS: Record<string, string> = {
  'Multifactor authentication': '00000000-0000-0000-0000-000000000002',
  'Passwordless MFA': '00000000-0000-0000-0000-000000000003',
  'Phishing-resistant MFA': '00000000-0000-0000-0000-000000000004',
};

const USER_WORDS = ['All', 'None', 'GuestsOrExternalUsers'];
const LOCATION_WORDS = ['All', 'AllTrusted'];
const word = (value: string, words: string[]): string | undefined => words.find((w) => w.toLowerCase() === value.trim().toLowerCase());

/** A reference in canonical form; the field decides what it names. */
export type RefField = 'users' | 'groups' | 'roles' | 'locations';
export function canonRef(field: RefField, value: string): string {
  if (field === 'users') return word(value, USER_WORDS) ?? normalKey(value.trim());
  if (field === 'groups') return normalKey(value.trim());
  if (field === 'roles') return entraRoleByName(value)?.displayName ?? entraRoleById(value)?.displayName ?? value.trim();
  return word(value, LOCATION_WORDS) ?? normalKey(value.trim());
}

/** Which reference field a list holds (`includeUsers` → users), by its key. */
export function refFieldOf(key: string): RefField | undefined {
  if (/^(include|exclude)Users$/.test(key)) return 'users';
  if (/^(include|exclude)Groups$/.test(key)) return 'groups';
  if (/^(include|exclude)Roles$/.test(key)) return 'roles';
  if (/^(include|exclude)Locations$/.test(key)) return 'locations';
  return undefined;
}

const isEmpty = (v: unknown): boolean => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/** Keys and lists sorted, lists deduplicated (references canonical), nulls and empty lists dropped, empty objects gone. */
function canon(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const field = refFieldOf(key);
    return [...new Set(value.map((v) => (field ? canonRef(field, String(v)) : String(v))))].sort();
  }
  if (value === null || typeof value !== 'object') return value ?? undefined;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (k.startsWith('@odata.')) continue;
    const c = canon(v, k);
    if (!isEmpty(c)) out[k] = c;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function grant(value: unknown): Json | null {
  const g = canon(value) as Json | undefined;
  if (!g) return null;
  const { operator, ...controls } = g;
  return Object.keys(controls).length > 0 ? { operator: operator ?? 'OR', ...controls } : null;
}

/** The canonical view of a policy in YAML shape (references already natural keys). */
export function viewOf(p: ConditionalAccessPolicySpec | Json): PolicyView {
  const spec = p as Json;
  return {
    displayName: String(spec.displayName),
    state: (spec.state as State | undefined) ?? null,
    ...(spec.description !== undefined ? { description: spec.description as string } : {}),
    conditions: (canon(spec.conditions) as Json | undefined) ?? null,
    grantControls: grant(spec.grantControls),
    sessionControls: (canon(spec.sessionControls) as Json | undefined) ?? null,
  };
}

const TOP = ['state', 'description', 'grantControls', 'sessionControls'] as const;

/** Changed fields, condition by condition (`conditions.users`), so a plan names what moved. */
export function changedFields(want: PolicyView, have: PolicyView | undefined): { path: string; before?: unknown; after?: unknown }[] {
  const out: { path: string; before?: unknown; after?: unknown }[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const k of TOP) {
    if (k === 'description' && want.description === undefined) continue;
    if (!same(want[k], have?.[k])) out.push({ path: k, before: have?.[k] ?? undefined, after: want[k] ?? undefined });
  }
  const keys = new Set([...Object.keys(want.conditions ?? {}), ...Object.keys(have?.conditions ?? {})]);
  for (const k of [...keys].sort()) {
    const [a, b] = [want.conditions?.[k], have?.conditions?.[k]];
    if (!same(a, b)) out.push({ path: `conditions.${k}`, before: b, after: a });
  }
  return out;
}

/** Whether a policy's grant controls can block or require MFA (block, mfa, or an authentication strength). */
export function gates(v: PolicyView): boolean {
  const controls = (v.grantControls?.builtInControls as string[] | undefined) ?? [];
  return controls.includes('block') || controls.includes('mfa') || v.grantControls?.authenticationStrength !== undefined;
}

export const blocks = (v: PolicyView): boolean => ((v.grantControls?.builtInControls as string[] | undefined) ?? []).includes('block');

/** The canonical references of one kind in a view's users or locations condition (`include`, `exclude` or both). */
export function refsOf(v: PolicyView, field: RefField, side?: 'include' | 'exclude'): string[] {
  const holder = (field === 'locations' ? v.conditions?.locations : v.conditions?.users) as Json | undefined;
  const name = { users: 'Users', groups: 'Groups', roles: 'Roles', locations: 'Locations' }[field];
  const sides = side ? [side] : ['include', 'exclude'];
  return sides.flatMap((s) => (holder?.[`${s}${name}`] as string[] | undefined) ?? []);
}
