// Pure diff of members and owners: authoritative lists add and remove, additive ones only add. Every added member
// that is itself declared (a user or group created in the same plan) is a dependency.
import type { Diagnostic, FieldChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { groupAddress } from '../shared/refs.js';
import { addressOf, type DesiredMembership, type LiveMembership } from './model.js';

function listChange(path: 'members' | 'owners', want: string[] | undefined, have: string[], additive: boolean): FieldChange | undefined {
  if (want === undefined) return undefined;
  const added = want.filter((a) => !have.includes(a));
  const removed = additive ? [] : have.filter((a) => !want.includes(a));
  if (!added.length && !removed.length) return undefined;
  const after = additive ? [...new Set([...have, ...want])].sort() : want;
  return { path, before: have, after, added, removed };
}

export function diffMemberships(desired: DesiredMembership[], live: LiveMembership[], _ctx: DiffContext): DiffResult {
  const liveBy = new Map(live.map((l) => [addressOf(l), l]));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const d of desired) {
    const address = addressOf(d);
    const l = liveBy.get(address);
    if (l?.dynamic) {
      diagnostics.push({ severity: 'error', summary: `${groupAddress(d.group)} has dynamic membership; its members cannot be listed`, address, path: `${d.path}.members` });
      continue;
    }
    const fields = [
      listChange('members', d.members, l?.members ?? [], d.additive),
      listChange('owners', d.owners, l?.owners ?? [], d.additive),
    ].filter((f): f is FieldChange => f !== undefined);
    if (!fields.length) continue;
    const added = fields.flatMap((f) => (f.added ?? []) as string[]);
    const before = l ? { group: d.group, members: l.members, owners: l.owners, ids: l.ids } : null;
    const after: Record<string, unknown> = { group: d.group, members: d.members ?? l?.members ?? [], owners: d.owners ?? l?.owners ?? [] };
    if (d.additive) after.additive = true;
    for (const f of fields) after[f.path] = f.after;
    changes.push({
      kind: 'membership', address, action: l ? 'update' : 'create', fields, before, after,
      reason: l ? 'members_changed' : 'missing',
      dependsOn: [groupAddress(d.group), ...new Set(added.filter((a) => a.startsWith('user:') || a.startsWith('group:')))],
    });
  }
  return { changes, diagnostics };
}
