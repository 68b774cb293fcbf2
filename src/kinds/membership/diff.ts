// Pure diff of members and owners on the children core: a group is the parent, `members` and `owners` its lists,
// authoritative unless additive. One change per group, carrying the fields to review and the ops apply sends
// (additions by natural key, removals by the id read). Every added member that is itself declared (a user or group
// created in the same plan) is a dependency.
import type { Diagnostic, FieldChange, ListOps, MembershipOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { leavers, retiredLeavers } from '../shared/lifecycle.js';
import { normalKey } from '../shared/reconcile.js';
import { reconcileChildren, type ChildDelta, type Children, type ParentDecl } from '../shared/reconcile-children.js';
import { groupAddress } from '../shared/refs.js';
import { addressOf, membershipAddress, type DesiredMembership, type LiveMembership } from './model.js';

type List = 'members' | 'owners';
interface Ref { group: string; list: List; ref: string; id?: string }
type Delta = ChildDelta<LiveMembership, Ref, Ref>;

const LISTS: List[] = ['members', 'owners'];

const rules: Children<LiveMembership, Ref, Ref> = {
  kind: 'membership',
  parentAddress: groupAddress,
  parentKey: (p) => p.group,
  parentId: (p) => p.id,
  parentOf: (r) => r.group,
  listOf: (r) => r.list,
  childOf: (r) => r.ref,
  childId: (r) => r.id ?? r.ref,
};

const refsOf = (group: string, list: List, refs: string[], ids: Record<string, string> = {}): Ref[] =>
  refs.map((ref) => ({ group, list, ref, ...(ids[ref] !== undefined ? { id: ids[ref] } : {}) }));

function decl(d: DesiredMembership): ParentDecl {
  const mode = d.additive ? 'additive' : 'authoritative';
  return { key: d.group, path: d.path, lists: Object.fromEntries(LISTS.filter((l) => d[l] !== undefined).map((l) => [l, mode])) };
}

function listChange(delta: Delta, list: List, have: string[], additive: boolean, unread: boolean): { field?: FieldChange; ops: ListOps } {
  const added = delta.add.filter((r) => r.list === list).map((r) => r.ref);
  const removed = delta.remove.filter((r) => r.list === list);
  const ops = { add: added, remove: removed.map((r) => ({ ref: r.ref, id: r.id ?? r.ref })) };
  if (delta.decl.lists[list] === undefined || (!added.length && !removed.length)) return { ops };
  const gone = new Set(removed.map((r) => r.ref));
  const after = additive ? [...new Set([...have, ...added])].sort() : [...have.filter((a) => !gone.has(a)), ...added].sort();
  return { field: { path: list, ...(unread ? {} : { before: have }), after, added, removed: removed.map((r) => r.ref) }, ops };
}

/**
 * A leaver leaves its groups after its mailbox is shared: a group may license it, and a user mailbox without a
 * license is removed after 30 days.
 */
function leaverMailboxes(removed: Ref[], ctx: Pick<DiffContext, 'tenant'>): string[] {
  const leaving = leavers(ctx.tenant);
  return removed.flatMap((r) => {
    const upn = r.ref.startsWith('user:') ? r.ref.slice(5) : undefined;
    const life = upn === undefined ? undefined : leaving.get(normalKey(upn))?.lifecycle;
    return life && life.convertMailbox !== false ? [`mailbox:${upn!.toLowerCase()}`] : [];
  });
}

function changeOf(d: DesiredMembership, delta: Delta, ctx: Pick<DiffContext, 'tenant'>): ProposedChange | undefined {
  const restoring = delta.parent?.restoring === true;
  // A restored group's members are unknown until it is back: planned as for a new group, and said so.
  const l = restoring ? undefined : delta.parent;
  const members = listChange(delta, 'members', l?.members ?? [], d.additive, restoring);
  const owners = listChange(delta, 'owners', l?.owners ?? [], d.additive, restoring);
  const fields = [members.field, owners.field].filter((f): f is FieldChange => f !== undefined);
  if (!fields.length) return undefined;
  const ops: MembershipOps = { op: 'membership', members: members.ops, owners: owners.ops };
  const before = l ? { group: d.group, members: l.members, owners: l.owners, ids: l.ids } : null;
  const after: Record<string, unknown> = { group: d.group, members: l?.members ?? [], owners: l?.owners ?? [] };
  if (d.additive) after.additive = true;
  for (const f of fields) after[f.path] = f.after;
  const added = [...members.ops.add, ...owners.ops.add];
  return {
    kind: 'membership', address: membershipAddress(d.group), action: l ? 'update' : 'create', fields, before, after, ops,
    reason: restoring ? 'settles_after_restore' : l ? 'members_changed' : 'missing',
    dependsOn: [groupAddress(d.group), ...new Set(added.filter((a) => a.startsWith('user:') || a.startsWith('group:') || a.startsWith('guest:'))), ...leaverMailboxes(delta.remove, ctx)],
  };
}

/**
 * Microsoft restores a Microsoft 365 group with its members ("object, properties, and members": microsoft-365/admin/
 * create-groups/restore-deleted-group.md in MicrosoftDocs/microsoft-365-docs), but Graph lists none while it is
 * deleted (GET /directory/deletedItems/{id} returns the object alone: directory-deleteditems-get.md). So the plan adds
 * the declared ones (one already there is done) and the next plan removes the old ones the YAML does not name.
 */
function settlesAfterRestore(d: DesiredMembership): Diagnostic {
  return {
    severity: 'info', address: membershipAddress(d.group), path: d.path,
    summary: `${groupAddress(d.group)} returns from deleted items with its old members and owners, which cannot be read before the restore: this plan adds the declared ones, and the next plan removes any old one the YAML does not name`,
  };
}

export function diffMemberships(desired: DesiredMembership[], live: LiveMembership[], ctx: DiffContext): DiffResult {
  // A leaver being deleted leaves every group with the deletion, a kept one included: neither added nor removed here.
  const retired = retiredLeavers(ctx.tenant, ctx.now);
  const gone = (r: Ref) => r.ref.startsWith('user:') && retired.has(normalKey(r.ref.slice(5)));
  const want = desired.flatMap((d) => LISTS.flatMap((list) => refsOf(d.group, list, d[list] ?? []))).filter((r) => !gone(r));
  const have = live.flatMap((l) => LISTS.flatMap((list) => refsOf(l.group, list, l[list], l.ids))).filter((r) => !gone(r));
  const plan = reconcileChildren(rules, desired.map(decl), want, have, { ...ctx, complete: false, protected: ctx.tenant.policy?.protected ?? [] }, live);
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const changes: ProposedChange[] = [];
  const byGroup = new Map(desired.map((d) => [addressOf(d), d]));
  for (const delta of plan.parents) {
    const d = byGroup.get(membershipAddress(delta.decl.key))!;
    if (delta.parent?.dynamic) {
      diagnostics.push({ severity: 'error', summary: `${groupAddress(d.group)} has dynamic membership; its members cannot be listed`, address: addressOf(d), path: `${d.path}.members` });
      continue;
    }
    const change = changeOf(d, delta, ctx);
    if (change) changes.push(change);
    if (delta.parent?.restoring) diagnostics.push(settlesAfterRestore(d));
  }
  return { changes, diagnostics };
}
