import { ABSENT_FINGERPRINT } from '../plan/digest.js';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../clients/errors.js';
import { fingerprint } from '../plan/fingerprint.js';
import { planTenant } from './plan-tenant.js';
import { tenantIdOf } from '../../test/support/folders.js';
import { loaded, memoryKind, MemoryStore, orgClients } from '../../test/support/memory-kind.js';

const now = new Date('2026-11-22T10:00:00Z');

function setup(sections: Record<string, unknown>, seed: Record<string, string> = {}, policy?: Parameters<typeof loaded>[2]) {
  const store = new MemoryStore(seed);
  const kind = memoryKind(() => store);
  const t = loaded('contoso', sections, policy);
  return { store, kind, t, plan: () => planTenant({ loaded: t, clients: orgClients(tenantIdOf('contoso')), kinds: [kind], now }) };
}

describe('planTenant', () => {
  it('assigns stable ids, fingerprints the live object and maps dependsOn to change ids', async () => {
    const { plan, store } = setup({
      items: [
        { name: 'b', value: 'new', after: ['item:a', 'item:elsewhere'] },
        { name: 'a', value: 'x' },
        { name: 'c', ensure: 'absent' },
        { name: 'same', value: 'v' },
      ],
    }, { b: 'old', c: 'gone', same: 'v' });
    const tp = await plan();
    expect(tp.status).toBe('changes');
    expect(tp.changes.map((c) => [c.id, c.address, c.action, c.dependsOn, c.destructive])).toEqual([
      ['contoso/1', 'item:a', 'create', [], false],
      ['contoso/2', 'item:b', 'update', ['contoso/1'], false],
      ['contoso/3', 'item:c', 'delete', [], true],
    ]);
    expect(tp.changes[0]?.liveFingerprint).toBe(ABSENT_FINGERPRINT);
    expect(tp.changes[1]?.liveFingerprint).toBe(fingerprint(store.items.get('b')));
    expect(tp.changes[1]?.fields).toEqual([{ path: 'value', before: 'old', after: 'new' }]);
  });

  it('is in sync when live equals desired, and reports unmanaged objects of a complete read', async () => {
    const { plan } = setup({ items: [{ name: 'a', value: 'x' }] }, { a: 'x', stray: 'y' });
    expect(await plan()).toMatchObject({ status: 'in_sync', changes: [], unmanaged: {} });
    const pruned = setup({ items: [{ name: 'a', value: 'x' }] }, { a: 'x', stray: 'y', other: 'z' }, { prune: { items: false } });
    expect((await pruned.plan()).unmanaged).toEqual({});
  });

  it('plans pruning only when prune is on and the read was complete', async () => {
    const { plan } = setup({ items: [{ name: 'a', value: 'x' }] }, { a: 'x', stray: 'y' }, { prune: { items: true } });
    const tp = await plan();
    expect(tp.unmanaged).toEqual({ item: 1 });
    expect(tp.changes).toMatchObject([{ address: 'item:stray', action: 'delete', reason: 'pruned', destructive: true }]);
  });

  it('refuses a tenant whose credentials reach another tenant, without reading any kind', async () => {
    const store = new MemoryStore();
    store.fetchError = new Error('must not be fetched');
    const tp = await planTenant({ loaded: loaded('contoso'), clients: orgClients('ffffffff-0000-4000-8000-000000000000'), kinds: [memoryKind(() => store)], now });
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics).toEqual([
      { severity: 'error', summary: `tenantId mismatch: YAML says ${tenantIdOf('contoso')}, credentials reach ffffffff-0000-4000-8000-000000000000`, path: 'tenant.tenantId' },
    ]);
  });

  it('fails closed when any kind cannot be read: no changes, the kind and the service message named', async () => {
    const good = new MemoryStore();
    const bad = new MemoryStore({ x: '1' });
    bad.fetchError = new ApiError('graph', 429, 'TooManyRequests', 'Too many requests, retry later');
    const t = loaded('contoso', { items: [{ name: 'a', value: '1' }], groups: [{ name: 'x', ensure: 'absent' }] });
    const tp = await planTenant({ loaded: t, clients: orgClients(tenantIdOf('contoso')), kinds: [memoryKind(() => good), memoryKind(() => bad, 'group')], now });
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics).toHaveLength(1);
    expect(tp.diagnostics[0]?.summary).toBe('reading group failed: graph 429 TooManyRequests: Too many requests, retry later');
  });

  it('keeps changes visible but marks the tenant error when a kind reports an error diagnostic', async () => {
    const store = new MemoryStore();
    const kind = memoryKind(() => store);
    const diff = kind.diff.bind(kind);
    kind.diff = (d, l, ctx) => ({ ...diff(d, l, ctx), diagnostics: [{ severity: 'error', summary: 'seat shortfall', path: 'policy.maxDeletes' }] });
    const t = loaded('contoso', { items: [{ name: 'a', value: '1' }] });
    const tp = await planTenant({ loaded: t, clients: orgClients(tenantIdOf('contoso')), kinds: [kind], now });
    expect(tp.status).toBe('error');
    expect(tp.changes).toHaveLength(1);
    expect(tp.diagnostics).toEqual([{ severity: 'error', summary: 'seat shortfall', path: 'policy.maxDeletes', file: 'tenants/contoso/tenant.yaml', line: 9, column: 3 }]);
  });

  it('refuses a plan over maxDeletes with a positioned diagnostic and keeps no change', async () => {
    const { plan } = setup({ items: [{ name: 'a', ensure: 'absent' }, { name: 'b', ensure: 'absent' }, { name: 'n', value: '1' }] }, { a: '1', b: '2' }, { maxDeletes: 1 });
    const tp = await plan();
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics).toMatchObject([{ severity: 'error', summary: 'plan refused: 2 deletes exceed maxDeletes 1', file: 'tenants/contoso/tenant.yaml', line: 9 }]);
  });

  it('applies protected and ignore policy centrally', async () => {
    const { plan } = setup(
      { items: [{ name: 'keep', ensure: 'absent' }, { name: 'drift', value: 'yaml' }] },
      { keep: '1', drift: 'live' },
      { protected: ['keep'], ignore: [{ address: 'item:drift', fields: ['value'], reason: 'owned by HR', expires: '2027-01-01' }] },
    );
    const tp = await plan();
    expect(tp.status).toBe('in_sync');
    expect(tp.ignored).toEqual([{ address: 'item:drift', fields: ['value'], reason: 'owned by HR', expires: '2027-01-01' }]);
    expect(tp.diagnostics).toMatchObject([{ severity: 'warning', summary: 'item:keep is protected; the planned delete was dropped' }]);
  });

  it('refuses a dependency cycle up front', async () => {
    const { plan } = setup({ items: [{ name: 'a', value: '1', after: ['item:b'] }, { name: 'b', value: '1', after: ['item:a'] }] });
    const tp = await plan();
    expect(tp.status).toBe('error');
    expect(tp.diagnostics[0]?.summary).toBe('dependency cycle between changes: contoso/1 → contoso/2 → contoso/1');
  });

  it('reads each kind with its own prune flag, and skips kinds with nothing declared and nothing to prune', async () => {
    const seen: Record<string, boolean> = {};
    const store = new MemoryStore();
    const mk = (name: string) => {
      const k = memoryKind(() => store, name);
      const fetch = k.fetch.bind(k);
      k.fetch = (ctx, d) => ((seen[name] = ctx.prune), fetch(ctx, d));
      return k;
    };
    const t = loaded('contoso', {}, { prune: { items: true, groups: false } });
    (t.config as Record<string, unknown>).items = [];
    (t.config as Record<string, unknown>).groups = [{ name: 'g', value: 'x' }];
    await planTenant({ loaded: t, clients: orgClients(tenantIdOf('contoso')), kinds: [mk('item'), mk('group'), mk('site')], now });
    expect(seen).toEqual({ item: true, group: false });
  });
});
