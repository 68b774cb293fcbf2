// The declarative leaver: `lifecycle: { state: leaver, ... }` on a user rewrites the merged tenant at load time, so
// every kind sees one desired state and none fights another: the user is disabled, its licenses go (the license kind
// waits for the mailbox conversion), it leaves every declared group but `keepGroups`, and its mailbox becomes a shared
// mailbox, hidden, with FullAccess for the delegate (default: the manager) and the auto-reply. Each value written
// here carries the position of the user's `lifecycle:` key, so diagnostics about it point at that line.
// Deletion (`state: deleted`, or `deleteAfter` reached) needs the plan's time, so the kinds decide it in their diff.
import type { Issue } from './crosscheck.js';
import { normalName } from './kind-spec.js';
import type { AutoReplySpec, GroupSpec, LifecycleSpec, MailboxSpec, SourceLocation, TenantConfig, UserSpec } from './model.js';
import { isContainer, type SourcePositions } from './positions.js';

const asUpn = (ref: string): string => normalName(ref.trim().replace(/^user:/i, ''));

/** Every key of `value`, deeply, placed at `pos`: the rewrite's values have no line of their own. */
function stamp(sp: SourcePositions, value: unknown, pos: SourceLocation): void {
  if (!isContainer(value)) return;
  sp.setOwn(value, pos);
  for (const [k, v] of Object.entries(value)) {
    sp.setChild(value, k, pos);
    stamp(sp, v, pos);
  }
}

function put(sp: SourcePositions, target: object, key: string | number, value: unknown, pos: SourceLocation): void {
  (target as Record<string, unknown>)[key] = value;
  sp.setChild(target, key, pos);
  stamp(sp, value, pos);
}

function autoReplyOf(a: LifecycleSpec['autoReply']): AutoReplySpec | undefined {
  if (a === undefined || typeof a !== 'string') return a;
  return { status: 'enabled', internalMessage: a, externalMessage: a, externalAudience: 'all' };
}

interface Leaver { user: UserSpec; index: number; life: LifecycleSpec; pos: SourceLocation }

function leaveGroups(config: TenantConfig, l: Leaver, sp: SourcePositions, out: Issue[]): void {
  const upn = normalName(l.user.userPrincipalName);
  const keep = new Set((l.life.keepGroups ?? []).map(normalName));
  const groups: GroupSpec[] = config.groups ?? [];
  const declared = new Set(groups.map((g) => normalName(g.mailNickname)));
  (l.life.keepGroups ?? []).forEach((name, k) => {
    if (!declared.has(normalName(name))) out.push({ severity: 'error', path: `users[${l.index}].lifecycle.keepGroups[${k}]`, message: `keepGroups names "${name}", which is no declared group's mailNickname` });
  });
  groups.forEach((g, i) => {
    if (keep.has(normalName(g.mailNickname)) || !Array.isArray(g.members)) return;
    const kept = g.members.filter((m) => asUpn(m) !== upn);
    if (kept.length === g.members.length) return;
    if (g.membersMode === 'additive') {
      out.push({ severity: 'warning', path: `groups[${i}].members`, message: `${l.user.userPrincipalName} is a leaver, but ${g.mailNickname}'s members are additive: tenantform removes no member from it` });
    }
    const before = g.members;
    put(sp, g, 'members', kept, l.pos);
    // The members that stay keep their own lines.
    let j = 0;
    before.forEach((m, k) => {
      if (asUpn(m) === upn) return;
      const at = sp.child(before, k);
      if (at) sp.setChild(kept, j, at);
      j += 1;
    });
  });
}

function sharedMailbox(config: TenantConfig, l: Leaver, sp: SourcePositions, out: Issue[]): void {
  const upn = normalName(l.user.userPrincipalName);
  const path = `users[${l.index}].lifecycle`;
  const delegate = l.life.delegate ?? l.user.manager;
  if (!delegate) {
    out.push({ severity: 'error', path, message: `${l.user.userPrincipalName}: a leaver's shared mailbox needs someone with FullAccess: set lifecycle.delegate or the user's manager (or convertMailbox: false)` });
    return;
  }
  const mailboxes: MailboxSpec[] = config.mailboxes ?? [];
  if (!config.mailboxes) put(sp, config, 'mailboxes', mailboxes, l.pos);
  let entry = mailboxes.find((m) => normalName(m.address) === upn);
  if (!entry) {
    entry = { address: l.user.userPrincipalName };
    put(sp, mailboxes, mailboxes.length, entry, l.pos);
  }
  if (entry.ensure === 'absent') {
    out.push({ severity: 'error', path: `mailboxes[${mailboxes.indexOf(entry)}].ensure`, message: `${entry.address} is a leaver's mailbox, kept as a shared mailbox: remove ensure: absent (deleting the user removes it)` });
    return;
  }
  put(sp, entry, 'type', 'shared', l.pos);
  put(sp, entry, 'hiddenFromAddressLists', true, l.pos);
  const reply = autoReplyOf(l.life.autoReply);
  if (reply) put(sp, entry, 'autoReply', reply, l.pos);
  const grant = { user: delegate, autoMapping: true };
  if (!entry.permissions) {
    // Additive: FullAccess someone already holds is not the leaver's to take away.
    put(sp, entry, 'permissions', { mode: 'additive', fullAccess: [grant] }, l.pos);
  } else if (!entry.permissions.fullAccess) {
    put(sp, entry.permissions, 'fullAccess', [grant], l.pos);
  } else if (!entry.permissions.fullAccess.some((f) => asUpn(f.user) === asUpn(delegate))) {
    put(sp, entry.permissions.fullAccess, entry.permissions.fullAccess.length, grant, l.pos);
  }
}

function leave(config: TenantConfig, l: Leaver, sp: SourcePositions, out: Issue[]): void {
  const path = `users[${l.index}]`;
  if (l.life.state === 'leaver' && l.life.since === undefined) {
    out.push({ severity: 'error', path: `${path}.lifecycle`, message: `${l.user.userPrincipalName}: lifecycle.since is required for a leaver: the day the user left (sign-in sessions valid from before it are revoked)` });
  }
  if (l.user.external === true) {
    out.push({ severity: 'error', path: `${path}.external`, message: `${l.user.userPrincipalName} is declared external, which tenantform never changes: it cannot be a leaver here` });
    return;
  }
  if (l.user.ensure === 'absent') {
    out.push({ severity: 'error', path: `${path}.ensure`, message: `${l.user.userPrincipalName}: ensure: absent and lifecycle together: use lifecycle.state: deleted` });
    return;
  }
  if (l.user.accountEnabled === true) {
    out.push({ severity: 'error', path: `${path}.accountEnabled`, message: `${l.user.userPrincipalName} is a leaver, whose sign-in is blocked: remove accountEnabled: true` });
    return;
  }
  const converts = l.life.convertMailbox !== false;
  if (!converts && (l.life.delegate !== undefined || l.life.autoReply !== undefined)) {
    out.push({ severity: 'error', path: `${path}.lifecycle`, message: `${l.user.userPrincipalName}: delegate and autoReply need the shared mailbox: remove them or convertMailbox: false` });
  }
  put(sp, l.user, 'accountEnabled', false, l.pos);
  put(sp, l.user, 'licenses', [], l.pos);
  leaveGroups(config, l, sp, out);
  if (converts) sharedMailbox(config, l, sp, out);
}

/** Rewrites `config` in place for each user with a `lifecycle`; returns the problems found, at their merged paths. */
export function applyLifecycles(config: TenantConfig, sp: SourcePositions): Issue[] {
  const out: Issue[] = [];
  (config.users ?? []).forEach((user, index) => {
    const life = user.lifecycle;
    if (!life) return;
    const pos = sp.child(user, 'lifecycle');
    if (!pos) return;
    leave(config, { user, index, life, pos }, sp, out);
  });
  return out;
}
