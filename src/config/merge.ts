// Merging baselines into a tenant: maps deep-merge (the overriding side wins), lists of keyed objects merge by their
// key, `policy.protected` is a union (a baseline's protection is never lost), any other list is replaced.
import { isContainer, isPlainObject, type SourcePositions } from './positions.js';

type KeyFn = (item: Record<string, unknown>) => string | undefined;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lower = (v: unknown): string | undefined => str(v)?.toLowerCase();

/** Keys of keyed lists by their normalised path (`[]` stands for any index). Exported for the cross-checks. */
export const LIST_KEYS: Record<string, KeyFn> = {
  users: (u) => lower(u.userPrincipalName),
  groups: (g) => lower(g.mailNickname),
  mailboxes: (m) => lower(m.address),
  contacts: (c) => lower(c.address),
  'azure.subscriptions': (s) => lower(s.id),
  'azure.subscriptions[].roleAssignments': (r) =>
    `${lower(r.principal)}|${lower(r.role)}|${lower(r.scope) ?? ''}`,
  'partner.gdap': (g) => lower(g.displayName),
  conditionalAccess: (p) => lower(p.displayName)?.normalize('NFC'),
  namedLocations: (l) => lower(l.displayName)?.normalize('NFC'),
  'partner.seats': (s) => lower(s.sku),
  'policy.ignore': (i) => `${lower(i.address)}|${(Array.isArray(i.fields) ? i.fields : []).join(',')}`,
  'users[].licenses': (l) => lower(l.sku),
  'groups[].licenses': (l) => lower(l.sku),
};

const UNION_LISTS = new Set(['policy.protected']);

export function mergeValues(base: unknown, over: unknown, sp: SourcePositions, pattern = ''): unknown {
  if (isPlainObject(base) && isPlainObject(over)) return mergeMaps(base, over, sp, pattern);
  if (Array.isArray(base) && Array.isArray(over)) {
    const keyFn = LIST_KEYS[pattern];
    if (keyFn) return mergeKeyed(base, over, keyFn, sp, `${pattern}[]`);
    if (UNION_LISTS.has(pattern)) return mergeUnion(base, over, sp);
  }
  return over;
}

function mergeMaps(base: Record<string, unknown>, over: Record<string, unknown>, sp: SourcePositions, pattern: string) {
  const out: Record<string, unknown> = {};
  const own = sp.ownPos(over) ?? sp.ownPos(base);
  if (own) sp.setOwn(out, own);
  for (const [k, v] of Object.entries(base)) copyChild(out, k, v, base, sp);
  for (const [k, v] of Object.entries(over)) {
    const childPattern = pattern === '' ? k : `${pattern}.${k}`;
    if (k in base) {
      out[k] = mergeValues(base[k], v, sp, childPattern);
      const pos = sp.child(over, k);
      if (pos) sp.setChild(out, k, pos);
    } else copyChild(out, k, v, over, sp);
  }
  return out;
}

function mergeKeyed(base: unknown[], over: unknown[], keyFn: KeyFn, sp: SourcePositions, pattern: string): unknown[] {
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
    const merged = mergeValues(item, over[j], sp, pattern);
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
