// Small builders for engine tests: an in-memory kind (the engine is pure logic over the kind contract) and the
// minimum client surface the engine itself touches (the organization read).
import type { Clients, GraphApi } from '../../src/clients/types.js';
import type { LoadedTenant, Policy, TenantConfig } from '../../src/config/model.js';
import type { Kind, ProposedChange } from '../../src/kinds/contract.js';

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

export function tenantIdOf(name: string): string {
  const hex = Buffer.from(name).toString('hex').padEnd(12, '0').slice(0, 12);
  return `00000000-0000-4000-8000-${hex}`;
}

/** `policy` is loose on purpose: the memory kinds prune under keys the YAML model does not have. */
export function loaded(name: string, sections: Record<string, unknown> = {}, policy?: Record<string, unknown>): LoadedTenant {
  const config: TenantConfig = { tenant: { name, tenantId: tenantIdOf(name), domains: [`${name}.com`] }, ...sections };
  if (policy) config.policy = policy as Policy;
  return { name, dir: `tenants/${name}`, config, files: [`tenants/${name}/tenant.yaml`], diagnostics: [], locate: (path) => (path === 'policy.maxDeletes' ? { file: `tenants/${name}/tenant.yaml`, line: 9, column: 3 } : undefined) };
}
