// The reconcile loop of every child kind (licenses, directory roles, members and owners, mailbox and calendar
// permissions), decided once: children are keyed by (parent, list, child), each part normalised as the service
// compares it; a parent or child key that two live objects share is an error naming both, never a silent pick; a
// declared list adds what it lacks, and removes what it does not name unless it is additive; children of parents or
// lists the YAML does not declare are pruned only when prune is on and the read was complete; a protected principal
// (`policy.protected`) never loses a child: a membership, permission, license or role. A kind
// supplies the keys and the shape of its changes and ops; it never matches children itself.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext } from '../contract.js';
import { ambiguity, normalKey, ownAccess } from './reconcile.js';

export { ambiguity };

export type ListMode = 'authoritative' | 'additive';

/** One declared parent: the lists of children the YAML states for it, each authoritative unless additive. */
export interface ParentDecl {
  key: string;
  /** Config path of the declaring entry (`users[2]`), for diagnostics. */
  path: string;
  lists: Record<string, ListMode>;
}

export interface Children<P, D, L> {
  kind: string;
  /** The parent's address for diagnostics (`group:finance`). */
  parentAddress(key: string): string;
  /** Live parents, when this kind reads them (a group for its members); their key and id. */
  parentKey?(p: P): string;
  parentId?(p: P): string;
  /** Parent key, list name and child key of a desired or live child; the core normalises them. */
  parentOf(c: D | L): string;
  listOf(c: D | L): string;
  childOf(c: D | L): string;
  /** The live child's id, to name the candidates of an ambiguous key. */
  childId(l: L): string;
  /** True when the live child already is as declared (license plans, calendar access); default: always. */
  same?(d: D, l: L): boolean;
  /** Never removed, whatever the list says (a calendar's Default entry). */
  keep?(l: L): boolean;
  /** Whom a live child grants something: the child (a member, a trustee) unless said otherwise (a license's user). */
  principalOf?(l: L): string;
  /** The ids of whom a live child gives access (object id, app id): tenantform's own access is never removed. */
  grantee?(l: L): readonly string[];
}

/** What one declared parent needs: the core's verdict, which the kind turns into changes and ops. */
export interface ChildDelta<P, D, L> {
  decl: ParentDecl;
  /** The one live parent with this key, when parents are read. */
  parent?: P;
  /** Every live child of this parent, declared list or not, as read. */
  have: L[];
  add: D[];
  update: { d: D; l: L }[];
  remove: L[];
}

export interface ChildrenPlan<P, D, L> {
  /** Declared parents that are not ambiguous, in declaration order, changed or not. */
  parents: ChildDelta<P, D, L>[];
  /** Live children of undeclared parents or lists: to delete (prune on, read complete). */
  pruned: L[];
  /** Live children outside every declared list, counted when the read was complete. */
  unmanaged: number;
  diagnostics: Diagnostic[];
}

const SEP = '\u0000';

/** Objects grouped by normalised key, keeping every object of a key so that a shared key is seen. */
export function byKey<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const k = normalKey(keyOf(t));
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}

/**
 * Whether a key names a protected principal: entries are bare keys (`breakglass@contoso.com`) or addresses
 * (`user:breakglass@contoso.com`), matched either way, in any case.
 */
export function protects(entries: readonly string[]): (key: string) => boolean {
  const norm = entries.map(normalKey);
  return (key) => {
    const k = normalKey(key);
    return norm.some((e) => e === k || k.endsWith(`:${e}`) || e.endsWith(`:${k}`));
  };
}

function childKey<P, D, L>(c: Children<P, D, L>, o: D | L): string {
  return [c.parentOf(o), c.listOf(o), c.childOf(o)].map(normalKey).join(SEP);
}

/** The live parent of a declaration: one, none, or an ambiguity diagnostic. */
function parentOfDecl<P, D, L>(c: Children<P, D, L>, decl: ParentDecl, parents: Map<string, P[]> | undefined, out: Diagnostic[]): { ok: boolean; parent?: P } {
  const found = parents?.get(normalKey(decl.key)) ?? [];
  if (found.length <= 1) return { ok: true, ...(found[0] !== undefined ? { parent: found[0] } : {}) };
  out.push(ambiguity(c.parentAddress(decl.key), 'live objects', found.map((p) => c.parentId!(p)), decl.path));
  return { ok: false };
}

interface Guard {
  isProtected: (key: string) => boolean;
  caller: DiffContext['caller'];
  out: Diagnostic[];
}

/** False for a child kept whatever the YAML says; with a warning when it is a protected principal's or tenantform's. */
function removable<P, D, L>(c: Children<P, D, L>, l: L, guard: Guard): boolean {
  if (c.keep?.(l)) return false;
  const own = ownAccess(guard.caller, c.grantee?.(l));
  if (!own && !guard.isProtected(c.principalOf?.(l) ?? c.childOf(l))) return true;
  const address = c.parentAddress(c.parentOf(l));
  const why = own ? "is tenantform's own access" : 'is protected';
  guard.out.push({ severity: 'warning', summary: `${address}: ${c.listOf(l)} ${c.childOf(l)} ${why}; its planned removal was dropped`, address });
  return false;
}

function deltaOf<P, D, L>(c: Children<P, D, L>, decl: ParentDecl, want: readonly D[], have: L[], guard: Guard): Omit<ChildDelta<P, D, L>, 'parent'> | undefined {
  const out = guard.out;
  const live = byKey(have, (l) => childKey(c, l));
  const clash = [...live.values()].find((ls) => ls.length > 1);
  if (clash) {
    out.push(ambiguity(`${c.parentAddress(decl.key)} ${c.listOf(clash[0]!)} ${c.childOf(clash[0]!)}`, 'live entries', clash.map((l) => c.childId(l)), decl.path));
    return undefined;
  }
  const delta = { decl, have, add: [] as D[], update: [] as { d: D; l: L }[], remove: [] as L[] };
  const wanted = new Set<string>();
  for (const d of want) {
    const k = childKey(c, d);
    if (wanted.has(k)) continue;
    wanted.add(k);
    const l = live.get(k)?.[0];
    if (l === undefined) delta.add.push(d);
    else if (c.same && !c.same(d, l)) delta.update.push({ d, l });
  }
  for (const l of have) {
    if (decl.lists[c.listOf(l)] === 'authoritative' && !wanted.has(childKey(c, l)) && removable(c, l, guard)) delta.remove.push(l);
  }
  return delta;
}

/**
 * Plans the children of every declared parent. `parents` is given when the kind reads its parents (members of a
 * group): a declared parent that two live objects share is then an error, and nothing is planned for it.
 */
export function reconcileChildren<P, D, L>(
  c: Children<P, D, L>,
  decls: readonly ParentDecl[],
  desired: readonly D[],
  live: readonly L[],
  ctx: Pick<DiffContext, 'prune' | 'complete' | 'caller'> & { protected?: readonly string[] },
  parents?: readonly P[],
): ChildrenPlan<P, D, L> {
  const diagnostics: Diagnostic[] = [];
  const guard = { isProtected: protects(ctx.protected ?? []), caller: ctx.caller, out: diagnostics };
  const parentsBy = parents && c.parentKey ? byKey(parents, (p) => c.parentKey!(p)) : undefined;
  const wantBy = byKey(desired, (d) => c.parentOf(d));
  const haveBy = byKey(live, (l) => c.parentOf(l));
  const declared = new Map<string, ParentDecl>();
  const out: ChildDelta<P, D, L>[] = [];
  for (const decl of decls) {
    const k = normalKey(decl.key);
    if (declared.has(k)) continue;
    declared.set(k, decl);
    const { ok, parent } = parentOfDecl(c, decl, parentsBy, diagnostics);
    if (!ok) continue;
    const delta = deltaOf(c, decl, wantBy.get(k) ?? [], haveBy.get(k) ?? [], guard);
    if (delta) out.push({ ...delta, ...(parent !== undefined ? { parent } : {}) });
  }
  const pruned: L[] = [];
  let unmanaged = 0;
  for (const l of live) {
    const decl = declared.get(normalKey(c.parentOf(l)));
    if (decl?.lists[c.listOf(l)] !== undefined) continue;
    unmanaged++;
    if (ctx.prune && ctx.complete && removable(c, l, guard)) pruned.push(l);
  }
  return { parents: out, pruned, unmanaged: ctx.complete ? unmanaged : 0, diagnostics };
}
