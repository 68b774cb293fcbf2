// The singleton core on plain objects: nothing declared reads nothing; two objects where the service keeps one is an
// error naming both; none is a create when the kind can make it, else an error (never "absent, so create"); only the
// declared fields are compared, and one update carries the kind's typed ops. A failed read is the kind's throw.
import { describe, expect, it } from 'vitest';
import type { DiffContext, FetchContext } from '../../src/kinds/contract.js';
import { changedFields, diffSingleton, fetchSingleton, type Singleton } from '../../src/kinds/shared/reconcile-singleton.js';

type Live = { id: string; a: boolean; b: string | null };
interface Want { a?: boolean; b?: string }

const ctx = { tenant: { tenant: { name: 't', tenantId: 'x', domains: ['t.com'] } }, now: new Date(0), prune: false, complete: true, facts: {} } as DiffContext;
let reads = 0;
const policy = (found: Live[]): Singleton<Want, Live> => ({
  kind: 'policy', address: 'policy:tenant', path: 'policy',
  read: async () => {
    reads++;
    return found;
  },
  id: (l) => l.id,
  fields: (want, have) => changedFields(want, have, ['a', 'b']),
  ops: (_w, _h, fields) => ({ op: 'graphWrite', body: Object.fromEntries(fields.map((f) => [f.path, f.after])) }),
});

describe('singleton reconcile core', () => {
  it('reads nothing when nothing is declared', async () => {
    reads = 0;
    expect(await fetchSingleton(policy([]), {} as FetchContext, [])).toEqual({ live: [], complete: false });
    expect(reads).toBe(0);
    expect(diffSingleton(policy([]), [], [], ctx)).toEqual({ changes: [] });
  });

  it('compares only the declared fields and plans one update with typed ops', () => {
    const live = [{ id: 'p1', a: false, b: 'kept' }];
    expect(diffSingleton(policy(live), [{ a: false }], live, ctx).changes).toEqual([]);
    const [change] = diffSingleton(policy(live), [{ a: true }], live, ctx).changes;
    expect(change).toMatchObject({
      action: 'update', reason: 'field_changed', address: 'policy:tenant', fields: [{ path: 'a', before: false, after: true }],
      before: { id: 'p1', a: false, b: 'kept' }, after: { id: 'p1', a: true, b: 'kept' }, ops: { op: 'graphWrite', body: { a: true } },
    });
  });

  it('refuses two live objects, naming both ids, and plans nothing', () => {
    const live = [{ id: 'p2', a: false, b: null }, { id: 'p1', a: false, b: null }];
    const r = diffSingleton(policy(live), [{ a: true }], live, ctx);
    expect(r.changes).toEqual([]);
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', path: 'policy', summary: expect.stringContaining('2 live objects have this key (ids p1, p2)') })]);
  });

  it('treats none as an error unless the kind can create it', () => {
    expect(diffSingleton(policy([]), [{ a: true }], [], ctx).diagnostics?.[0]).toMatchObject({ severity: 'error', address: 'policy:tenant' });
    const creatable = { ...policy([]), create: () => ({ kind: 'policy', address: 'policy:tenant', action: 'create' as const, before: null, after: {}, reason: 'missing' as const, fields: [] }) };
    expect(diffSingleton(creatable, [{ a: true }], [], ctx).changes.map((c) => c.action)).toEqual(['create']);
  });

  it('passes a failed read on as a failure, never as "none"', async () => {
    const failing = { ...policy([]), read: async (): Promise<Live[]> => { throw new Error('503'); } };
    await expect(fetchSingleton(failing, {} as FetchContext, [{ a: true }])).rejects.toThrow('503');
  });
});
