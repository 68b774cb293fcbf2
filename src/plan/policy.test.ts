import { describe, expect, it } from 'vitest';
import type { ChangeReason, ProposedChange } from './types.js';
import { applyPolicy, isProtected } from './policy.js';

const now = new Date('2026-11-22T10:00:00Z');
const upd = (address: string, ...paths: string[]): ProposedChange => ({
  kind: 'user',
  address,
  action: 'update',
  fields: paths.map((path) => ({ path, before: 'a', after: 'b' })),
  before: {},
  after: {},
  reason: 'field_changed',
});
const del = (address: string, reason: ChangeReason = 'ensure_absent'): ProposedChange => ({
  kind: 'user',
  address,
  action: 'delete',
  fields: [],
  before: {},
  after: null,
  reason,
});
const reads = { user: { complete: true, prune: true } };

describe('ignore rules', () => {
  it('removes the listed fields only, records them, and drops an update left empty', () => {
    const out = applyPolicy({
      changes: [upd('user:ceo@c.com', 'jobTitle', 'department'), upd('user:cfo@c.com', 'jobTitle')],
      policy: { ignore: [{ address: 'user:c*@c.com', fields: ['jobTitle'], reason: 'HR system', expires: '2027-06-30' }] },
      reads,
      now,
    });
    expect(out.changes.map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([['user:ceo@c.com', ['department']]]);
    expect(out.ignored).toEqual([
      { address: 'user:ceo@c.com', fields: ['jobTitle'], reason: 'HR system', expires: '2027-06-30' },
      { address: 'user:cfo@c.com', fields: ['jobTitle'], reason: 'HR system', expires: '2027-06-30' },
    ]);
    expect(out.diagnostics).toEqual([]);
  });

  it('ignores all fields when the rule lists none, and matches nested paths under a field', () => {
    const all = applyPolicy({ changes: [upd('user:a@c.com', 'x', 'y')], policy: { ignore: [{ address: 'user:a@c.com', reason: 'r' }] }, reads, now });
    expect(all.changes).toEqual([]);
    const nested = applyPolicy({
      changes: [upd('user:a@c.com', 'licenses.SPE_E3.disabledPlans', 'jobTitle')],
      policy: { ignore: [{ address: 'user:a@c.com', fields: ['licenses'], reason: 'r' }] },
      reads,
      now,
    });
    expect(nested.changes[0]?.fields.map((f) => f.path)).toEqual(['jobTitle']);
  });

  it('stops applying an expired rule and warns about it; a rule is valid through its expiry day', () => {
    const rule = { address: 'user:a@c.com', fields: ['jobTitle'], reason: 'temporary', expires: '2026-11-21' };
    const out = applyPolicy({ changes: [upd('user:a@c.com', 'jobTitle')], policy: { ignore: [rule] }, reads, now });
    expect(out.changes).toHaveLength(1);
    expect(out.ignored).toEqual([]);
    expect(out.diagnostics).toMatchObject([{ severity: 'warning', summary: expect.stringContaining('expired on 2026-11-21') }]);
    const sameDay = applyPolicy({ changes: [upd('user:a@c.com', 'jobTitle')], policy: { ignore: [{ ...rule, expires: '2026-11-22' }] }, reads, now });
    expect(sameDay.changes).toEqual([]);
  });

  it('never hides a create or a delete', () => {
    const out = applyPolicy({ changes: [del('user:a@c.com')], policy: { ignore: [{ address: 'user:*', reason: 'r' }] }, reads, now });
    expect(out.changes).toHaveLength(1);
  });
});

describe('protected objects, prune gating and the delete budget', () => {
  it('matches full addresses and bare keys, case-insensitively', () => {
    expect(isProtected('user:BreakGlass@c.com', ['breakglass@c.com'])).toBe(true);
    expect(isProtected('user:breakglass@c.com', ['user:breakglass@c.com'])).toBe(true);
    expect(isProtected('user:notbreakglass@c.com', ['breakglass@c.com'])).toBe(false);
    expect(isProtected('group:breakglass@c.com', ['user:breakglass@c.com'])).toBe(false);
  });

  it('drops deletes and replaces of protected objects with a warning but keeps their updates', () => {
    const replace: ProposedChange = { ...upd('user:bg@c.com', 'x'), action: 'replace' };
    const out = applyPolicy({ changes: [del('user:bg@c.com'), replace, upd('user:bg@c.com', 'jobTitle')], policy: { protected: ['bg@c.com'] }, reads, now });
    expect(out.changes.map((c) => c.action)).toEqual(['update']);
    expect(out.diagnostics.map((d) => d.severity)).toEqual(['warning', 'warning']);
  });

  it('keeps pruned deletes only when the read was complete and prune is on', () => {
    const changes = [del('user:x@c.com', 'pruned'), del('user:y@c.com')];
    expect(applyPolicy({ changes, policy: {}, reads, now }).changes).toHaveLength(2);
    const partial = applyPolicy({ changes, policy: {}, reads: { user: { complete: false, prune: true } }, now });
    expect(partial.changes.map((c) => c.address)).toEqual(['user:y@c.com']);
    expect(partial.diagnostics[0]?.summary).toContain('not complete');
    const off = applyPolicy({ changes, policy: {}, reads: { user: { complete: true, prune: false } }, now });
    expect(off.changes.map((c) => c.address)).toEqual(['user:y@c.com']);
  });

  it('refuses the whole set when deletes exceed maxDeletes, counting replaces', () => {
    const changes = [del('user:a@c.com'), { ...upd('user:b@c.com', 'x'), action: 'replace' as const }, upd('user:c@c.com', 'x')];
    expect(applyPolicy({ changes, policy: { maxDeletes: 2 }, reads, now }).refusal).toBeUndefined();
    const out = applyPolicy({ changes, policy: { maxDeletes: 1 }, reads, now });
    expect(out.changes).toEqual([]);
    expect(out.refusal).toMatchObject({ severity: 'error', summary: 'plan refused: 2 deletes exceed maxDeletes 1' });
  });
});
