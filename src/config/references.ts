// Reference checks: every reference a kind's entries use (`RefUse`) must name an object some kind declares
// (`RefOffer`), unless it is an address outside the tenant's domains. Both sides come from the kinds' descriptions.
import type { Issue } from './crosscheck.js';
import type { KindModel, SectionRefs } from './kind-model.js';
import { normalName, sectionOf, valuesAt, type RefUse } from './kind-spec.js';
import { closest } from './suggest.js';

export interface Declared {
  index: number;
  absent: boolean;
  external: boolean;
}

export interface RefIndex {
  /** Declared keys by the reference type the kinds offer (`user`, `group`, `recipient`, ...), first declaration kept. */
  types: Map<string, Map<string, Declared>>;
  /** The section each type is declared under, for messages. */
  sections: ReadonlyMap<string, string>;
  users: Map<string, Declared>;
  groups: Map<string, number>;
  /** Every declared address: users' names and the offered recipients (mailboxes, their aliases, contacts, ...). */
  addresses: Set<string>;
  domains: Set<string>;
}

/** The entries of a section with their index: a list's items (holes skipped), or a single object as index -1. */
export function entriesOf(doc: unknown, r: SectionRefs): Array<[number, unknown]> {
  const value = sectionOf(doc, r.section);
  if (!r.list) return value === undefined ? [] : [[-1, value]];
  return Array.isArray(value) ? Object.keys(value).map((i) => [Number(i), value[Number(i)]]) : [];
}

export const entryPath = (section: string, i: number, rest: string): string => `${section}${i < 0 ? '' : `[${i}]`}${rest ? `.${rest}` : ''}`;

/** Reads the declared keys the registry's kinds offer from a document (merged, or one that failed the schema). */
export function buildIndex(doc: object, domains: readonly string[], model: KindModel): RefIndex {
  const types = new Map<string, Map<string, Declared>>([...model.offered.keys()].map((t) => [t, new Map()]));
  for (const r of model.refs) {
    for (const [index, entry] of entriesOf(doc, r)) {
      if (!isMap(entry)) continue;
      const info = { index, absent: entry.ensure === 'absent', external: entry.external === true };
      for (const o of r.offers) {
        for (const { value } of valuesAt(entry, o.field)) {
          const map = types.get(o.type)!;
          if (typeof value === 'string' && !map.has(normalName(value))) map.set(normalName(value), info);
        }
      }
    }
  }
  const users = types.get('user') ?? new Map<string, Declared>();
  const groups = new Map([...(types.get('group') ?? new Map<string, Declared>())].map(([k, v]) => [k, v.index]));
  const addresses = new Set<string>([...users.keys(), ...(types.get('recipient')?.keys() ?? [])]);
  return { types, sections: model.offered, users, groups, addresses, domains: new Set(domains.map((d) => d.toLowerCase())) };
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Reference types that are not addresses: `group:nick` and any other type a kind offers (`user:` is an address). */
const typedRef = (ref: string, idx: RefIndex): [string, string] | undefined => {
  const m = /^([A-Za-z][A-Za-z0-9-]*):(.+)$/.exec(ref);
  if (!m || m[1] === 'user' || m[1] === 'recipient' || (m[1] !== 'group' && !idx.types.has(m[1]!))) return undefined;
  return [m[1]!, m[2]!];
};

/** Checks one reference (`alice@x`, `user:alice@x`, `group:nick`, `servicePrincipal:<appId>`), of a field using it. */
export function checkReference(ref: string, path: string, idx: RefIndex, out: Issue[], use?: RefUse): void {
  const typed = typedRef(ref, idx);
  if (typed) {
    const [type, name] = typed;
    if (use && !use.types.includes(type)) {
      out.push(err(path, `refers to ${type} "${name}", but ${use.field.replace(/\[\]/g, '')} takes ${use.types.join(' or ')} references only`));
      return;
    }
    const declared = idx.types.get(type) ?? new Map<string, Declared>();
    const key = normalName(name);
    const under = idx.sections.get(type) ?? `${type}s (no kind declares them)`;
    if (!declared.has(key)) out.push(err(path, `refers to ${type} "${name}", which is not declared under ${under}${didYouMean(key, declared.keys(), `${type}:`)}`));
    return;
  }
  if (ref.startsWith('servicePrincipal:')) {
    if (!/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(ref.slice(17))) {
      out.push(err(path, `servicePrincipal reference must name an appId GUID, got "${ref.slice(17)}"`));
    }
    return;
  }
  const address = normalName(ref.replace(/^user:/, ''));
  const user = idx.users.get(address);
  if (user?.absent) {
    out.push(err(path, `refers to user "${address}", which is declared with ensure: absent`));
    return;
  }
  if (user || idx.addresses.has(address)) return;
  if (!idx.domains.has(domainOf(address))) return;
  const hint = didYouMean(address, idx.addresses);
  out.push(err(path, `refers to "${address}", which is not declared under users${hint || ' (declare it, or mark it external: true)'}`));
}

/** ` (did you mean "group:finance"?)` when a declared name is a likely typo's target; else empty. */
function didYouMean(name: string, declared: Iterable<string>, prefix = ''): string {
  const hint = closest(name, declared);
  return hint === undefined ? '' : ` (did you mean "${prefix}${hint}"?)`;
}

/** Every reference the kinds' entries use, section by section, entry by entry, in the registry's order of uses. */
export function checkAllReferences(doc: object, idx: RefIndex, model: KindModel, out: Issue[]): void {
  for (const r of model.refs) {
    if (!r.uses.length) continue;
    for (const [i, entry] of entriesOf(doc, r)) {
      for (const use of r.uses) {
        for (const { value, path } of valuesAt(entry, use.field)) {
          if (typeof value === 'string' && !use.except?.includes(value)) checkReference(value, entryPath(r.section, i, path), idx, out, use);
        }
      }
    }
  }
}

function err(path: string, message: string): Issue {
  return { severity: 'error', path, message };
}

type Doc = Record<string, unknown>;
const isMap = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The reference errors of a document that failed the schema, so that one run of validate shows both. Items with a
 * schema error are not checked (their fields may be of any type), but any item with a usable key still counts as
 * declared, so a typo in one user's field does not make every reference to that user an error too. Lists keep
 * their indices (the skipped items are holes, which the walk passes over), so paths stay the document's.
 */
export function referencesDespiteSchema(doc: Doc, schemaPaths: string[], model: KindModel): Issue[] {
  const under = (prefix: string) => schemaPaths.some((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
  if (schemaPaths.includes('') || under('tenant') || !isMap(doc.tenant)) return [];
  const checked: Doc = { tenant: doc.tenant };
  const declared: Doc = { tenant: doc.tenant };
  for (const r of model.refs) {
    const value = sectionOf(doc, r.section);
    if (!reachable(doc, r.section, schemaPaths) || value === undefined) continue;
    if (!r.list) {
      if (!under(r.section)) place(checked, r.section, value);
      continue;
    }
    if (!Array.isArray(value)) continue;
    const keyField = r.offers[0]?.field;
    place(checked, r.section, holes(value, (item, i) => !under(`${r.section}[${i}]`)));
    // Declared: any map whose first offered key is a string, whatever else is wrong with it.
    place(declared, r.section, holes(value, (item) => isMap(item) && (keyField === undefined || typeof item[keyField] === 'string')));
  }
  const out: Issue[] = [];
  const domains = Array.isArray(doc.tenant.domains) ? doc.tenant.domains.filter((d): d is string => typeof d === 'string') : [];
  checkAllReferences(checked, buildIndex(declared, domains, model), model, out);
  return out;
}

/** A section is checked only when every map on its path is one and has no schema error of its own. */
function reachable(doc: Doc, section: string, schemaPaths: string[]): boolean {
  const segs = section.split('.');
  let at: unknown = doc;
  for (let n = 0; n < segs.length; n++) {
    const path = segs.slice(0, n + 1).join('.');
    if (!isMap(at) || schemaPaths.includes(path)) return false;
    at = at[segs[n]!];
  }
  return true;
}

/** A copy of the list with the items `keep` refuses left as holes, so indices stay the document's. */
function holes(list: unknown[], keep: (item: unknown, i: number) => boolean): unknown[] {
  const out: unknown[] = new Array(list.length);
  list.forEach((item, i) => {
    if (keep(item, i)) out[i] = item;
  });
  return out;
}

/** Sets a dotted path of a plain document, creating the maps on the way. */
function place(doc: Doc, section: string, value: unknown): void {
  const segs = section.split('.');
  let at = doc;
  for (const seg of segs.slice(0, -1)) {
    const next = isMap(at[seg]) ? at[seg] : {};
    at[seg] = next;
    at = next;
  }
  at[segs[segs.length - 1]!] = value;
}
