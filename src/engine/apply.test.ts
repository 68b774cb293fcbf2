import { describe, expect, it } from 'vitest';
import type { LoadedTenant } from '../config/model.js';
import type { Kind } from '../kinds/contract.js';
import type { Plan } from '../plan/types.js';
import { applyExitCode, applyPlan, type ApplyLogEntry } from './apply.js';
import { planRun } from './run.js';
import { tenantIdOf } from '../../test/support/folders.js';
import { type Item, loaded, memoryKind, MemoryStore, orgClients } from '../../test/support/memory-kind.js';

const now = new Date('2026-11-22T10:00:00Z');

function world(items: Item[], seed: Record<string, string> = {}) {
  const store = new MemoryStore(seed);
  const kind = memoryKind(() => store);
  const tenants = [loaded('contoso', { items })];
  const clientsFor = (t: LoadedTenant) => orgClients(tenantIdOf(t.name));
  const log: ApplyLogEntry[] = [];
  const plan = () => planRun({ tenants, kinds: [kind], clientsFor, now });
  const apply = (p: Plan, extra: { concurrency?: number; kinds?: Kind[] } = {}) =>
    applyPlan({ plan: p, tenants, kinds: extra.kinds ?? [kind], clientsFor, log: (e) => log.push(e), concurrency: extra.concurrency });
  return { store, kind, tenants, log, plan, apply };
}

describe('applyPlan', () => {
  it('keeps what a kind tells the user (an approval link) in the summary and the log, with secrets redacted', async () => {
    const w = world([{ name: 'rel', value: 'r' }]);
    const base = w.kind;
    const kind: Kind = { ...(base as unknown as Kind), apply: async (c, ctx) => ({ ...(await base.apply(c, ctx)), message: `approve at https://example.test/${ctx.secret('TOKEN')}` }) };
    const plan = await w.plan();
    const summary = await applyPlan({ plan, tenants: w.tenants, kinds: [kind], clientsFor: (t) => orgClients(tenantIdOf(t.name)), log: (e) => w.log.push(e), secret: () => 's3cr3t' });
    expect(summary.tenants[0]?.notes).toEqual([{ id: 'contoso/1', address: 'item:rel', message: expect.stringMatching(/^approve at https:\/\/example.test\/(?!s3cr3t)/) }]);
    expect(w.log.find((e) => e.status === 'completed')?.message).toBe(summary.tenants[0]?.notes[0]?.message);
  });

  it('applies in dependency order, logs every step, and re-planning afterwards yields no changes', async () => {
    const w = world([
      { name: 'member', value: 'm', after: ['item:group'] },
      { name: 'group', value: 'g', after: ['item:owner'] },
      { name: 'owner', value: 'o' },
      { name: 'old', ensure: 'absent' },
    ], { old: 'x' });
    const plan = await w.plan();
    const summary = await w.apply(plan, { concurrency: 4 });
    expect(summary.status).toBe('success');
    expect(applyExitCode(summary)).toBe(0);
    const order = w.store.applied.map((id) => plan.tenants[0]!.changes.find((c) => c.id === id)!.address);
    expect(order.indexOf('item:owner')).toBeLessThan(order.indexOf('item:group'));
    expect(order.indexOf('item:group')).toBeLessThan(order.indexOf('item:member'));
    expect(summary.tenants[0]).toMatchObject({ name: 'contoso', status: 'applied', failed: [], skipped: [] });
    expect(summary.tenants[0]?.completed).toHaveLength(4);
    expect(w.log).toHaveLength(8);
    for (const e of w.log) {
      expect(Object.keys(e).sort()).toEqual(
        e.status === 'started' ? ['action', 'address', 'changeId', 'digest', 'status', 'tenant', 'time'] : ['action', 'address', 'changeId', 'digest', 'durationMs', 'status', 'tenant', 'time'],
      );
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    }
    const again = await w.plan();
    expect(again.tenants[0]).toMatchObject({ status: 'in_sync', changes: [] });
  });

  it('refuses a stale tenant and applies nothing there', async () => {
    const w = world([{ name: 'a', value: 'new' }, { name: 'b', value: 'new' }], { a: 'old' });
    const plan = await w.plan();
    w.store.put('a', 'changed by someone else');
    const summary = await w.apply(plan);
    expect(summary.status).toBe('failed');
    expect(summary.tenants[0]).toMatchObject({ status: 'refused', message: expect.stringContaining('plan is stale: item:a changed since the plan was made'), completed: [] });
    expect(w.store.applied).toEqual([]);
    expect(w.log).toMatchObject([{ tenant: 'contoso', status: 'refused', error: expect.stringContaining('plan is stale: item:a changed since the plan was made; re-run plan') }]);
  });

  it('applying the same plan twice is a no-op that succeeds and writes nothing', async () => {
    const w = world([{ name: 'a', value: 'new' }], { a: 'old' });
    const plan = await w.plan();
    expect((await w.apply(plan)).status).toBe('success');
    const before = w.store.applied.length;
    const twice = await w.apply(plan);
    expect(twice).toMatchObject({ status: 'success', tenants: [{ status: 'not_applicable', message: 'already applied: every change of the plan is live' }] });
    expect(w.store.applied).toHaveLength(before);
  });

  it('treats an object created since the plan as stale too', async () => {
    const w = world([{ name: 'a', value: 'new' }]);
    const plan = await w.plan();
    w.store.put('a', 'other');
    expect((await w.apply(plan)).tenants[0]?.message).toContain('plan is stale: item:a changed since the plan was made');
  });

  it('skips only the transitive dependants of a failed change', async () => {
    const w = world([
      { name: 'base', value: '1' },
      { name: 'mid', value: '1', after: ['item:base'] },
      { name: 'leaf', value: '1', after: ['item:mid'] },
      { name: 'free', value: '1' },
    ]);
    w.store.failApply.add('base');
    const plan = await w.plan();
    const ids = Object.fromEntries(plan.tenants[0]!.changes.map((c) => [c.address, c.id]));
    const summary = await w.apply(plan);
    const t = summary.tenants[0]!;
    expect(t.status).toBe('failed');
    expect(t.completed).toEqual([ids['item:free']]);
    expect(t.failed).toEqual([{ id: ids['item:base'], address: 'item:base', error: 'cannot create base' }]);
    expect(t.skipped.map((s) => [s.address, s.reason])).toEqual([
      ['item:mid', `${ids['item:base']} failed`],
      ['item:leaf', `${ids['item:base']} failed`],
    ]);
    expect(w.log.filter((e) => e.status === 'skipped').map((e) => e.address)).toEqual(['item:mid', 'item:leaf']);
  });

  it('keeps at most `concurrency` changes in flight', async () => {
    const w = world(Array.from({ length: 12 }, (_, i) => ({ name: `n${i}`, value: 'v' })));
    w.store.applyDelayMs = 5;
    const summary = await w.apply(await w.plan(), { concurrency: 3 });
    expect(summary.tenants[0]?.completed).toHaveLength(12);
    expect(w.store.maxInFlight).toBe(3);
  });

  it('re-checks the tenant id before touching a tenant', async () => {
    const w = world([{ name: 'a', value: '1' }]);
    const plan = await w.plan();
    const log: ApplyLogEntry[] = [];
    const summary = await applyPlan({ plan, tenants: w.tenants, kinds: [w.kind], clientsFor: () => orgClients('11111111-0000-4000-8000-000000000000'), log: (e) => log.push(e) });
    expect(summary.tenants[0]?.message).toBe(`planning contoso now fails: tenantId mismatch: YAML says ${tenantIdOf('contoso')}, credentials reach 11111111-0000-4000-8000-000000000000; nothing was applied`);
    expect(w.store.applied).toEqual([]);
  });

  it('does not apply tenants whose plan errored and reports them as refused', async () => {
    const w = world([{ name: 'a', value: '1' }]);
    const plan = await w.plan();
    plan.tenants[0]!.status = 'error';
    const summary = await w.apply(plan);
    expect(summary.tenants[0]).toMatchObject({ status: 'refused', message: 'the plan has errors for this tenant; nothing was applied' });
    expect(w.store.applied).toEqual([]);
  });

  it('keeps secret values out of error text and the log', async () => {
    const store = new MemoryStore();
    const base = memoryKind(() => store);
    const kind: Kind<Item, unknown> = {
      ...base,
      async apply(_change, ctx) {
        throw new Error(`password ${ctx.secret('initialPassword')} rejected by policy`);
      },
    } as Kind<Item, unknown>;
    const tenants = [loaded('contoso', { items: [{ name: 'a', value: '1' }] })];
    const clientsFor = () => orgClients(tenantIdOf('contoso'));
    const plan = await planRun({ tenants, kinds: [kind as Kind], clientsFor, now });
    const log: ApplyLogEntry[] = [];
    const summary = await applyPlan({ plan, tenants, kinds: [kind as Kind], clientsFor, log: (e) => log.push(e), secret: () => 'Hunter2-Secret!' });
    expect(summary.tenants[0]?.failed[0]?.error).toBe('password (sensitive) rejected by policy');
    expect(JSON.stringify(log)).not.toContain('Hunter2');
  });

  it('reports tenants without changes as not applicable, and unknown kinds as a refusal', async () => {
    const w = world([{ name: 'a', value: '1' }], { a: '1' });
    const inSync = await w.apply(await w.plan());
    expect(inSync).toEqual({ status: 'success', tenants: [{ name: 'contoso', status: 'not_applicable', message: 'no changes', completed: [], notes: [], failed: [], skipped: [] }] });
    const w2 = world([{ name: 'a', value: '2' }], { a: '1' });
    const refused = await w2.apply(await w2.plan(), { kinds: [] });
    expect(refused.tenants[0]?.message).toBe('the plan has changes of kind item, which this tenantform does not know');
  });
});
