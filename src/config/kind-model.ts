// The kinds' descriptions, checked once and turned into what the loader needs: merge keys by path, the keyed sections
// (duplicates), where references are offered and used, and which schema file owns each top-level key. A registry
// that contradicts itself (two keys for one section, a child of no parent) is refused before any file is read.
import type { KindSpec, ListKey, RefOffer, RefUse } from './kind-spec.js';
import { topKey } from './kind-spec.js';

export class KindRegistryError extends Error {
  override name = 'KindRegistryError';
}

export interface KeyedSection {
  section: string;
  key: ListKey;
  /** How the key is named in a duplicate error. */
  label: string;
}

/** A section's entries (a list, or one object) and what the kinds living in them offer and use, in registry order. */
export interface SectionRefs {
  section: string;
  list: boolean;
  offers: RefOffer[];
  uses: RefUse[];
}

export interface KindModel {
  specs: readonly KindSpec[];
  /** Merge keys of keyed lists by their normalised path (`[]` stands for any index): `users[].licenses`. */
  listKeys: ReadonlyMap<string, ListKey>;
  /** Lists of keyed entries, in registry order: a key may be declared once per list. */
  keyed: readonly KeyedSection[];
  /** Sections in the order the registry first names them. */
  refs: readonly SectionRefs[];
  /** The schema file of each top-level key the kinds own, in registry order. */
  schemas: ReadonlyMap<string, string>;
  /** Reference types some kind declares (`user`, `group`, `recipient`, ...), with the section that declares each. */
  offered: ReadonlyMap<string, string>;
}

const cache = new WeakMap<readonly KindSpec[], KindModel>();

/** The model of a registry (computed once per registry array). */
export function describeKinds(specs: readonly KindSpec[]): KindModel {
  let model = cache.get(specs);
  if (!model) cache.set(specs, (model = build(specs)));
  return model;
}

function build(specs: readonly KindSpec[]): KindModel {
  const byName = new Map<string, KindSpec>();
  for (const s of specs) {
    if (byName.has(s.kind)) throw new KindRegistryError(`kind "${s.kind}" is registered twice`);
    byName.set(s.kind, s);
  }
  const listKeys = new Map<string, ListKey>();
  const keyed: KeyedSection[] = [];
  const setKey = (s: KindSpec, path: string, key: ListKey, label?: string) => {
    const had = listKeys.get(path);
    if (had && had.join('|') !== key.join('|')) {
      throw new KindRegistryError(`kind "${s.kind}" keys ${path} by ${key.join('+')}, another kind by ${had.join('+')}`);
    }
    if (had) return;
    listKeys.set(path, key);
    if (label) keyed.push({ section: path, key, label });
  };
  const refs = new Map<string, SectionRefs>();
  const schemas = new Map<string, string>();
  const offered = new Map<string, string>();
  for (const s of specs) {
    checkShape(s, byName);
    const list = s.shape === 'collection' || (s.shape === 'child' && listParent(s, byName));
    if (s.shape === 'collection') setKey(s, s.section, s.listKey!, s.keyLabel ?? s.listKey![0]);
    if (s.parentKey) setKey(s, s.section, s.parentKey, s.parentLabel ?? s.parentKey[0]);
    if (s.shape === 'child' && s.listKey) for (const f of s.fields!) setKey(s, `${s.section}[].${f}`, s.listKey);
    for (const l of s.lists ?? []) setKey(s, `${s.section}[].${l.field}`, l.key);
    const r = refs.get(s.section) ?? { section: s.section, list, offers: [], uses: [] };
    r.offers.push(...(s.offers ?? []));
    r.uses.push(...(s.uses ?? []));
    refs.set(s.section, r);
    for (const o of s.offers ?? []) if (!offered.has(o.type)) offered.set(o.type, s.section);
    if (s.schema) {
      const had = schemas.get(topKey(s.section));
      if (had && had !== s.schema) throw new KindRegistryError(`kind "${s.kind}" names schema ${s.schema} for "${topKey(s.section)}", another kind ${had}`);
      schemas.set(topKey(s.section), s.schema);
    }
  }
  return { specs, listKeys, keyed, refs: [...refs.values()], schemas, offered };
}

function checkShape(s: KindSpec, byName: Map<string, KindSpec>): void {
  const fail = (why: string) => {
    throw new KindRegistryError(`kind "${s.kind}": ${why}`);
  };
  if (!/^[a-z][A-Za-z0-9-]*$/.test(s.prefix)) fail(`address prefix "${s.prefix}" is not a plain name`);
  if (s.shape === 'collection' && !s.listKey?.length) fail('a collection needs a listKey (the key of its entries)');
  if (s.shape === 'singleton' && (s.listKey || s.fields)) fail('a singleton has no listKey and no fields');
  if (s.shape !== 'child') return;
  if (!s.fields?.length) fail('a child needs the fields of its parent\'s entries it lives in');
  if (s.parent === undefined && !s.parentKey) fail('a child needs its parent kind, or the key of its parent section');
  if (s.parent !== undefined) {
    const p = byName.get(s.parent);
    if (!p) fail(`its parent kind "${s.parent}" is not registered`);
    else if (p.section !== s.section) fail(`it lives in ${s.section}, its parent "${s.parent}" in ${p.section}`);
  }
}

/** Whether a child's parent section is a list (a collection's, or one keyed by `parentKey`). */
function listParent(s: KindSpec, byName: Map<string, KindSpec>): boolean {
  return s.parentKey !== undefined || byName.get(s.parent ?? '')?.shape === 'collection';
}
