// Pure diff of a mailbox's calendar (or contacts) folder permissions on the children core: a mailbox is the parent,
// `calendar` (`contactsFolder`) its list of (user, access) entries. Default and Anonymous always exist on a folder: they are set when declared and
// otherwise left alone; named users are authoritative unless `permissions.mode: additive`. One change per mailbox,
// its fields per user and its ops the entries to add, set and remove.
import type { MailboxSpec } from '../../config/model.js';
import type { CalendarOps, ContactsFolderOps, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { lower } from '../exchange/common.js';
import { reconcileChildren, type ChildDelta, type Children } from '../shared/reconcile-children.js';
import { addressOf, CALENDAR, calendarUser, isSpecial, type CalendarLive, type FolderKind } from './model.js';

interface Entry { mailbox: string; user: string; access: string }
type Delta = ChildDelta<CalendarLive, Entry, Entry>;

const rulesFor = (f: FolderKind): Children<CalendarLive, Entry, Entry> => ({
  kind: f.kind,
  parentAddress: (a) => `mailbox:${lower(a)}`,
  parentKey: (p) => p.address,
  parentId: (p) => p.address,
  parentOf: (e) => e.mailbox,
  listOf: () => f.field,
  childOf: (e) => e.user,
  childId: (e) => e.user,
  same: (d, l) => d.access === l.access,
  keep: (l) => isSpecial(l.user),
});

function changeOf(d: MailboxSpec, delta: Delta, f: FolderKind): ProposedChange | undefined {
  const l = delta.parent;
  const updated = new Map(delta.update.map(({ d: e, l: was }) => [e.user, was.access]));
  const declared = [...delta.add, ...delta.update.map((u) => u.d)];
  // Fields in the YAML's order, then the removals in the folder's.
  const order = new Map((d[f.field] ?? []).map((c, i) => [calendarUser(c.user), i]));
  declared.sort((a, b) => (order.get(a.user) ?? 0) - (order.get(b.user) ?? 0));
  const fields: FieldChange[] = [
    ...declared.map((e) => ({ path: `${f.field}[${e.user}]`, before: updated.get(e.user), after: e.access })),
    ...delta.remove.map((e) => ({ path: `${f.field}[${e.user}]`, before: e.access })),
  ];
  if (fields.length === 0) return undefined;
  const entries = { ...(l?.entries ?? {}) };
  for (const e of delta.remove) delete entries[e.user];
  for (const e of declared) entries[e.user] = e.access;
  // Default and Anonymous are on every folder: set, never added.
  const ops: CalendarOps | ContactsFolderOps = {
    op: f.op,
    add: delta.add.filter((e) => !isSpecial(e.user)).map(({ user, access }) => ({ user, access })),
    set: [...delta.add.filter((e) => isSpecial(e.user)), ...delta.update.map((u) => u.d)].map(({ user, access }) => ({ user, access })),
    remove: delta.remove.map((e) => e.user),
  };
  const users = [...order.keys()].filter((u) => !isSpecial(u));
  return {
    kind: f.kind, address: addressOf(d.address, f), action: l ? 'update' : 'create', fields, before: l ?? null, ops,
    after: { address: lower(d.address), folder: l?.folder ?? null, entries }, reason: l ? 'field_changed' : 'missing',
    dependsOn: [`mailbox:${lower(d.address)}`, ...users.map((u) => `user:${u}`)],
  };
}

export function diffCalendars(desired: MailboxSpec[], live: CalendarLive[], ctx: Pick<DiffContext, 'tenant'>, f: FolderKind = CALENDAR): DiffResult {
  const decls = desired.map((d) => ({
    key: lower(d.address),
    path: `mailboxes[${(ctx.tenant.mailboxes ?? []).indexOf(d)}].${f.field}`,
    lists: { [f.field]: d.permissions?.mode === 'additive' ? 'additive' as const : 'authoritative' as const },
  }));
  const want = desired.flatMap((d) => (d[f.field] ?? []).map((c): Entry => ({ mailbox: lower(d.address), user: calendarUser(c.user), access: c.access })));
  const have = live.flatMap((l) => Object.entries(l.entries).map(([user, access]): Entry => ({ mailbox: l.address, user, access })));
  const plan = reconcileChildren(rulesFor(f), decls, want, have, { prune: false, complete: false, protected: ctx.tenant.policy?.protected ?? [] }, live);
  const byKey = new Map(desired.map((d) => [lower(d.address), d]));
  return { changes: plan.parents.flatMap((delta) => changeOf(byKey.get(delta.decl.key)!, delta, f) ?? []), diagnostics: plan.diagnostics };
}

/** One mailbox's change, for a mailbox spec that is not part of a tenant config. */
export function diffCalendar(d: MailboxSpec, l: CalendarLive | undefined): ProposedChange | undefined {
  return diffCalendars([d], l ? [l] : [], { tenant: { tenant: { name: '', tenantId: '', domains: [] }, mailboxes: [d] } }).changes[0];
}
