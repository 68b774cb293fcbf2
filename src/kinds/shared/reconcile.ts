// The reconcile loop of every collection kind, decided once: normalised keys, matching desired to live, ambiguity
// (two live objects for one key is an error naming both, never a silent pick), `ensure: absent`, create, restore,
// update, prune, and which undeclared objects are this kind's at all. A kind supplies its field comparison and the
// shape of its changes; it never matches objects itself.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';

/** Keys compare as Entra and Exchange compare them: case-insensitive, and in one Unicode form (NFC). */
export const normalKey = (key: string): string => key.normalize('NFC').toLowerCase();

/**
 * Whether a live object gives tenantform itself access: its grantee ids (a principal's object id, an app id) include
 * the caller's. Removing it would cut tenantform off mid-apply and leave the tenant unmanageable, so no plan does.
 */
export function ownAccess(caller: DiffContext['caller'], ids: readonly string[] | undefined): boolean {
  if (!caller || !ids?.length) return false;
  const self = new Set([caller.appId, caller.objectId].map(normalKey));
  return ids.some((id) => self.has(normalKey(id)));
}

/** The refusal of an explicit removal of tenantform's own access. */
export function ownAccessRefused(address: string, path?: string): Diagnostic {
  return {
    severity: 'error',
    summary: `${address}: this is tenantform's own access (its service principal in this tenant); tenantform does not remove it`,
    detail: 'remove the ensure: absent; to offboard the customer, remove the access by hand after the last apply',
    address,
    ...(path ? { path } : {}),
  };
}

export interface Collection<D, L> {
  kind: string;
  /** The address of a desired or live object; the core normalises it before comparing. */
  address(o: D | L): string;
  /** The object id, to name the candidates of an ambiguous key. */
  id(l: L): string;
  /** Config path of a declared entry (`users[2]`), for diagnostics. */
  path(d: D): string;
  absent(d: D): boolean;
  /** A live object found only in the recycle bin (deleted items). */
  deleted?(l: L): boolean;
  /** Declared for reference only (external users): never changed, created or deleted here. */
  referenceOnly?(d: D): boolean;
  create(d: D): ProposedChange | undefined;
  /** Restores a deleted candidate; without it the kind creates anew. */
  restore?(d: D, l: L): ProposedChange | undefined;
  update(d: D, l: L): ProposedChange | undefined;
  /**
   * Deletes a live object: for `ensure: absent` with the declared entry, else pruned. Undefined when the kind keeps
   * it (a user mailbox goes with its user, an expired relationship is already gone), having said why if it must.
   */
  remove(l: L, reason: 'ensure_absent' | 'pruned', d?: D): ProposedChange | undefined;
  /** Why an undeclared live object is not this kind's to prune or count (another kind owns it, a guest, ...). */
  notOurs?(l: L): string | undefined;
  /** Why this change cannot be made from the cloud (a directory-synced object); checked before any change. */
  readOnly?(l: L, change: ProposedChange): string | undefined;
  /** Whom a live object gives access (principal object ids, app ids): tenantform's own is never removed. */
  grantee?(l: L): readonly string[];
}

/**
 * What most collections say alike: entries that carry their config `path` and `ensure`, live objects named by an id
 * (`id` unless the kind names another field).
 */
export function declaredEntries<D extends { path: string; ensure?: string }, L>(
  kind: string,
  address: (o: D | L) => string,
  id: (l: L) => string,
): Pick<Collection<D, L>, 'kind' | 'address' | 'id' | 'path' | 'absent'> {
  return { kind, address, id, path: (d) => d.path, absent: (d) => d.ensure === 'absent' };
}

interface Slot<L> {
  present: L[];
  deleted: L[];
}

function slots<D, L>(c: Collection<D, L>, live: L[]): Map<string, Slot<L>> {
  const out = new Map<string, Slot<L>>();
  for (const l of live) {
    const key = normalKey(c.address(l));
    const slot = out.get(key) ?? { present: [], deleted: [] };
    (c.deleted?.(l) ? slot.deleted : slot.present).push(l);
    out.set(key, slot);
  }
  return out;
}

/** The error for a key that several live objects share: names every id, changes nothing. */
export function ambiguity(address: string, what: string, ids: string[], path?: string): Diagnostic {
  return {
    severity: 'error',
    summary: `${address}: ${ids.length} ${what} have this key (ids ${[...ids].sort().join(', ')}); tenantform will not guess which one the YAML means`,
    detail: 'rename or remove the extra object in the tenant, then plan again',
    address,
    ...(path ? { path } : {}),
  };
}

const ambiguous = <D, L>(c: Collection<D, L>, d: D, found: L[], where: string): Diagnostic =>
  ambiguity(c.address(d), where, found.map((l) => c.id(l)), c.path(d));

function refuseReadOnly<D, L>(c: Collection<D, L>, d: D, l: L, change: ProposedChange | undefined): Diagnostic | undefined {
  const why = change && c.readOnly?.(l, change);
  if (!why || !change) return undefined;
  const what = change.action === 'delete' ? 'delete it' : `change ${change.fields.map((f) => f.path).join(', ')}`;
  return { severity: 'error', summary: `${c.address(d)}: cannot ${what}: ${why}`, address: c.address(d), path: c.path(d) };
}

type Scope = Pick<DiffContext, 'prune' | 'complete' | 'caller'>;

function planDeclared<D, L>(c: Collection<D, L>, d: D, slot: Slot<L> | undefined, diagnostics: Diagnostic[], ctx: Scope): ProposedChange | undefined {
  const present = slot?.present ?? [];
  const deleted = slot?.deleted ?? [];
  if (present.length > 1) {
    diagnostics.push(ambiguous(c, d, present, 'live objects'));
    return undefined;
  }
  if (c.referenceOnly?.(d)) return undefined;
  const l = present[0];
  if (l !== undefined) {
    if (c.absent(d) && ownAccess(ctx.caller, c.grantee?.(l))) {
      diagnostics.push(ownAccessRefused(c.address(d), c.path(d)));
      return undefined;
    }
    const change = c.absent(d) ? c.remove(l, 'ensure_absent', d) : c.update(d, l);
    const refusal = refuseReadOnly(c, d, l, change);
    if (refusal) diagnostics.push(refusal);
    return refusal ? undefined : change;
  }
  if (c.absent(d)) return undefined;
  if (c.restore && deleted.length > 1) {
    diagnostics.push(ambiguous(c, d, deleted, 'deleted objects in the recycle bin'));
    return undefined;
  }
  return c.restore && deleted[0] !== undefined ? c.restore(d, deleted[0]) : c.create(d);
}

export interface Reconciled<L> extends Required<Pick<DiffResult, 'changes' | 'diagnostics' | 'unmanaged'>> {
  /** The undeclared live objects of this kind that were counted (a complete read only), pruned or not. */
  undeclared: L[];
}

/**
 * Plans a collection. Undeclared objects count only when the read was complete, and are pruned only when prune is
 * on; the policy step still drops prune deletes of incomplete reads and protected objects.
 */
export function reconcile<D, L>(c: Collection<D, L>, desired: D[], live: L[], ctx: Scope): Reconciled<L> {
  const bySlot = slots(c, live);
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  const declared = new Set<string>();
  for (const d of desired) {
    const key = normalKey(c.address(d));
    declared.add(key);
    const change = planDeclared(c, d, bySlot.get(key), diagnostics, ctx);
    if (change) changes.push(change);
  }
  const undeclared: L[] = [];
  let kept: { count: number; why: string } | undefined;
  let own = 0;
  if (ctx.complete) {
    for (const [key, slot] of bySlot) {
      if (declared.has(key)) continue;
      for (const l of slot.present) {
        if (c.notOurs?.(l) !== undefined) continue;
        undeclared.push(l);
        if (ctx.prune && ownAccess(ctx.caller, c.grantee?.(l))) {
          own++;
          continue;
        }
        const remove = ctx.prune ? c.remove(l, 'pruned') : undefined;
        const why = remove && c.readOnly?.(l, remove);
        if (why) kept = { count: (kept?.count ?? 0) + 1, why };
        else if (remove) changes.push(remove);
      }
    }
  }
  if (kept) diagnostics.push({ severity: 'info', summary: `${kept.count} undeclared ${c.kind} object(s) are not pruned: ${kept.why}` });
  if (own) diagnostics.push({ severity: 'info', summary: `${own} undeclared ${c.kind} object(s) give tenantform its own access and are never pruned` });
  return { changes, diagnostics, unmanaged: undeclared.length, undeclared };
}
