import { describe, expect, it } from 'vitest';
import { diffGdap } from './diff.js';
import type { DesiredGdap, LiveGdap, LiveRelationship } from './model.js';

const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001';
const NOW = '2026-06-01T00:00:00.000Z';

const want = (over: Partial<DesiredGdap> = {}): DesiredGdap => ({
  displayName: 'rel', duration: 'P730D', roles: ['Helpdesk Administrator'], path: 'partner.gdap[0]',
  access: [{ group: 'Agents', roles: ['Helpdesk Administrator'] }], ...over,
});
const gen = (over: Partial<LiveRelationship> = {}): LiveRelationship => ({
  id: 'r1', displayName: 'rel', generation: 1, status: 'active', roles: [HELPDESK], duration: 'P730D', autoExtendDuration: 'PT0S',
  endDateTime: '2027-06-01T00:00:00.000Z', createdDateTime: NOW, etag: 'W/"1"', access: [{ id: 'a1', groupId: GROUP, roles: [HELPDESK], etag: 'W/"a"' }], ...over,
});
const live = (...generations: LiveRelationship[]): LiveGdap => ({ id: generations[generations.length - 1]!.id, displayName: 'rel', generations });
const ctx = { now: new Date(NOW), prune: false, complete: true, facts: { groups: { agents: GROUP } } };

describe('gdap diff', () => {
  it('is in sync with an active relationship carrying the declared access', () => {
    expect(diffGdap([want()], [live(gen())], ctx)).toEqual({ changes: [], diagnostics: [], unmanaged: 0 });
  });

  it('creates a missing relationship with role template ids', () => {
    const { changes } = diffGdap([want()], [], ctx);
    expect(changes[0]).toMatchObject({ action: 'create', after: { displayName: 'rel', roles: [HELPDESK], autoExtendDuration: 'PT0S' } });
  });

  it('reports approval pending with the approval link, and nothing to do', () => {
    const r = diffGdap([want()], [live(gen({ status: 'approvalPending', access: [] }))], ctx);
    expect(r.changes).toEqual([]);
    expect(r.diagnostics?.[0]).toMatchObject({ severity: 'info', detail: expect.stringContaining('granularAdminRelationships/r1') });
  });

  it('warns when an active relationship that does not auto-extend ends within 30 days', () => {
    const r = diffGdap([want()], [live(gen({ endDateTime: '2026-06-20T00:00:00.000Z' }))], ctx);
    expect(r.diagnostics?.[0]).toMatchObject({ severity: 'warning', summary: "GDAP relationship 'rel' expires on 2026-06-20" });
    const extended = diffGdap([want({ autoExtend: 'P180D' })], [live(gen({ endDateTime: '2026-06-20T00:00:00.000Z', autoExtendDuration: 'P180D' }))], ctx);
    expect(extended.diagnostics).toEqual([]);
  });

  it('makes an expired relationship an error pointing at the displayName', () => {
    const r = diffGdap([want()], [live(gen({ status: 'expired', endDateTime: '2026-05-01T00:00:00.000Z' }))], ctx);
    expect(r.changes).toEqual([]);
    expect(r.diagnostics?.[0]).toMatchObject({ severity: 'error', path: 'partner.gdap[0].displayName' });
  });

  it('changes roles in place while created, and plans a successor once active', () => {
    const roles = ['Helpdesk Administrator', 'User Administrator'];
    const created = diffGdap([want({ roles })], [live(gen({ status: 'created', access: [] }))], ctx);
    expect(created.changes[0]).toMatchObject({ action: 'update', after: { roles: [HELPDESK, USER_ADMIN].sort() } });
    expect(created.changes[0]!.ops).toEqual({ op: 'gdap', type: 'patch', id: 'r1', etag: 'W/"1"', roles: [HELPDESK, USER_ADMIN].sort(), duration: 'P730D', autoExtendDuration: 'PT0S' });
    const active = diffGdap([want({ roles })], [live(gen())], ctx);
    expect(active.changes[0]).toMatchObject({ action: 'replace', destructive: true, after: { displayName: 'rel (2)', replaces: 'r1' }, ops: { op: 'gdap', type: 'create', displayName: 'rel (2)' } });
  });

  it('finishes a replacement: access on the successor, then the predecessor is terminated', () => {
    const successor = gen({ id: 'r2', displayName: 'rel (2)', generation: 2, roles: [HELPDESK, USER_ADMIN].sort(), access: [] });
    const r = diffGdap([want({ roles: ['Helpdesk Administrator', 'User Administrator'] })], [live(gen(), successor)], ctx);
    expect(r.changes[0]).toMatchObject({ action: 'update', reason: 'replacement_approved', after: { id: 'r2' } });
    expect(r.changes[0]!.ops).toEqual({ op: 'gdap', type: 'sync', id: 'r2', add: [{ groupId: GROUP, roles: [HELPDESK] }], change: [], remove: [], terminate: ['r1'] });
  });

  it('refuses unknown roles, unknown groups and access roles outside the relationship', () => {
    expect(diffGdap([want({ roles: ['Wizard'] })], [], ctx).diagnostics?.[0]).toMatchObject({ severity: 'error', path: 'partner.gdap[0].roles' });
    expect(diffGdap([want({ access: [{ group: 'Nobody', roles: ['Helpdesk Administrator'] }] })], [], ctx).diagnostics?.[0]).toMatchObject({ path: 'partner.gdap[0].access[0].group' });
    const outside = diffGdap([want({ access: [{ group: 'Agents', roles: ['User Administrator'] }] })], [], ctx);
    expect(outside.diagnostics?.[0]?.summary).toMatch(/not roles of the relationship/);
  });

  it('terminates undeclared relationships only when pruned', () => {
    const other: LiveGdap = { id: 'x', displayName: 'other', generations: [gen({ id: 'x', displayName: 'other' })] };
    expect(diffGdap([], [other], ctx)).toMatchObject({ changes: [], unmanaged: 1 });
    expect(diffGdap([], [other], { ...ctx, prune: true }).changes[0]).toMatchObject({ action: 'delete', reason: 'pruned', ops: { op: 'gdap', type: 'terminate', terminate: ['x'], discard: [], pending: [] } });
  });
});
