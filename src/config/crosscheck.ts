// Checks that need the whole merged tenant, all derived from the kinds' descriptions: duplicates, references, the
// tenant's domains, policy sanity; then each kind's own rules about what its entries mean (`KindSpec.checks`, in
// registry order). No section is named here but config's own (`tenant`, `policy`).
import type { KindModel } from './kind-model.js';
import { entryKey, normalName, sectionOf, valuesAt, type Issue, type KindSpec, type ListKey } from './kind-spec.js';
import { isPlainObject } from './positions.js';
import type { TenantConfig } from './model.js';
import { buildIndex, checkAllReferences, domainOf, entriesOf, entryPath, type RefIndex } from './references.js';

export type { Issue } from './kind-spec.js';

export interface CrossCheckContext {
  folderName: string;
  now: Date;
  /** The registry's kinds, described: which sections are keyed lists, which references are offered and used. */
  model: KindModel;
}

export function crossCheck(config: TenantConfig, ctx: CrossCheckContext): Issue[] {
  const out: Issue[] = [];
  if (config.tenant.name !== ctx.folderName) {
    out.push(err('tenant.name', `tenant name "${config.tenant.name}" differs from its folder name "${ctx.folderName}"`));
  }
  checkDuplicates(config, ctx.model, out);
  const idx = buildIndex(config, config.tenant.domains, ctx.model);
  checkAllReferences(config, idx, ctx.model, out);
  checkDomains(config, idx, ctx.model, out);
  checkPolicy(config, ctx.model, ctx.now, out);
  for (const spec of ctx.model.specs) for (const check of spec.checks ?? []) out.push(...check(config, { index: idx, now: ctx.now }));
  return out;
}

function err(path: string, message: string): Issue {
  return { severity: 'error', path, message };
}

/** A key declared twice in one keyed list (the kinds' collections, in registry order) is an error at the second. */
function checkDuplicates(c: TenantConfig, model: KindModel, out: Issue[]): void {
  for (const { section, key, label } of model.keyed) {
    const list = sectionOf(c, section);
    if (Array.isArray(list)) dupes(list, key, section, label, out);
  }
}

function dupes(list: unknown[], key: ListKey, path: string, what: string, out: Issue[]): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const k = isPlainObject(item) ? entryKey(item, key) : undefined;
    if (k === undefined || !isPlainObject(item)) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else out.push(err(`${path}[${i}]`, `duplicate ${what} "${String(item[key[0]])}" (first declared at ${path}[${first}])`));
  });
}

function checkDomains(c: TenantConfig, idx: RefIndex, model: KindModel, out: Issue[]): void {
  const domains = [...idx.domains].join(', ');
  if (c.tenant.primaryDomain && !idx.domains.has(c.tenant.primaryDomain.toLowerCase())) {
    out.push(err('tenant.primaryDomain', `primaryDomain "${c.tenant.primaryDomain}" is not among the domains (${domains})`));
  }
  const check = (address: string, path: string) => {
    if (!idx.domains.has(domainOf(address))) {
      out.push(err(path, `domain of "${address}" is not one of the tenant's domains (${domains})`));
    }
  };
  // The addresses the kinds offer as the tenant's own (a user's name, a mailbox's addresses, a group's SMTP address).
  for (const r of model.refs) {
    const own = r.offers.filter((o) => o.inTenant);
    if (!own.length) continue;
    for (const [i, entry] of entriesOf(c, r)) {
      if (!isPlainObject(entry) || entry.external === true) continue;
      for (const o of own) {
        for (const { value, path } of valuesAt(entry, o.field)) if (typeof value === 'string') check(value, entryPath(r.section, i, path));
      }
    }
  }
}

function checkPolicy(c: TenantConfig, model: KindModel, now: Date, out: Issue[]): void {
  const today = now.toISOString().slice(0, 10);
  c.policy?.ignore?.forEach((r, i) => {
    if (r.expires && r.expires < today) {
      out.push({ severity: 'warning', path: `policy.ignore[${i}].expires`, message: `ignore rule for "${r.address}" expired on ${r.expires}; drift on it is reported again` });
    }
  });
  for (const p of c.policy?.protected ?? []) {
    for (const { section, index } of protectedEntries(c, model, p)) {
      const list = sectionOf(c, section);
      const entry = Array.isArray(list) ? list[index] : undefined;
      if (isPlainObject(entry) && entry.ensure === 'absent') {
        out.push(err(`${section}[${index}].ensure`, `"${p}" is protected (policy.protected) and cannot be ensure: absent`));
      }
    }
  }
}

/**
 * The declared entries a `policy.protected` name designates: `<prefix>:<key>` names the entry of the collection with
 * that address prefix (`group:all-staff`); an address, bare or as `user:`, `mailbox:` or `contact:`, names every
 * entry keyed by that address (a user, a mailbox, a contact), as Exchange shares one address space among them.
 */
function protectedEntries(c: TenantConfig, model: KindModel, name: string): Array<{ section: string; index: number }> {
  const collections = model.specs.filter((s) => s.shape === 'collection' && s.listKey);
  const addressed = new Set(model.refs.flatMap((r) => r.offers.filter((o) => o.type === 'user' || o.type === 'recipient').map((o) => `${r.section}\0${o.field}`)));
  const byAddress = (s: KindSpec) => addressed.has(`${s.section}\0${s.listKey![0]}`);
  const m = /^([A-Za-z][A-Za-z0-9-]*):(.+)$/.exec(name);
  const typed = m ? collections.find((s) => s.prefix === m[1]) : undefined;
  const key = normalName(m && typed ? m[2]! : name);
  const targets = typed && !byAddress(typed) ? [typed] : collections.filter(byAddress);
  const seen = new Set<string>();
  return targets.flatMap((s) => {
    if (seen.has(s.section)) return [];
    seen.add(s.section);
    const list = sectionOf(c, s.section);
    if (!Array.isArray(list)) return [];
    return list.flatMap((e, index) => (isPlainObject(e) && entryKey(e, s.listKey!) === key ? [{ section: s.section, index }] : []));
  });
}
