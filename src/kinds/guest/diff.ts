// Pure diff of guests on the reconcile core: invite a missing guest (the invitation's body is the change's ops), set
// a declared displayName that differs, delete on `ensure: absent` or prune. The redemption state is shown as an info
// line on the declared guests still pending, never as a change: only the guest can accept.
import type { Diagnostic, FieldChange, ProposedChange } from '../../plan/types.js';
import type { DiffContext, DiffResult } from '../contract.js';
import { normalKey, reconcile, type Collection } from '../shared/reconcile.js';
import type { TenantConfig } from '../../config/model.js';
import { addressOf, guestAddress, type DesiredGuest, type LiveGuest } from './model.js';

/** Where a guest lands after redeeming when the YAML names no place: the tenant's My Apps (redemption-experience.md). */
export const defaultRedirect = (tenantId: string): string => `https://myapps.microsoft.com/?tenantid=${tenantId}`;

const domainOf = (email: string): string => normalKey(email.slice(email.lastIndexOf('@') + 1));

/** Offline checks: a guest's address is outside the tenant's domains; a message needs the invitation email. */
export function guestChecks(config: TenantConfig): Diagnostic[] {
  const domains = new Set(config.tenant.domains.map(normalKey));
  const out: Diagnostic[] = [];
  (config.guests ?? []).forEach((g, i) => {
    const address = guestAddress(g.email);
    if (domains.has(domainOf(g.email))) {
      out.push({ severity: 'error', summary: `${address}: ${g.email} is in the tenant's own domain ${domainOf(g.email)}; declare the person under users instead`, address, path: `guests[${i}].email` });
    }
    if (g.message !== undefined && g.sendInvitation !== true) {
      out.push({ severity: 'error', summary: `${address}: message is the invitation email's text, so it needs sendInvitation: true`, address, path: `guests[${i}].message` });
    }
  });
  return out;
}

/**
 * invitation-post.md: app-only invitations "do not work if B2B invitations are disabled on the tenant or if B2B
 * invitations are restricted to administrators", which tenantform's app-only calls would meet at apply.
 */
function inviteBlocked(config: TenantConfig): Omit<Diagnostic, 'address'> | undefined {
  const allowed = config.authorizationPolicy?.allowInvitesFrom;
  if (allowed !== 'none' && allowed !== 'adminsAndGuestInviters') return undefined;
  return {
    severity: 'error', path: 'authorizationPolicy.allowInvitesFrom',
    summary: `cannot be invited while authorizationPolicy.allowInvitesFrom is ${allowed}: Graph refuses app-only invitations then`,
    detail: 'allow adminsGuestInvitersAndAllMembers or everyone, or invite the guest in the admin center',
  };
}

/** The managed part of a live guest, as the plan shows it: the id names the object, the state is for reading. */
function view(l: LiveGuest): Record<string, unknown> {
  return { id: l.id, email: l.email, userPrincipalName: l.userPrincipalName, displayName: l.displayName, externalUserState: l.externalUserState };
}

function invitation(d: DesiredGuest, ctx: DiffContext): Record<string, unknown> {
  const s = d.spec;
  const body: Record<string, unknown> = {
    invitedUserEmailAddress: s.email, inviteRedirectUrl: s.redirectUrl ?? defaultRedirect(ctx.tenant.tenant.tenantId),
    sendInvitationMessage: s.sendInvitation === true,
  };
  if (s.displayName !== undefined) body.invitedUserDisplayName = s.displayName;
  if (s.message !== undefined) body.invitedUserMessageInfo = { customizedMessageBody: s.message };
  return body;
}

function create(d: DesiredGuest, ctx: DiffContext): ProposedChange {
  const body = invitation(d, ctx);
  const fields: FieldChange[] = [{ path: 'email', after: normalKey(d.spec.email) }];
  if (d.spec.displayName !== undefined) fields.push({ path: 'displayName', after: d.spec.displayName });
  fields.push({ path: 'inviteRedirectUrl', after: body.inviteRedirectUrl }, { path: 'sendInvitationMessage', after: body.sendInvitationMessage });
  const after = { email: normalKey(d.spec.email), ...(d.spec.displayName !== undefined ? { displayName: d.spec.displayName } : {}) };
  return { kind: 'guest', address: addressOf(d), action: 'create', fields, before: null, after, reason: 'missing', ops: { op: 'graphWrite', body } };
}

function update(d: DesiredGuest, l: LiveGuest): ProposedChange | undefined {
  const want = d.spec.displayName;
  if (want === undefined || want === l.displayName) return undefined;
  return {
    kind: 'guest', address: addressOf(d), action: 'update', fields: [{ path: 'displayName', before: l.displayName, after: want }],
    before: view(l), after: { ...view(l), displayName: want }, reason: 'field_changed', ops: { op: 'graphWrite', body: { displayName: want }, id: l.id },
  };
}

/** A declared guest found in deleted items comes back with its id, memberships and redemption; then its name. */
function restore(d: DesiredGuest, l: LiveGuest): ProposedChange {
  const rename = d.spec.displayName !== undefined && d.spec.displayName !== l.displayName;
  const body = rename ? { displayName: d.spec.displayName } : {};
  return {
    kind: 'guest', address: addressOf(d), action: 'create', reason: 'restore', before: null, after: { ...view(l), ...body },
    fields: rename ? [{ path: 'displayName', before: l.displayName, after: d.spec.displayName }] : [], ops: { op: 'graphWrite', body, id: l.id },
  };
}

/** The info line of a declared guest that has not redeemed its invitation yet. */
function pending(d: DesiredGuest, live: LiveGuest[]): Diagnostic | undefined {
  const found = live.filter((l) => normalKey(l.email) === normalKey(d.spec.email));
  const l = found.length === 1 ? found[0] : undefined;
  if (!l || l.externalUserState !== 'PendingAcceptance' || d.spec.ensure === 'absent') return undefined;
  const since = l.externalUserStateChangeDateTime ? ` since ${l.externalUserStateChangeDateTime}` : '';
  return { severity: 'info', summary: `${addressOf(d)}: the invitation is not accepted yet (externalUserState PendingAcceptance${since})`, address: addressOf(d) };
}

export function diffGuests(desired: DesiredGuest[], live: LiveGuest[], ctx: DiffContext): DiffResult {
  const diagnostics = guestChecks(ctx.tenant);
  const refused = new Set(diagnostics.map((g) => g.address));
  const rules: Collection<DesiredGuest, LiveGuest> = {
    kind: 'guest',
    address: addressOf,
    id: (l) => l.id,
    path: (d) => d.path,
    absent: (d) => d.spec.ensure === 'absent',
    deleted: (l) => l.deleted === true,
    restore: (d, l) => (refused.has(addressOf(d)) ? undefined : restore(d, l)),
    // A guest whose entry is refused above is not planned at all: the error stops the tenant's plan anyway.
    create: (d) => (refused.has(addressOf(d)) ? undefined : create(d, ctx)),
    update,
    remove: (l, reason) => ({ kind: 'guest', address: addressOf(l), action: 'delete', fields: [], before: view(l), after: null, reason, ops: { op: 'graphDelete', id: l.id } }),
  };
  const out = reconcile(rules, desired, live, ctx);
  const blocked = inviteBlocked(ctx.tenant);
  if (blocked) {
    for (const c of out.changes.filter((x) => x.action === 'create')) diagnostics.push({ ...blocked, summary: `${c.address}: ${blocked.summary}`, address: c.address });
  }
  const states = desired.map((d) => pending(d, live)).filter((x): x is Diagnostic => x !== undefined);
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics, ...states], unmanaged: out.unmanaged };
}
