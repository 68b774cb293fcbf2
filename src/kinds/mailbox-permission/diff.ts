// Pure diff of FullAccess, SendAs and SendOnBehalf on the children core: a mailbox is the parent, each permission a
// list of trustees, authoritative unless `permissions.mode: additive`. One change per mailbox, with the trustees to
// grant and revoke as ops. AutoMapping goes with a FullAccess grant; the service never reports it back, so it is not
// compared.
import type { MailboxSpec } from '../../config/model.js';
import type { FieldChange, MailboxPermissionOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { lower, normRef, sorted } from '../exchange/common.js';
import { leavers, retiredLeavers } from '../shared/lifecycle.js';
import { normalKey } from '../shared/reconcile.js';
import { reconcileChildren, type ChildDelta, type Children, type ParentDecl } from '../shared/reconcile-children.js';
import { addressOf, type PermissionLive } from './model.js';

export const LISTS = ['fullAccess', 'sendAs', 'sendOnBehalf'] as const;
type List = (typeof LISTS)[number];
interface Trustee { mailbox: string; list: List; trustee: string; autoMapping?: boolean }

const rules: Children<PermissionLive, Trustee, Trustee> = {
  kind: 'mailboxPermission',
  parentAddress: (a) => `mailbox:${lower(a)}`,
  parentKey: (p) => p.address,
  parentId: (p) => p.address,
  parentOf: (t) => t.mailbox,
  listOf: (t) => t.list,
  childOf: (t) => t.trustee,
  childId: (t) => t.trustee,
};

function declared(d: MailboxSpec): Partial<Record<List, Trustee[]>> {
  const p = d.permissions ?? {};
  const mailbox = lower(d.address);
  const autoMapping = new Map((p.fullAccess ?? []).map((f) => [normRef(f.user), f.autoMapping ?? true]));
  const refs: Record<List, string[] | undefined> = { fullAccess: p.fullAccess?.map((f) => f.user), sendAs: p.sendAs, sendOnBehalf: p.sendOnBehalf };
  return Object.fromEntries(LISTS.flatMap((list) => {
    const want = refs[list];
    if (want === undefined) return [];
    return [[list, sorted(want.map(normRef)).map((trustee) => ({ mailbox, list, trustee, ...(list === 'fullAccess' ? { autoMapping: autoMapping.get(trustee) ?? true } : {}) }))]];
  }));
}

function fieldOf(delta: ChildDelta<PermissionLive, Trustee, Trustee>, list: List, have: string[]): FieldChange | undefined {
  const added = delta.add.filter((t) => t.list === list).map((t) => t.trustee);
  const removed = delta.remove.filter((t) => t.list === list).map((t) => t.trustee);
  if (!added.length && !removed.length) return undefined;
  return { path: list, before: have, after: sorted([...have.filter((x) => !removed.includes(x)), ...added]), added, removed };
}

function grants(delta: ChildDelta<PermissionLive, Trustee, Trustee>): MailboxPermissionOps {
  const of = (list: List) => ({ add: delta.add.filter((t) => t.list === list), remove: delta.remove.filter((t) => t.list === list).map((t) => t.trustee) });
  const full = of('fullAccess');
  return {
    op: 'mailboxPermission',
    fullAccess: { add: full.add.map((t) => ({ trustee: t.trustee, autoMapping: t.autoMapping ?? true })), remove: full.remove },
    sendAs: { add: of('sendAs').add.map((t) => t.trustee), remove: of('sendAs').remove },
    sendOnBehalf: { add: of('sendOnBehalf').add.map((t) => t.trustee), remove: of('sendOnBehalf').remove },
  };
}

function changeOf(d: MailboxSpec, delta: ChildDelta<PermissionLive, Trustee, Trustee>): ProposedChange | undefined {
  const l = delta.parent;
  const have = l ?? { address: lower(d.address), fullAccess: [], sendAs: [], sendOnBehalf: [] };
  const fields = LISTS.flatMap((list) => fieldOf(delta, list, have[list]) ?? []);
  if (fields.length === 0) return undefined;
  const autoMapping = Object.fromEntries((d.permissions?.fullAccess ?? []).map((f) => [normRef(f.user), f.autoMapping ?? true]));
  const p = d.permissions ?? {};
  const trustees = [...(p.fullAccess ?? []).map((f) => f.user), ...(p.sendAs ?? []), ...(p.sendOnBehalf ?? [])].map(normRef);
  return {
    kind: 'mailboxPermission', address: addressOf(d.address), action: l ? 'update' : 'create', fields, before: l ?? null,
    after: { ...have, ...Object.fromEntries(fields.map((f) => [f.path, f.after])), autoMapping }, ops: grants(delta),
    reason: l ? 'field_changed' : 'missing',
    dependsOn: [`mailbox:${lower(d.address)}`, ...trustees.flatMap((t) => (t.startsWith('group:') ? [t, `distributionGroup:${t.slice(6)}`] : [`user:${t}`]))],
  };
}

/** A leaver's grants wait for its mailbox, which is converted, never created; and they go with a deleted leaver. */
function withoutIdleLeavers(all: MailboxSpec[], live: PermissionLive[], ctx: Pick<DiffContext, 'tenant' | 'now'>): MailboxSpec[] {
  const leaving = leavers(ctx.tenant);
  const retired = retiredLeavers(ctx.tenant, ctx.now);
  const found = new Set(live.map((l) => normalKey(l.address)));
  return all.filter((d) => {
    const key = normalKey(d.address);
    return !leaving.has(key) || (!retired.has(key) && found.has(key));
  });
}

export function diffMailboxPermissions(all: MailboxSpec[], live: PermissionLive[], ctx: Pick<DiffContext, 'tenant' | 'now'>): DiffResult {
  const desired = withoutIdleLeavers(all, live, ctx);
  const lists = desired.map(declared);
  const decls: ParentDecl[] = desired.map((d, i) => ({
    key: lower(d.address),
    path: `mailboxes[${(ctx.tenant.mailboxes ?? []).indexOf(d)}].permissions`,
    lists: Object.fromEntries(Object.keys(lists[i]!).map((list) => [list, d.permissions?.mode === 'additive' ? 'additive' : 'authoritative'])),
  }));
  const have = live.flatMap((l) => LISTS.flatMap((list) => l[list].map((trustee): Trustee => ({ mailbox: l.address, list, trustee }))));
  const plan = reconcileChildren(rules, decls, lists.flatMap((l) => Object.values(l).flat()), have, { prune: false, complete: false, protected: ctx.tenant.policy?.protected ?? [] }, live);
  const byKey = new Map(desired.map((d) => [lower(d.address), d]));
  const changes = plan.parents.flatMap((delta) => changeOf(byKey.get(delta.decl.key)!, delta) ?? []);
  return { changes, diagnostics: plan.diagnostics };
}
