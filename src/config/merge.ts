// Merging baselines into a tenant: maps deep-merge (the overriding side wins), lists of keyed objects merge by their
// key, `policy.protected` is a union (a baseline's protection is never lost), any other list is replaced.
import { entryKey, normalName, type ListKey } from './kind-spec.js';
import { isContainer, isPlainObject, type SourcePositions } from './positions.js';

type KeyFn = (item: Record<string, unknown>) => string | undefined;

/** Keyed lists of config's own sections; the kinds' keyed lists come from their descriptions (`KindModel.listKeys`). */
const OWN_LIST_KEYS: Record<string, KeyFn> = {
  'policy.ignore': (i) =>
    typeof i.address === 'string' ? `${normalName(i.address)}|${(Array.isArray(i.fields) ? i.fields : []).join(',')}` : undefined,
};

const UNION_LISTS = new Set(['policy.protected']);

/** Where the merge is: the source positions to carry over, the kinds' list keys and the normalised path so far. */
export interface MergeContext {
  sp: SourcePositions;
  listKeys: ReadonlyMap<string, ListKey>;
}

export function mergeValues(base: unknown, over: unknown, mc: MergeContext, pattern = ''): unknown {
  const { sp } = mc;
  if (isPlainObject(base) && isPlainObject(over)) return mergeMaps(base, over, mc, pattern);
  if (Array.isArray(base) && Array.isArray(over)) {
    const key = mc.listKeys.get(pattern);
    const keyFn: KeyFn | undefined = key ? (item) => entryKey(item, key) : OWN_LIST_KEYS[pattern];
    if (keyFn) return mergeKeyed(base, over, keyFn, mc, `${pattern}[]`);
    if (UNION_LISTS.has(pattern)) return mergeUnion(base, over, sp);
  }
  return over;
}

function mergeMaps(base: Record<string, unknown>, over: Record<string, unknown>, mc: MergeContext, pattern: string) {
  const { sp } = mc;
  const out: Record<string, unknown> = {};
  const own = sp.ownPos(over) ?? sp.ownPos(base);
  if (own) sp.setOwn(out, own);
  for (const [k, v] of Object.entries(base)) copyChild(out, k, v, base, sp);
  for (const [k, v] of Object.entries(over)) {
    const childPattern = pattern === '' ? k : `${pattern}.${k}`;
    if (k in base) {
      out[k] = mergeValues(base[k], v, mc, childPattern);
      const pos = sp.child(over, k);
      if (pos) sp.setChild(out, k, pos);
    } else copyChild(out, k, v, over, sp);
  }
  return out;
}

function mergeKeyed(base: unknown[], over: unknown[], keyFn: KeyFn, mc: MergeContext, pattern: string): unknown[] {
  const { sp } = mc;
  const out: unknown[] = [];
  const overByKey = new Map<string, number>();
  over.forEach((item, i) => {
    const k = isPlainObject(item) ? keyFn(item) : undefined;
    if (k !== undefined && !overByKey.has(k)) overByKey.set(k, i);
  });
  const used = new Set<number>();
  base.forEach((item, i) => {
    const k = isPlainObject(item) ? keyFn(item) : undefined;
    const j = k === undefined ? undefined : overByKey.get(k);
    if (j === undefined) return copyChild(out, out.length, item, base, sp, i);
    used.add(j);
    const merged = mergeValues(item, over[j], mc, pattern);
    const pos = sp.child(over, j);
    if (pos) sp.setChild(out, out.length, pos);
    sp.setOrigin(out, out.length, sp.origin(over, j));
    out.push(merged);
  });
  over.forEach((item, j) => {
    if (!used.has(j)) copyChild(out, out.length, item, over, sp, j);
  });
  return out;
}

function mergeUnion(base: unknown[], over: unknown[], sp: SourcePositions): unknown[] {
  const out: unknown[] = [];
  const seen = new Set<string>();
  const add = (list: unknown[]) =>
    list.forEach((item, i) => {
      const k = typeof item === 'string' ? item.toLowerCase() : JSON.stringify(item);
      if (seen.has(k)) return;
      seen.add(k);
      copyChild(out, out.length, item, list, sp, i);
    });
  add(base);
  add(over);
  return out;
}

function copyChild(
  target: Record<string, unknown> | unknown[],
  key: string | number,
  value: unknown,
  source: object,
  sp: SourcePositions,
  sourceKey: string | number = key,
): void {
  (target as Record<string, unknown>)[key] = value;
  const pos = sp.child(source, sourceKey);
  if (pos) sp.setChild(target, key, pos);
  if (Array.isArray(target) && Array.isArray(source)) sp.setOrigin(target, Number(key), sp.origin(source, Number(sourceKey)));
}

/** Replaces `${tenant.x}` in every string of a (baseline) value, in place. Returns the unknown placeholders found. */
export function substitutePlaceholders(
  value: unknown,
  vars: Record<string, string | undefined>,
  onUnknown: (container: object, key: string, name: string) => void,
): void {
  if (!isContainer(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' && v.includes('${')) {
      (value as Record<string, unknown>)[k] = v.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
        const rep = vars[name];
        if (rep === undefined) {
          onUnknown(value, k, name);
          return whole;
        }
        return rep;
      });
    } else substitutePlaceholders(v, vars, onUnknown);
  }
}
