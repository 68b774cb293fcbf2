// Pure diff of users: field by field over what the YAML declares; undeclared fields are not managed.
import equal from 'fast-deep-equal';
import type { UserSpec } from '../../config/model.js';
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { userAddress } from '../shared/refs.js';
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

function planPresent(d: DesiredUser, l: LiveUser | undefined, diagnostics: Diagnostic[]): ProposedChange | undefined {
  const address = addressOf(d);
  const dependsOn = d.spec.manager ? [userAddress(d.spec.manager)] : [];
  const after = declared(d.spec);
  if (!l || l.deleted) {
    if (!l && d.spec.displayName === undefined) {
      diagnostics.push({ severity: 'error', summary: `${address}: displayName is required to create the user`, address, path: `${d.path}.displayName` });
    }
    if (!l && after.accountEnabled === undefined) after.accountEnabled = true;
    const fields = l ? fieldChanges(d.spec, l) : [...fieldChanges(d.spec, undefined), ...PASSWORD_FIELDS];
    if (!l && d.spec.accountEnabled === undefined) fields.push({ path: 'accountEnabled', after: true });
    return change(address, { action: 'create', fields, before: null, after, reason: l ? 'restore' : 'missing', dependsOn });
  }
  const fields = fieldChanges(d.spec, l);
  if (fields.length === 0) return undefined;
  const managerChanged = fields.some((f) => f.path === 'manager');
  return change(address, {
    action: 'update', fields, before: view(l), after: { ...view(l), ...after }, reason: 'field_changed',
    dependsOn: managerChanged ? dependsOn : [],
  });
}

export function diffUsers(desired: DesiredUser[], live: LiveUser[], ctx: DiffContext): DiffResult {
  const byAddress = new Map(live.map((l) => [addressOf(l), l]));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const declaredAddresses = new Set(desired.map(addressOf));
  for (const d of desired) {
    if (d.spec.external) continue;
    const address = addressOf(d);
    const l = byAddress.get(address);
    if (d.spec.ensure === 'absent') {
      if (l && !l.deleted) changes.push(change(address, { action: 'delete', fields: [], before: view(l), after: null, reason: 'ensure_absent' }));
      continue;
    }
    const c = planPresent(d, l, diagnostics);
    if (c) changes.push(c);
  }
  const strays = ctx.complete ? live.filter((l) => !l.deleted && !declaredAddresses.has(addressOf(l))) : [];
  if (ctx.prune) {
    for (const l of strays) changes.push(change(addressOf(l), { action: 'delete', fields: [], before: view(l), after: null, reason: 'pruned' }));
  }
  return { changes, diagnostics, unmanaged: strays.length };
}
