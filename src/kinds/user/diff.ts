// Pure diff of users: field by field over what the YAML declares; undeclared fields are not managed.
import equal from 'fast-deep-equal';
import type { UserSpec } from '../../config/model.js';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { userAddress } from '../shared/refs.js';
import { deletionDue } from '../shared/lifecycle.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';
import { USER_FIELDS, addressOf, type DesiredUser, type LiveUser } from './model.js';

/** The managed part of a live user, as the plan shows it. */
function view(l: LiveUser): Record<string, unknown> {
  const out: Record<string, unknown> = { userPrincipalName: l.userPrincipalName };
  for (const f of USER_FIELDS) if (l[f] !== null && l[f] !== undefined) out[f] = l[f];
  if (l.manager) out.manager = l.manager;
  return out;
}

/** The declared part of a spec, manager lower-cased, defaults filled the way Graph would create the user. */
export function declared(spec: UserSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { userPrincipalName: spec.userPrincipalName };
  for (const f of USER_FIELDS) if (spec[f] !== undefined) out[f] = spec[f];
  if (spec.passwordPolicies !== undefined) out.passwordPolicies = [...new Set(spec.passwordPolicies)].sort();
  if (spec.manager !== undefined) out.manager = spec.manager.toLowerCase();
  return out;
}

export function fieldChanges(spec: UserSpec, live: LiveUser | undefined): FieldChange[] {
  const want = declared(spec);
  const fields: FieldChange[] = [];
  for (const [path, after] of Object.entries(want)) {
    if (path === 'userPrincipalName') continue;
    const before = live ? (live[path] ?? null) : null;
    if (!live || !equal(before, after)) fields.push(live ? { path, before, after } : { path, after });
  }
  return fields;
}

const PASSWORD_FIELDS: FieldChange[] = [
  { path: 'passwordProfile.password', sensitive: true },
  { path: 'passwordProfile.forceChangePasswordNextSignIn', after: true },
];

function change(address: string, rest: Omit<ProposedChange, 'kind' | 'address'>): ProposedChange {
  return { kind: 'user', address, ...rest };
}

/** Attributes a directory-synced user takes from on-premises AD; the cloud refuses to change them. */
const CLOUD_MANAGED = new Set(['usageLocation']);

/** Shared, room and equipment mailboxes and mail users own their Entra account: never a user to prune. */
function mailboxAccounts(ctx: DiffContext): Set<string> {
  const out = new Set<string>();
  for (const m of ctx.tenant.mailboxes ?? []) if (m.type && m.type !== 'user') out.add(normalKey(m.address));
  for (const m of ctx.tenant.mailUsers ?? []) out.add(normalKey(m.userPrincipalName));
  return out;
}

function createUser(d: DesiredUser, diagnostics: Diagnostic[]): ProposedChange {
  const address = addressOf(d);
  if (d.spec.displayName === undefined) {
    diagnostics.push({ severity: 'error', summary: `${address}: displayName is required to create the user`, address, path: `${d.path}.displayName` });
  }
  const after = declared(d.spec);
  if (after.accountEnabled === undefined) after.accountEnabled = true;
  const fields = [...fieldChanges(d.spec, undefined), ...PASSWORD_FIELDS];
  if (d.spec.accountEnabled === undefined) fields.push({ path: 'accountEnabled', after: true });
  return change(address, { action: 'create', fields, before: null, after, reason: 'missing', dependsOn: managerDependency(d) });
}

const managerDependency = (d: DesiredUser): string[] => (d.spec.manager ? [userAddress(d.spec.manager)] : []);

function updateUser(d: DesiredUser, l: LiveUser): ProposedChange | undefined {
  const fields = fieldChanges(d.spec, l);
  if (fields.length === 0) return undefined;
  const managerChanged = fields.some((f) => f.path === 'manager');
  return change(addressOf(d), {
    action: 'update', fields, before: view(l), after: { ...view(l), ...declared(d.spec) }, reason: 'field_changed',
    dependsOn: managerChanged ? managerDependency(d) : [],
  });
}

function rules(ctx: DiffContext, diagnostics: Diagnostic[]): Collection<DesiredUser, LiveUser> {
  const accounts = mailboxAccounts(ctx);
  return {
    kind: 'user',
    address: addressOf,
    id: (l) => l.id,
    path: (d) => d.path,
    absent: (d) => d.spec.ensure === 'absent' || deletionDue(d.spec, ctx.now),
    deleted: (l) => l.deleted === true,
    referenceOnly: (d) => d.spec.external === true,
    create: (d) => createUser(d, diagnostics),
    restore: (d, l) => change(addressOf(d), { action: 'create', fields: fieldChanges(d.spec, l), before: null, after: declared(d.spec), reason: 'restore', dependsOn: managerDependency(d) }),
    update: updateUser,
    // A leaver's licenses, groups, mailbox and grants go with its deletion: the other kinds plan nothing for it then.
    remove: (l, reason, d) => change(addressOf(l), { action: 'delete', fields: [], before: view(l), after: null, reason: d?.spec.lifecycle ? 'retention_ended' : reason }),
    notOurs(l) {
      if (accounts.has(normalKey(l.userPrincipalName)) || (typeof l.mail === 'string' && accounts.has(normalKey(l.mail)))) return 'the account of a declared shared, room or equipment mailbox or mail user';
      if (l.mailUser === true) return 'the account of a mail user';
      if (l.userType === 'Guest') return 'a guest';
      return undefined;
    },
    readOnly(l, c) {
      if (l.userType === 'Guest') return 'the account is a guest, which the guest kind owns: declare it under guests by the address it was invited as';
      if (l.onPremisesSyncEnabled !== true) return undefined;
      const synced = c.fields.filter((f) => !CLOUD_MANAGED.has(f.path));
      if (c.action !== 'delete' && synced.length === 0) return undefined;
      return 'the user is synced from on-premises Active Directory, which owns it: make the change there';
    },
  };
}

export function diffUsers(desired: DesiredUser[], live: LiveUser[], ctx: DiffContext): DiffResult {
  const diagnostics: Diagnostic[] = [];
  const out = reconcile(rules(ctx, diagnostics), desired, live, ctx);
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}
