// Reference checks: every user or group a tenant file points at must be declared, unless it is an external address.
import type { TenantConfig } from './model.js';
import type { Issue } from './crosscheck.js';
import { closest } from './suggest.js';

export interface RefIndex {
  users: Map<string, { index: number; absent: boolean; external: boolean }>;
  groups: Map<string, number>;
  addresses: Set<string>;
  domains: Set<string>;
}

export function buildIndex(config: TenantConfig): RefIndex {
  const users = new Map<string, { index: number; absent: boolean; external: boolean }>();
  (config.users ?? []).forEach((u, index) => {
    const k = u.userPrincipalName.toLowerCase();
    if (!users.has(k)) users.set(k, { index, absent: u.ensure === 'absent', external: u.external === true });
  });
  const groups = new Map<string, number>();
  (config.groups ?? []).forEach((g, i) => {
    if (!groups.has(g.mailNickname.toLowerCase())) groups.set(g.mailNickname.toLowerCase(), i);
  });
  const addresses = new Set<string>(users.keys());
  for (const m of config.mailboxes ?? []) {
    addresses.add(m.address.toLowerCase());
    for (const a of m.aliases ?? []) addresses.add(a.toLowerCase());
  }
  for (const c of config.contacts ?? []) addresses.add(c.address.toLowerCase());
  for (const g of config.groups ?? []) if (g.primarySmtpAddress) addresses.add(g.primarySmtpAddress.toLowerCase());
  const domains = new Set(config.tenant.domains.map((d) => d.toLowerCase()));
  return { users, groups, addresses, domains };
}

export function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** Checks one reference (`alice@x`, `user:alice@x`, `group:nick`, `servicePrincipal:<appId>`). */
export function checkReference(ref: string, path: string, idx: RefIndex, out: Issue[]): void {
  if (ref.startsWith('group:')) {
    const nick = ref.slice(6).toLowerCase();
    if (!idx.groups.has(nick)) out.push(err(path, `refers to group "${ref.slice(6)}", which is not declared under groups${didYouMean(nick, idx.groups.keys(), 'group:')}`));
    return;
  }
  if (ref.startsWith('servicePrincipal:')) {
    if (!/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/.test(ref.slice(17))) {
      out.push(err(path, `servicePrincipal reference must name an appId GUID, got "${ref.slice(17)}"`));
    }
    return;
  }
  const address = ref.replace(/^user:/, '').toLowerCase();
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

export function checkAllReferences(config: TenantConfig, idx: RefIndex, out: Issue[]): void {
  const check = (ref: string, path: string) => checkReference(ref, path, idx, out);
  (config.users ?? []).forEach((u, i) => {
    if (u.manager) check(u.manager, `users[${i}].manager`);
  });
  (config.groups ?? []).forEach((g, i) => {
    g.members?.forEach((m, j) => check(m, `groups[${i}].members[${j}]`));
    g.owners?.forEach((m, j) => check(m, `groups[${i}].owners[${j}]`));
    g.deliveryRestrictions?.acceptFrom?.forEach((m, j) => check(m, `groups[${i}].deliveryRestrictions.acceptFrom[${j}]`));
    g.deliveryRestrictions?.rejectFrom?.forEach((m, j) => check(m, `groups[${i}].deliveryRestrictions.rejectFrom[${j}]`));
  });
  (config.mailboxes ?? []).forEach((m, i) => {
    const p = `mailboxes[${i}]`;
    if (m.forwarding) check(m.forwarding.to, `${p}.forwarding.to`);
    m.permissions?.fullAccess?.forEach((f, j) => check(f.user, `${p}.permissions.fullAccess[${j}].user`));
    m.permissions?.sendAs?.forEach((u, j) => check(u, `${p}.permissions.sendAs[${j}]`));
    m.permissions?.sendOnBehalf?.forEach((u, j) => check(u, `${p}.permissions.sendOnBehalf[${j}]`));
    m.calendar?.forEach((c, j) => {
      if (c.user !== 'Default' && c.user !== 'Anonymous') check(c.user, `${p}.calendar[${j}].user`);
    });
  });
  (config.azure?.subscriptions ?? []).forEach((s, i) =>
    s.roleAssignments?.forEach((r, j) => check(r.principal, `azure.subscriptions[${i}].roleAssignments[${j}].principal`)),
  );
}

function err(path: string, message: string): Issue {
  return { severity: 'error', path, message };
}

type Doc = Record<string, unknown>;
const isMap = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The reference errors of a document that failed the schema, so that one run of validate shows both. Items with a
 * schema error are not checked (their fields may be of any type), but any item with a usable key still counts as
 * declared, so a typo in one user's field does not make every reference to that user an error too. Lists keep
 * their indices (the skipped items are holes, which forEach passes over), so paths stay the document's.
 */
export function referencesDespiteSchema(doc: Doc, schemaPaths: string[]): Issue[] {
  const under = (prefix: string) => schemaPaths.some((p) => p === prefix || p.startsWith(`${prefix}.`) || p.startsWith(`${prefix}[`));
  if (schemaPaths.includes('') || under('tenant') || !isMap(doc.tenant)) return [];
  const valid = (list: unknown, path: string): unknown[] | undefined => {
    if (!Array.isArray(list) || schemaPaths.includes(path)) return undefined;
    const out: unknown[] = new Array(list.length);
    list.forEach((item, i) => {
      if (!under(`${path}[${i}]`)) out[i] = item;
    });
    return out;
  };
  const azure = isMap(doc.azure) && !schemaPaths.includes('azure') ? { subscriptions: valid(doc.azure.subscriptions, 'azure.subscriptions') } : undefined;
  const checked = { tenant: doc.tenant, users: valid(doc.users, 'users'), groups: valid(doc.groups, 'groups'), mailboxes: valid(doc.mailboxes, 'mailboxes'), azure };
  const out: Issue[] = [];
  checkAllReferences(checked as unknown as TenantConfig, buildIndex(declared(doc) as unknown as TenantConfig), out);
  return out;
}

/** What buildIndex reads, from every item whose key is a string whatever else is wrong with it. */
function declared(doc: Doc): Doc {
  const keyed = (list: unknown, pick: (item: Doc) => Doc | undefined): unknown[] => {
    const out: unknown[] = new Array(Array.isArray(list) ? list.length : 0);
    if (!Array.isArray(list)) return out;
    list.forEach((item, i) => {
      const picked = isMap(item) ? pick(item) : undefined;
      if (picked) out[i] = picked;
    });
    return out;
  };
  return {
    tenant: doc.tenant,
    users: keyed(doc.users, (u) => (str(u.userPrincipalName) ? { userPrincipalName: u.userPrincipalName, ensure: u.ensure === 'absent' ? 'absent' : undefined, external: u.external === true } : undefined)),
    groups: keyed(doc.groups, (g) => (str(g.mailNickname) ? { mailNickname: g.mailNickname, primarySmtpAddress: str(g.primarySmtpAddress) } : undefined)),
    mailboxes: keyed(doc.mailboxes, (m) => (str(m.address) ? { address: m.address, aliases: Array.isArray(m.aliases) ? m.aliases.filter(str) : undefined } : undefined)),
    contacts: keyed(doc.contacts, (c) => (str(c.address) ? { address: c.address } : undefined)),
  };
}
