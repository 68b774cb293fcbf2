// The children core on plain objects: parents and children keyed by normalised keys, ambiguity as an error naming
// every id, additions, updates and removals of declared lists, and prune of the rest only when asked for.
import { describe, expect, it } from 'vitest';
import { reconcileChildren, type Children, type ParentDecl } from '../../src/kinds/shared/reconcile-children.js';

interface Parent { key: string; id: string }
interface Child { parent: string; list: string; key: string; id?: string; level?: string }

const rules: Children<Parent, Child, Child> = {
  kind: 'test',
  parentAddress: (k) => `parent:${k}`,
  parentKey: (p) => p.key,
  parentId: (p) => p.id,
  parentOf: (c) => c.parent,
  listOf: (c) => c.list,
  childOf: (c) => c.key,
  childId: (c) => c.id ?? c.key,
  same: (d, l) => d.level === l.level,
  keep: (l) => l.key === 'Default',
};

const decl = (key: string, lists: ParentDecl['lists'] = { items: 'authoritative' }): ParentDecl => ({ key, path: `parents[${key}]`, lists });
const want = (parent: string, key: string, level?: string): Child => ({ parent, list: 'items', key, ...(level ? { level } : {}) });
const have = (parent: string, key: string, id: string, level?: string): Child => ({ parent, list: 'items', key, id, ...(level ? { level } : {}) });
const off = { prune: false, complete: false };

describe('children reconcile core', () => {
  it('refuses a parent key two live parents share, naming both ids, and plans nothing for that parent', () => {
    const parents = [{ key: 'Finance', id: 'g2' }, { key: 'finance', id: 'g1' }, { key: 'sales', id: 'g3' }];
    const r = reconcileChildren(rules, [decl('finance'), decl('sales')], [want('finance', 'a'), want('sales', 'b')], [], off, parents);
    expect(r.diagnostics).toEqual([expect.objectContaining({
      severity: 'error', address: 'parent:finance', path: 'parents[finance]',
      summary: 'parent:finance: 2 live objects have this key (ids g1, g2); tenantform will not guess which one the YAML means',
    })]);
    expect(r.parents.map((p) => [p.decl.key, p.parent?.id, p.add.map((c) => c.key)])).toEqual([['sales', 'g3', ['b']]]);
  });

  it('refuses two live children with one key under a parent, naming both ids, and changes nothing there', () => {
    const live = [have('p', 'Alice', 'id-1'), have('p', 'alice', 'id-2'), have('p', 'bob', 'id-3')];
    const r = reconcileChildren(rules, [decl('p')], [want('p', 'carol')], live, off);
    expect(r.parents).toEqual([]);
    expect(r.diagnostics[0]?.summary).toContain('2 live entries have this key (ids id-1, id-2)');
  });

  it('matches keys in any case and in either Unicode form (NFC or NFD)', () => {
    const nfd = 'Jose\u0301@contoso.com';
    const nfc = 'Jos\u00e9@CONTOSO.com';
    const r = reconcileChildren(rules, [decl('Straße')], [want('Straße', nfd)], [have('straße', nfc, 'id-1')], off);
    expect(r.parents).toMatchObject([{ add: [], update: [], remove: [] }]);
    expect(r.diagnostics).toEqual([]);
  });

  it('adds what a list lacks, updates what differs, removes the rest of an authoritative list but keeps protected entries', () => {
    const live = [have('p', 'a', '1', 'read'), have('p', 'b', '2', 'read'), have('p', 'Default', '3', 'none')];
    const r = reconcileChildren(rules, [decl('p')], [want('p', 'a', 'write'), want('p', 'c', 'read'), want('p', 'c', 'read')], live, off);
    expect(r.parents[0]).toMatchObject({ add: [{ key: 'c' }], update: [{ d: { key: 'a', level: 'write' }, l: { id: '1' } }], remove: [{ key: 'b' }] });
  });

  it('only adds to an additive list and leaves undeclared lists of a declared parent alone', () => {
    const live = [have('p', 'x', '1'), { parent: 'p', list: 'owners', key: 'o', id: '2' }];
    const r = reconcileChildren(rules, [decl('p', { items: 'additive' })], [want('p', 'y')], live, off);
    expect(r.parents[0]).toMatchObject({ add: [{ key: 'y' }], remove: [] });
    expect(r.pruned).toEqual([]);
  });

  it('prunes children of undeclared parents only when prune is on and the read complete, and counts them then', () => {
    const live = [have('p', 'a', '1'), have('q', 'b', '2'), have('q', 'Default', '3')];
    const args = [rules, [decl('p')], [want('p', 'a')], live] as const;
    expect(reconcileChildren(...args, off)).toMatchObject({ pruned: [], unmanaged: 0 });
    expect(reconcileChildren(...args, { prune: true, complete: false })).toMatchObject({ pruned: [], unmanaged: 0 });
    expect(reconcileChildren(...args, { prune: false, complete: true })).toMatchObject({ pruned: [], unmanaged: 2 });
    expect(reconcileChildren(...args, { prune: true, complete: true })).toMatchObject({ pruned: [{ id: '2' }], unmanaged: 2 });
  });

  it('never takes a protected principal from its parent, named bare or as an address, and says so', () => {
    const live = [have('p', 'user:Breakglass@contoso.com', '1'), have('p', 'user:x@contoso.com', '2'), have('q', 'group:Admins', '3')];
    const r = reconcileChildren(rules, [decl('p')], [], live, { prune: true, complete: true, protected: ['breakglass@contoso.com', 'group:admins'] });
    expect(r.parents[0]!.remove.map((l) => l.id)).toEqual(['2']);
    expect(r.pruned).toEqual([]);
    expect(r.diagnostics.map((d) => [d.severity, d.summary])).toEqual([
      ['warning', 'parent:p: items user:Breakglass@contoso.com is protected; its planned removal was dropped'],
      ['warning', 'parent:q: items group:Admins is protected; its planned removal was dropped'],
    ]);
  });

  it('handles a large parent in one pass', () => {
    const n = 20_000;
    const live = Array.from({ length: n }, (_, i) => have('p', `m${i}`, `id${i}`));
    const desired = Array.from({ length: n }, (_, i) => want('p', `M${i + 1}`));
    const r = reconcileChildren(rules, [decl('p')], desired, live, off);
    expect(r.parents[0]).toMatchObject({ add: [{ key: `M${n}` }], remove: [{ key: 'm0' }] });
  });
});
