// Checks that need the whole merged tenant: duplicates, references, licensing rules, domains, cycles, policy sanity.
import type { Severity } from '../plan/types.js';
import type { KindModel } from './kind-model.js';
import { entryKey, normalName, sectionOf, valuesAt, type KindSpec, type ListKey } from './kind-spec.js';
import { isPlainObject } from './positions.js';
import type { TenantConfig, UserSpec } from './model.js';
import { offlineChecks } from './offline-checks.js';
import { buildIndex, checkAllReferences, domainOf, entriesOf, entryPath, type RefIndex } from './references.js';

export interface Issue {
  severity: Severity;
  /** Path into the merged config, e.g. `users[3].usageLocation`. */
  path: string;
  message: string;
}

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
  checkUsageLocation(config, idx, out);
  checkGroups(config, out);
  checkManagerCycles(config.users ?? [], out);
  checkPolicy(config, ctx.model, ctx.now, out);
  checkGdap(config, out);
  offlineChecks(config, idx, out);
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

function checkUsageLocation(c: TenantConfig, idx: RefIndex, out: Issue[]): void {
  const viaGroup = new Map<string, string>();
  const groups = c.groups ?? [];
  const visit = (nick: string, licensedGroup: string, seen: Set<string>) => {
    const gi = idx.groups.get(nick);
    if (gi === undefined || seen.has(nick)) return;
    seen.add(nick);
    for (const m of groups[gi]?.members ?? []) {
      if (m.startsWith('group:')) visit(m.slice(6).toLowerCase(), licensedGroup, seen);
      else if (!viaGroup.has(m.replace(/^user:/, '').toLowerCase())) viaGroup.set(m.replace(/^user:/, '').toLowerCase(), licensedGroup);
    }
  };
  for (const g of groups) if (g.licenses?.length) visit(g.mailNickname.toLowerCase(), g.mailNickname, new Set());
  (c.users ?? []).forEach((u, i) => {
    if (u.usageLocation || u.ensure === 'absent' || u.external) return;
    const group = viaGroup.get(u.userPrincipalName.toLowerCase());
    if (u.licenses?.length) {
      out.push(err(`users[${i}]`, `user "${u.userPrincipalName}" has licenses but no usageLocation`));
    } else if (group) {
      out.push(err(`users[${i}]`, `user "${u.userPrincipalName}" is licensed through group "${group}" but has no usageLocation`));
    }
  });
}

function checkGroups(c: TenantConfig, out: Issue[]): void {
  const groups = c.groups ?? [];
  groups.forEach((g, i) => {
    if (g.membershipRule && g.members?.length) {
      out.push(err(`groups[${i}].members`, `group "${g.mailNickname}" is dynamic (membershipRule); it cannot list static members`));
    }
    if (g.membershipRule && (g.type === 'distribution' || g.type === 'mailEnabledSecurity')) {
      out.push(err(`groups[${i}].membershipRule`, `a ${g.type} group cannot have a membershipRule`));
    }
    if (g.membershipRuleProcessingState && !g.membershipRule) {
      out.push(err(`groups[${i}].membershipRuleProcessingState`, 'membershipRuleProcessingState needs a membershipRule'));
    }
  });
  const edges = new Map<string, string[]>();
  for (const g of groups) {
    const nested = (g.members ?? []).filter((m) => m.startsWith('group:')).map((m) => m.slice(6).toLowerCase());
    edges.set(g.mailNickname.toLowerCase(), nested);
  }
  for (const cycle of findCycles(edges)) {
    const i = groups.findIndex((g) => g.mailNickname.toLowerCase() === cycle[0]);
    out.push(err(`groups[${i}].members`, `group nesting cycle: ${cycle.map((n) => `group:${n}`).join(' → ')}`));
  }
}

function checkManagerCycles(users: UserSpec[], out: Issue[]): void {
  const edges = new Map<string, string[]>();
  for (const u of users) edges.set(u.userPrincipalName.toLowerCase(), u.manager ? [u.manager.toLowerCase()] : []);
  for (const cycle of findCycles(edges)) {
    const i = users.findIndex((u) => u.userPrincipalName.toLowerCase() === cycle[0]);
    out.push(err(`users[${i}].manager`, `manager cycle: ${cycle.join(' → ')}`));
  }
}

/** Each cycle once, as [a, b, ..., a], starting at the node first declared. */
export function findCycles(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const dfs = (n: string) => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (!edges.has(m)) continue;
      if (state.get(m) === 1) cycles.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) dfs(m);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of edges.keys()) if (!state.has(n)) dfs(n);
  return cycles;
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

function checkGdap(c: TenantConfig, out: Issue[]): void {
  c.partner?.gdap?.forEach((g, i) => {
    const roles = new Set(g.roles.map((r) => r.toLowerCase()));
    g.access?.forEach((a, j) =>
      a.roles.forEach((r, k) => {
        if (!roles.has(r.toLowerCase())) {
          out.push(err(`partner.gdap[${i}].access[${j}].roles[${k}]`, `role "${r}" is not one of the relationship's roles`));
        }
      }),
    );
  });
}
