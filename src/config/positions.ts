// Source positions for loaded values. Positions hang off the container objects (a WeakMap keyed by identity), so
// they survive merging: a merged container copies the position of each child from whichever side won.
import type { SourceLocation } from './model.js';

export type Container = Record<string, unknown> | unknown[];

export class SourcePositions {
  private readonly children = new WeakMap<object, Map<string, SourceLocation>>();
  private readonly own = new WeakMap<object, SourceLocation>();
  /** For list items that moved in a merge: their index in the list of the file they came from. */
  private readonly origins = new WeakMap<object, Map<string, number>>();

  setChild(container: object, key: string | number, pos: SourceLocation): void {
    let map = this.children.get(container);
    if (!map) this.children.set(container, (map = new Map()));
    map.set(String(key), pos);
  }

  child(container: object, key: string | number): SourceLocation | undefined {
    return this.children.get(container)?.get(String(key));
  }

  setOrigin(list: unknown[], index: number, fileIndex: number): void {
    let map = this.origins.get(list);
    if (!map) this.origins.set(list, (map = new Map()));
    map.set(String(index), fileIndex);
  }

  /** The index of `list[index]` in its own file's list (itself unless a merge moved it). */
  origin(list: unknown[], index: number): number {
    return this.origins.get(list)?.get(String(index)) ?? index;
  }

  /**
   * `path` with each list index counted within `file` where the item comes from that file: `users[2]` of a merged
   * tenant is `users[0]` of the tenant's own users.yaml when a baseline contributed two users before it.
   */
  localPath(root: object, path: string, file: string): string {
    const out: Array<string | number> = [];
    let node: unknown = root;
    for (const seg of parsePath(path)) {
      if (Array.isArray(node) && /^\d+$/.test(seg)) {
        const i = Number(seg);
        out.push(this.child(node, i)?.file === file ? this.origin(node, i) : i);
        node = node[i];
      } else {
        out.push(seg);
        node = isContainer(node) ? (node as Record<string, unknown>)[seg] : undefined;
      }
    }
    return formatPath(out);
  }

  setOwn(container: object, pos: SourceLocation): void {
    this.own.set(container, pos);
  }

  ownPos(container: object): SourceLocation | undefined {
    return this.own.get(container);
  }

  /** Finds a path like `users[3].licenses[0].sku`; falls back to the deepest ancestor that has a position. */
  locate(root: object, path: string): SourceLocation | undefined {
    let node: unknown = root;
    let best = this.ownPos(root);
    for (const seg of parsePath(path)) {
      if (!isContainer(node)) break;
      const pos = this.child(node, seg);
      if (!pos) break;
      best = pos;
      node = (node as Record<string, unknown>)[seg];
    }
    return best;
  }
}

export function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `users[3].usageLocation` → ['users', '3', 'usageLocation']. */
export function parsePath(path: string): string[] {
  const out: string[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push((m[1] ?? m[2]) as string);
  return out;
}

/** ['users', 3, 'usageLocation'] → `users[3].usageLocation`. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

/** A deep copy that carries the positions along (baselines are shared between tenants, then mutated per tenant). */
export function cloneLocated<T>(value: T, sp: SourcePositions): T {
  if (!isContainer(value)) return value;
  const copy: Container = Array.isArray(value) ? [] : {};
  const own = sp.ownPos(value);
  if (own) sp.setOwn(copy, own);
  for (const [k, v] of Object.entries(value)) {
    (copy as Record<string, unknown>)[k] = cloneLocated(v, sp);
    const pos = sp.child(value, k);
    if (pos) sp.setChild(copy, k, pos);
    if (Array.isArray(value)) sp.setOrigin(copy as unknown[], Number(k), sp.origin(value, Number(k)));
  }
  return copy as T;
}
