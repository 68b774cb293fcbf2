// The pure GDAP diff: create, lock, role changes (in place while `created`, else a successor relationship), access
// assignments on the active relationship, the end of a replacement, and status diagnostics.
import type { Diagnostic, GdapOps } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { declaredEntries, reconcile, type Collection } from '../shared/reconcile.js';
import {
  KIND, address, approvalLink, roleIds, successorName, type DesiredGdap, type LiveAccess, type LiveGdap, type LiveRelationship,
} from './model.js';

export interface DesiredAccess { group: string; groupId: string; roles: string[] }
export interface GdapFacts { groups: Record<string, string>; ambiguousGroups?: Record<string, string[]> }

const DAY = 86_400_000;
const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function resolveAccess(d: DesiredGdap, roles: string[], facts: GdapFacts, diagnostics: Diagnostic[]): DesiredAccess[] | undefined {
  let ok = true;
  const out = (d.access ?? []).map((a, i) => {
    const groupId = facts.groups[a.group.toLowerCase()];
    const several = facts.ambiguousGroups?.[a.group.toLowerCase()];
    const r = roleIds(a.roles);
    const outside = r.ids.filter((x) => !roles.includes(x));
    const where = { address: address(d), path: `${d.path}.access[${i}].group` };
    if (several) {
      diagnostics.push({ severity: 'error', summary: `partner security group '${a.group}': ${several.length} groups in the partner tenant have this name (ids ${several.join(', ')}); tenantform will not guess which one the YAML means`, detail: 'rename one of the groups in the partner tenant, then plan again', ...where });
    } else if (!groupId) diagnostics.push({ severity: 'error', summary: `partner security group '${a.group}' not found in the partner tenant`, ...where });
    if (r.unknown.length || outside.length) {
      diagnostics.push({ severity: 'error', summary: `access for '${a.group}' names roles that are not roles of the relationship: ${[...r.unknown, ...outside].join(', ')}`, address: address(d), path: `${d.path}.access[${i}].roles` });
    }
    ok &&= Boolean(groupId) && r.unknown.length === 0 && outside.length === 0;
    return { group: a.group, groupId: groupId ?? '', roles: r.ids };
  });
  return ok ? out.sort((a, b) => a.groupId.localeCompare(b.groupId)) : undefined;
}

export function accessDelta(live: LiveAccess[], want: DesiredAccess[]) {
  const add = want.filter((w) => !live.some((l) => l.groupId === w.groupId));
  const change = want.filter((w) => live.some((l) => l.groupId === w.groupId && !same(l.roles, w.roles)));
  const remove = live.filter((l) => !want.some((w) => w.groupId === l.groupId));
  return { add, change, remove };
}

function statusDiagnostics(d: DesiredGdap, t: LiveRelationship, now: number): Diagnostic[] {
  const where = { address: address(d), path: d.path };
  if (t.status === 'approvalPending') {
    return [{ severity: 'info', summary: `GDAP relationship '${t.displayName}' awaits the customer's approval`, detail: `approval link for the customer's Global Administrator: ${approvalLink(t.id)}`, ...where }];
  }
  const end = t.endDateTime ? Date.parse(t.endDateTime) : undefined;
  if (end !== undefined && t.autoExtendDuration !== 'P180D' && end - now < 30 * DAY) {
    return [{ severity: 'warning', summary: `GDAP relationship '${t.displayName}' expires on ${t.endDateTime?.slice(0, 10) ?? ''}`, detail: 'it is not auto-extended; renew it or set autoExtend: P180D', ...where }];
  }
  return [];
}

function planOne(d: DesiredGdap, l: LiveGdap | undefined, facts: GdapFacts, now: Date, diagnostics: Diagnostic[]): ProposedChange | undefined {
  const key = address(d);
  const { ids: roles, unknown } = roleIds(d.roles);
  if (unknown.length) {
    diagnostics.push({ severity: 'error', summary: `unknown Entra role(s) ${unknown.join(', ')}`, address: key, path: `${d.path}.roles` });
    return undefined;
  }
  const access = resolveAccess(d, roles, facts, diagnostics);
  if (!access) return undefined;
  const open = (l?.generations ?? []).filter(isOpen);
  const before = l ? { ...l } : null;
  const spec = { roles, duration: d.duration, autoExtendDuration: d.autoExtend ?? 'PT0S', access };
  if (!l) {
    return { kind: KIND, address: key, action: 'create', before: null, after: { displayName: d.displayName, ...spec }, reason: 'missing', fields: [{ path: 'roles', after: d.roles }, { path: 'duration', after: d.duration }], ops: creation(d.displayName, spec) };
  }
  const target = open[open.length - 1];
  if (!target) {
    const last = l.generations[l.generations.length - 1];
    diagnostics.push({ severity: 'error', summary: `GDAP relationship '${last?.displayName ?? d.displayName}' expired on ${last?.endDateTime?.slice(0, 10) ?? '?'}`, detail: 'give the relationship a new displayName to request a new one from the customer', address: key, path: `${d.path}.displayName` });
    return undefined;
  }
  if (!same(target.roles, roles)) {
    const fields = [{ path: 'roles', before: target.roles, after: roles }];
    if (target.status === 'created') {
      const ops: GdapOps = { op: 'gdap', type: 'patch', id: target.id, etag: target.etag, roles, duration: spec.duration, autoExtendDuration: spec.autoExtendDuration };
      return { kind: KIND, address: key, action: 'update', before, after: { id: target.id, ...spec }, reason: 'roles_changed', fields, ops };
    }
    const displayName = successorName(d.displayName, target.generation + 1);
    return {
      kind: KIND, address: key, action: 'replace', before, destructive: true, reason: 'roles_changed_on_active', fields,
      after: { displayName, replaces: target.id, ...spec }, ops: creation(displayName, spec),
    };
  }
  if (target.status === 'created') {
    return { kind: KIND, address: key, action: 'update', before, after: { id: target.id, status: 'approvalPending' }, reason: 'not_locked', fields: [{ path: 'status', before: 'created', after: 'approvalPending' }], ops: { op: 'gdap', type: 'lock', id: target.id } };
  }
  diagnostics.push(...statusDiagnostics(d, target, now.getTime()));
  if (target.status !== 'active' && target.status !== 'expiring') return undefined;
  return sync(target, open, spec, key, before);
}

type Spec = { roles: string[]; duration: string; autoExtendDuration: string; access: DesiredAccess[] };

const creation = (displayName: string, spec: Spec): GdapOps => ({ op: 'gdap', type: 'create', displayName, roles: spec.roles, duration: spec.duration, autoExtendDuration: spec.autoExtendDuration });

/** Access assignments of the active relationship, its auto-extension, and the end of predecessors it replaced. */
function sync(target: LiveRelationship, open: LiveRelationship[], spec: Spec, key: string, before: Record<string, unknown> | null): ProposedChange | undefined {
  const delta = accessDelta(target.access, spec.access);
  const terminate = open.filter((g) => g !== target && g.status === 'active').map((g) => g.id);
  const fields = [];
  if (delta.add.length || delta.change.length || delta.remove.length) {
    fields.push({ path: 'access', before: target.access.map((a) => ({ groupId: a.groupId, roles: a.roles })), after: spec.access, added: [...delta.add, ...delta.change].map((a) => a.group), removed: delta.remove.map((a) => a.groupId) });
  }
  const extend = target.autoExtendDuration !== spec.autoExtendDuration;
  if (extend) fields.push({ path: 'autoExtend', before: target.autoExtendDuration, after: spec.autoExtendDuration });
  if (terminate.length) fields.push({ path: 'predecessors', before: terminate, after: [], removed: terminate });
  if (!fields.length) return undefined;
  const live = (groupId: string): LiveAccess => target.access.find((x) => x.groupId === groupId)!;
  const ops: GdapOps = {
    op: 'gdap', type: 'sync', id: target.id, terminate,
    add: delta.add.map((a) => ({ groupId: a.groupId, roles: a.roles })),
    change: delta.change.map((a) => ({ id: live(a.groupId).id, etag: live(a.groupId).etag, roles: a.roles })),
    remove: delta.remove.map((a) => ({ id: a.id, etag: a.etag })),
    ...(extend ? { autoExtend: { etag: target.etag, duration: spec.autoExtendDuration } } : {}),
  };
  return { kind: KIND, address: key, action: 'update', before, after: { id: target.id, ...spec }, reason: terminate.length ? 'replacement_approved' : 'field_changed', fields, ops };
}

const isOpen = (g: LiveRelationship): boolean => g.status !== 'expired';

/** Ends every open generation; a name whose relationships all expired has nothing left to end. */
function remove(l: LiveGdap, reason: 'ensure_absent' | 'pruned'): ProposedChange | undefined {
  if (!l.generations.some(isOpen)) return undefined;
  const ops: GdapOps = {
    op: 'gdap', type: 'terminate',
    terminate: l.generations.filter((g) => g.status === 'active' || g.status === 'expiring').map((g) => g.id),
    discard: l.generations.filter((g) => g.status === 'created').map((g) => ({ id: g.id, etag: g.etag })),
    pending: l.generations.filter((g) => g.status === 'approvalPending').map((g) => g.displayName),
  };
  return { kind: KIND, address: address(l), action: 'delete', fields: [], before: { ...l }, after: null, destructive: true, reason, ops };
}

export function diffGdap(desired: DesiredGdap[], live: LiveGdap[], ctx: Pick<DiffContext, 'now' | 'prune' | 'complete' | 'facts'>): DiffResult {
  const facts = { groups: {}, ...ctx.facts } as GdapFacts;
  const diagnostics: Diagnostic[] = [];
  const relationships: Collection<DesiredGdap, LiveGdap> = {
    ...declaredEntries<DesiredGdap, LiveGdap>(KIND, address, (l) => l.id),
    create: (d) => planOne(d, undefined, facts, ctx.now, diagnostics),
    update: (d, l) => planOne(d, l, facts, ctx.now, diagnostics),
    remove,
    notOurs: (l) => (l.generations.some(isOpen) ? undefined : 'expired'),
  };
  const out = reconcile(relationships, desired, live, ctx);
  return { changes: out.changes, diagnostics: [...diagnostics, ...out.diagnostics], unmanaged: out.unmanaged };
}
