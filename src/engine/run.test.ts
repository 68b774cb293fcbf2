import { describe, expect, it } from 'vitest';
import type { TenantConfig } from '../config/model.js';
import { exitCodeFor, planRun } from './run.js';
import { tenantIdOf } from '../../test/support/folders.js';
import { loaded, memoryKind, MemoryStore, orgClients } from '../../test/support/memory-kind.js';

const now = new Date('2026-11-22T10:00:00Z');

describe('planRun', () => {
  it('plans many tenants concurrently and isolates each failure to its own tenant', async () => {
    const stores = new Map<string, MemoryStore>();
    const storeFor = (c: TenantConfig): MemoryStore => {
      const s = stores.get(c.tenant.name) ?? new MemoryStore();
      stores.set(c.tenant.name, s);
      return s;
    };
    const names = ['alpha', 'beta', 'gamma', 'delta', 'eps'];
    const tenants = names.map((n) => loaded(n, { items: [{ name: 'x', value: n }] }));
    storeFor(tenants[4]!.config).put('x', 'eps');
    let inFlight = 0;
    let maxInFlight = 0;
    const plan = await planRun({
      tenants,
      kinds: [memoryKind(storeFor)],
      concurrency: 2,
      now,
      source: { commit: 'abc123', dirty: true },
      clientsFor: async (t) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        if (t.name === 'beta') throw new Error('no GDAP relationship for beta');
        if (t.name === 'gamma') return orgClients(() => Promise.reject(new Error('socket hang up')));
        return orgClients(tenantIdOf(t.name));
      },
    });
    expect(maxInFlight).toBe(2);
    expect(plan.formatVersion).toBe(2);
    expect(plan.createdAt).toBe('2026-11-22T10:00:00.000Z');
    expect(plan.source).toEqual({ commit: 'abc123', dirty: true });
    expect(plan.tenants.map((t) => [t.name, t.status])).toEqual([
      ['alpha', 'changes'],
      ['beta', 'error'],
      ['gamma', 'error'],
      ['delta', 'changes'],
      ['eps', 'in_sync'],
    ]);
    expect(plan.tenants[1]?.diagnostics[0]?.summary).toBe('planning failed: no GDAP relationship for beta');
    expect(plan.tenants[2]?.diagnostics[0]?.summary).toBe('reading the organization failed: socket hang up');
    expect(plan.summary).toEqual({ create: 2, update: 0, delete: 0, replace: 0, tenants: 5, errored: 2 });
    expect(exitCodeFor(plan, true)).toBe(1);
  });

  it('maps outcomes to exit codes', async () => {
    const store = new MemoryStore({ a: '1' });
    const run = (value: string) =>
      planRun({ tenants: [loaded('t', { items: [{ name: 'a', value }] })], kinds: [memoryKind(() => store)], clientsFor: () => orgClients(tenantIdOf('t')), now });
    const inSync = await run('1');
    expect([exitCodeFor(inSync, false), exitCodeFor(inSync, true)]).toEqual([0, 0]);
    const changes = await run('2');
    expect([exitCodeFor(changes, false), exitCodeFor(changes, true)]).toEqual([0, 2]);
    expect(changes.source).toEqual({ commit: null, dirty: false });
  });
});
