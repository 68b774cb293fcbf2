// The inventory of undeclared live objects, read whatever `policy.prune` says, so that a Global Administrator added in
// the portal shows in every plan. Plan reads privileged holders by name and counts the rest (`$count`, one request a
// collection); drift, which reads fully anyway, lists every undeclared object by name. A failed read makes its part
// "unknown", shown as such, and never errors the tenant: the inventory plans nothing, and a tenant whose declared
// objects were read in full can still be planned and applied.
import { countOf } from '../clients/count.js';
import type { Clients } from '../clients/types.js';
import type { TenantConfig } from '../config/model.js';
import { normalKey } from '../kinds/shared/reconcile.js';
import type { LiveDirectory } from '../kinds/contract.js';
import type { Diagnostic, Inventory, InventoryObject, PrivilegedHolder } from '../plan/types.js';
import { describeError } from './errors.js';
import { azureHolders, directoryHolders, namePrincipals, undeclaredHolders } from './privileged.js';
import type { KindRead } from './read.js';

export type InventoryMode = 'plan' | 'drift';

/**
 * A directory collection, the kinds whose objects live in it (a shared mailbox's or a mail user's account is a user;
 * a distribution list is a group) and the YAML's keys for it, as addresses of the collection.
 */
interface Collection {
  name: 'users' | 'groups';
  kinds: string[];
  declared(config: TenantConfig): string[];
  /** Full read for drift: the path, and an object's address and display name. */
  list: string;
  address(o: Record<string, unknown>): string | undefined;
}

const COLLECTIONS: Collection[] = [
  {
    name: 'users',
    // A guest is a user of the directory, named by the address it was invited as (its mail): src/kinds/guest.
    kinds: ['user', 'mailbox', 'mailUser', 'guest'],
    declared: (c) => [
      ...[...(c.users ?? []).map((u) => u.userPrincipalName), ...(c.mailboxes ?? []).map((m) => m.address), ...(c.mailUsers ?? []).map((m) => m.userPrincipalName)].map((k) => `user:${normalKey(k)}`),
      ...(c.guests ?? []).map((g) => `guest:${normalKey(g.email)}`),
    ],
    list: '/users?$select=id,userPrincipalName,displayName,mail,userType&$top=999',
    address: (o) => {
      if (o.userType === 'Guest' && typeof o.mail === 'string' && o.mail !== '') return `guest:${normalKey(o.mail)}`;
      return typeof o.userPrincipalName === 'string' ? `user:${normalKey(o.userPrincipalName)}` : undefined;
    },
  },
  {
    name: 'groups',
    kinds: ['group', 'distributionGroup'],
    declared: (c) => (c.groups ?? []).map((g) => `group:${normalKey(g.mailNickname)}`),
    list: '/groups?$select=id,mailNickname,displayName&$top=999',
    address: (o) => (typeof o.mailNickname === 'string' ? `group:${normalKey(o.mailNickname)}` : undefined),
  },
];

const isDeleted = (o: unknown): boolean => typeof o === 'object' && o !== null && (o as { deleted?: unknown }).deleted === true;

/**
 * Declared objects of the collection that tenantform's read found live (not in the recycle bin), each once: a declared
 * distribution list is read by the group kind (to catch a type clash) and by the distribution-group kind.
 */
function matched(c: Collection, reads: KindRead[]): number {
  const keyOf = (address: string): string => normalKey(address.slice(address.indexOf(':') + 1));
  const found = new Set<string>();
  for (const r of reads) {
    if (!c.kinds.includes(r.kind.kind)) continue;
    const declared = new Set(r.desired.map((d) => keyOf(r.kind.address(d))));
    for (const [address, obj] of r.liveByAddress) if (declared.has(keyOf(address)) && !isDeleted(obj)) found.add(keyOf(address));
  }
  return found.size;
}

interface Part<T> { value?: T; unknown?: string }

async function part<T>(what: string, read: () => Promise<T>): Promise<Part<T>> {
  try {
    return { value: await read() };
  } catch (error) {
    return { unknown: `${what}: ${describeError(error)}` };
  }
}

/** Names drift's delta snapshot already knows, so naming the holders costs no request for them. */
function namesFromSnapshot(into: Map<string, string>, ids: string[], directory?: LiveDirectory): void {
  for (const id of ids) {
    const user = directory?.users.get(id);
    const group = directory?.groups.get(id);
    if (typeof user?.userPrincipalName === 'string') into.set(id, `user:${normalKey(user.userPrincipalName)}`);
    else if (typeof group?.mailNickname === 'string') into.set(id, `group:${normalKey(group.mailNickname)}`);
  }
}

async function privileged(config: TenantConfig, clients: Clients, reads: KindRead[], snapshot?: LiveDirectory): Promise<Part<PrivilegedHolder[]>> {
  const azure = azureHolders(reads.find((r) => r.kind.kind === 'azureRoleAssignment'));
  const directory = await part('privileged directory role holders', () => directoryHolders(clients.graph));
  const holders = [...(directory.value ?? []), ...azure.holders];
  namesFromSnapshot(azure.named, holders.map((h) => h.principalId), snapshot);
  const named = await part('the names of privileged holders', async () => {
    await namePrincipals(clients.graph, [...new Set(holders.map((h) => h.principalId))], azure.named);
    return azure.named;
  });
  const list = undeclaredHolders(config, holders, named.value ?? azure.named);
  return { value: list, ...(directory.unknown || named.unknown ? { unknown: directory.unknown ?? named.unknown } : {}) };
}

/** Every live object of the collection that the YAML does not declare, privileged holders first, then by address. */
async function undeclaredObjects(c: Collection, config: TenantConfig, clients: Clients, holders: PrivilegedHolder[], directory?: LiveDirectory): Promise<InventoryObject[]> {
  const declared = new Set(c.declared(config));
  const privileged = new Set(holders.map((h) => h.principal));
  const seen = new Set<string>();
  const out: InventoryObject[] = [];
  // Drift's delta snapshot already holds every user and group it synced: listing them again would cost the full read
  // that delta drift saves.
  const synced = directory?.[c.name];
  const live: Record<string, unknown>[] = synced && synced.size > 0 ? [...synced.values()] : await clients.graph.list<Record<string, unknown>>(c.list);
  for (const o of live) {
    const address = c.address(o);
    if (!address || declared.has(address) || seen.has(address)) continue;
    seen.add(address);
    const name = typeof o.displayName === 'string' ? o.displayName : undefined;
    // Privileged holders are named by UPN, whatever address the object is listed under.
    const holder = privileged.has(address) || (typeof o.userPrincipalName === 'string' && privileged.has(`user:${normalKey(o.userPrincipalName)}`));
    out.push({ address, ...(name ? { displayName: name } : {}), ...(holder ? { privileged: true as const } : {}) });
  }
  const rank = (x: InventoryObject): string => `${x.privileged ? 0 : 1}${x.address}`;
  return out.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

export interface InventoryResult {
  inventory: Inventory;
  diagnostics: Diagnostic[];
}

export async function readInventory(config: TenantConfig, clients: Clients, reads: KindRead[], mode: InventoryMode, directory?: LiveDirectory): Promise<InventoryResult> {
  const unknown: string[] = [];
  const held = await privileged(config, clients, reads, directory);
  if (held.unknown) unknown.push(held.unknown);
  const holders = held.value ?? [];
  const counts: Record<string, number | null> = {};
  const objects: Record<string, InventoryObject[]> = {};
  await Promise.all(COLLECTIONS.map(async (c) => {
    if (mode === 'drift') {
      const listed = await part(`undeclared ${c.name}`, () => undeclaredObjects(c, config, clients, holders, directory));
      counts[c.name] = listed.value ? listed.value.length : null;
      if (listed.value) objects[c.name] = listed.value;
      if (listed.unknown) unknown.push(listed.unknown);
      return;
    }
    const live = await part(`the count of ${c.name}`, () => countOf(clients.graph, c.name));
    // `$count` is eventually consistent: just after a create it may lag behind the read, never below zero.
    counts[c.name] = live.value === undefined ? null : Math.max(0, live.value - matched(c, reads));
    if (live.unknown) unknown.push(live.unknown);
  }));
  const inventory: Inventory = {
    privileged: holders,
    counts: Object.fromEntries(COLLECTIONS.map((c) => [c.name, counts[c.name] ?? null])),
    ...(mode === 'drift' ? { objects: Object.fromEntries(COLLECTIONS.flatMap((c) => (objects[c.name] ? [[c.name, objects[c.name]!]] : []))) } : {}),
    ...(unknown.length ? { unknown: unknown.sort() } : {}),
  };
  const diagnostics = unknown.map((u): Diagnostic => ({ severity: 'warning', summary: `inventory unknown: ${u}`, detail: 'what the YAML does not declare could not be read; the planned changes do not depend on it' }));
  return { inventory, diagnostics };
}
