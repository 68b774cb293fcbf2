// The destructive replace of a group whose type Graph cannot convert in place (security ↔ Microsoft 365: `groupTypes`
// "Unified" is set at creation), planned only when the YAML says `replace: true`. One change with typed ops, so a
// saved plan missing a step differs from the re-derived one and is refused: delete the live group, purge it from
// deleted items, create the declared one. Graph keeps a deleted Microsoft 365 group, address included, in deleted
// items for 30 days; a security group is deleted for good at once (api-reference/v1.0/api/group-delete.md), so only
// a Microsoft 365 group needs the purge (`DELETE /directory/deletedItems/{id}`, directory-deleteditems-delete.md).
import type { TenantConfig } from '../../config/model.js';
import type { GroupReplaceOps, LicenseOps } from '../../plan/types.js';
import type { ProposedChange } from '../contract.js';
import { normalKey } from '../shared/reconcile.js';
import { GRAPH_GROUP_TYPES, addressOf, declaredType, typeOf, type DesiredGroup, type GroupType, type LiveGroup } from './model.js';

/** Only between the Graph types: an Exchange group's type belongs to the distribution-group kind. */
export const replaceable = (d: DesiredGroup, l: LiveGroup): boolean => GRAPH_GROUP_TYPES.has(declaredType(d.spec)) && GRAPH_GROUP_TYPES.has(l.type);

/** A Microsoft 365 group goes to deleted items when deleted, so it must be purged before its address is free. */
const softDeleted = (l: LiveGroup): boolean => l.type === 'microsoft365';

export function replaceOps(l: LiveGroup, type: GroupType, licenses?: LicenseOps): GroupReplaceOps {
  const steps: GroupReplaceOps['steps'] = [];
  // A group found only in deleted items is purged, not deleted: it is already gone from /groups.
  if (!l.deleted) steps.push('delete');
  if (l.deleted || softDeleted(l)) steps.push('purge');
  steps.push('create');
  return { op: 'replaceGroup', steps, type, ...(licenses ? { licenses } : {}) };
}

export function replacement(d: DesiredGroup, l: LiveGroup, after: Record<string, unknown>, licenses?: LicenseOps): ProposedChange {
  const { id: _id, deleted: _deleted, ...before } = l;
  const type = declaredType(d.spec);
  const fields = [
    { path: 'type', before: l.type, after: type },
    ...Object.entries(after).filter(([p]) => !['mailNickname', 'type'].includes(p)).map(([path, value]) => ({ path, after: value })),
  ];
  return { kind: 'group', address: addressOf(d), action: 'replace', fields, before, after, destructive: true, reason: 'type_changed', ops: replaceOps(l, type, licenses) };
}

/**
 * Whether the plan replaces this live group (the rule above, on the raw read): its members and owners go with it, so
 * the membership kind plans the declared ones as for a new group, after the replace, and a re-plan has nothing left.
 */
export function isReplaced(config: TenantConfig, raw: { mailNickname: string; groupTypes?: string[]; mailEnabled?: boolean; securityEnabled?: boolean }): boolean {
  const spec = (config.groups ?? []).find((g) => normalKey(g.mailNickname) === normalKey(raw.mailNickname));
  if (spec?.replace !== true || spec.ensure === 'absent') return false;
  const live = typeOf(raw);
  return live !== declaredType(spec) && GRAPH_GROUP_TYPES.has(live) && GRAPH_GROUP_TYPES.has(declaredType(spec));
}
