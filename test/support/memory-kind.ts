// The in-memory kind of the engine and CLI tests: the engine is pure logic over the kind contract, so these tests
// drive it with a kind whose live side is a map, with knobs for failed reads, failed applies and slow applies, and
// give it the one read the engine itself makes (the organization). `contactKind` reads the `contacts` section, so the
// real loader and schema accept its YAML.
import type { Clients, GraphApi } from '../../src/clients/types.js';
import type { LoadedTenant, TenantConfig } from '../../src/config/model.js';
import type { Kind, ProposedChange } from '../../src/kinds/contract.js';
import { loadedTenant, tenantIdOf } from './folders.js';

export interface Item {
  name: string;
  value?: string;
  ensure?: 'absent';
  after?: string[];
}

export interface LiveItem {
  id: string;
  name: string;
  value: string;
}

/** The live side of one tenant for the memory kind, plus knobs for failures and timing. */
export class MemoryStore {
  items = new Map<string, LiveItem>();
  fetchError?: Error;
  failApply = new Set<string>();
  applyDelayMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  applied: string[] = [];
  private nextId = 1;

  constructor(seed: Record<string, string> = {}) {
    for (const [name, value] of Object.entries(seed)) this.put(name, value);
  }

  put(name: string, value: string): LiveItem {
    const item = { id: this.items.get(name)?.id ?? `id-${this.nextId++}`, name, value };
    this.items.set(name, item);
    return item;
  }
}

export function memoryKind(storeFor: (config: TenantConfig) => MemoryStore, kind = 'item'): Kind<Item, LiveItem> {
  const address = (o: Item | LiveItem): string => `${kind}:${o.name}`;
  return {
    kind,
    shape: 'collection',
    section: `${kind}s`,
    listKey: ['name'],
    prefix: kind,
    permissions: { read: {}, write: {} },
    pruneKey: `${kind}s`,
    select: (config) => ((config as Record<string, unknown>)[`${kind}s`] as Item[] | undefined) ?? [],
    address,
    async fetch(ctx, desired) {
      const store = storeFor(ctx.tenant);
      if (store.fetchError) throw store.fetchError;
      const all = [...store.items.values()].map((i) => ({ ...i }));
      const live = ctx.prune ? all : all.filter((i) => desired.some((d) => d.name === i.name));
      return { live, complete: ctx.prune };
    },
    diff(desired, live, ctx) {
      const changes: ProposedChange[] = [];
      const byName = new Map(live.map((l) => [l.name, l]));
      for (const d of desired) {
        const l = byName.get(d.name);
        const base = { kind, address: address(d), dependsOn: d.after ?? [] };
        if (d.ensure === 'absent') {
          if (l) changes.push({ ...base, action: 'delete', fields: [], before: { ...l }, after: null, reason: 'ensure_absent' });
        } else if (!l) {
          const after = { name: d.name, value: d.value ?? '' };
          changes.push({ ...base, action: 'create', fields: [{ path: 'value', after: after.value }], before: null, after, reason: 'missing' });
        } else if ((d.value ?? '') !== l.value) {
          const fields = [{ path: 'value', before: l.value, after: d.value ?? '' }];
          changes.push({ ...base, action: 'update', fields, before: { ...l }, after: { ...l, value: d.value ?? '' }, reason: 'field_changed' });
        }
      }
      const declared = new Set(desired.map((d) => d.name));
      const unmanaged = live.filter((l) => !declared.has(l.name));
      if (ctx.prune && ctx.complete) {
        for (const l of unmanaged) {
          changes.push({ kind, address: address(l), action: 'delete', fields: [], before: { ...l }, after: null, reason: 'pruned' });
        }
      }
      return { changes, unmanaged: ctx.complete ? unmanaged.length : undefined };
    },
    async apply(change, ctx) {
      const store = storeFor(ctx.tenant);
      const name = change.address.slice(kind.length + 1);
      store.inFlight++;
      store.maxInFlight = Math.max(store.maxInFlight, store.inFlight);
      try {
        if (store.applyDelayMs) await new Promise((r) => setTimeout(r, store.applyDelayMs));
        if (store.failApply.has(name)) throw new Error(`cannot ${change.action} ${name}`);
        for (const dep of change.dependsOn) if (!store.applied.includes(dep)) throw new Error(`ran before ${dep}`);
        store.applied.push(change.id);
        if (change.action === 'delete') {
          store.items.delete(name);
          return {};
        }
        const value = String((change.after as { value?: string } | null)?.value ?? '');
        return { id: store.put(name, value).id };
      } finally {
        store.inFlight--;
      }
    },
  };
}

export function orgClients(tenantId: string | (() => string | Promise<string>)): Clients {
  const refuse = (): never => {
    throw new Error('the engine tests only read /organization');
  };
  const graph: GraphApi = {
    get: refuse,
    async list<T>(path: string): Promise<T[]> {
      if (!path.startsWith('/organization')) refuse();
      const id = typeof tenantId === 'string' ? tenantId : await tenantId();
      return [{ id, verifiedDomains: [] }] as T[];
    },
    post: refuse,
    patch: refuse,
    delete: refuse,
    batch: refuse,
  };
  return { graph, counter: { count: () => 0, total: () => 0, snapshot: () => ({}) } };
}

/** The memory kind reading `contacts`: name = address, value = displayName. */
export function contactKind(stores: Map<string, MemoryStore>): Kind {
  const storeFor = (config: TenantConfig): MemoryStore => {
    const store = stores.get(config.tenant.name) ?? new MemoryStore();
    stores.set(config.tenant.name, store);
    return store;
  };
  const base = memoryKind(storeFor, 'contact');
  const select = (config: TenantConfig): Item[] =>
    (config.contacts ?? []).map((c) => ({ name: c.address, value: c.displayName ?? '', ...(c.ensure === 'absent' ? { ensure: 'absent' as const } : {}) }));
  // Described as the contact kind is, so that the loader merges, checks and validates `contacts` as it would.
  const spec = { listKey: ['address'] as const, keyLabel: 'contact address', schema: 'contacts.schema.json', offers: [{ type: 'recipient', field: 'address' }] };
  return { ...base, ...spec, select } as Kind;
}

/** A tenant of the memory kinds' tests, its id made from its name; `policy.maxDeletes` is located at line 9. */
export function loaded(name: string, sections: Record<string, unknown> = {}, policy?: Record<string, unknown>): LoadedTenant {
  return loadedTenant(sections, name, { tenantId: tenantIdOf(name), policy, maxDeletesLine: 9 });
}
