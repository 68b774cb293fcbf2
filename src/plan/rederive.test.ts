import { describe, expect, it } from 'vitest';
import { change, tenant } from '../../test/plan/builders.js';
import { ABSENT_FINGERPRINT } from './digest.js';
import { fingerprint } from './fingerprint.js';
import { rederive, type FreshRead } from './rederive.js';
import type { Change } from './types.js';

const bob = { userPrincipalName: 'bob@contoso.com', department: 'Sales' };
const read = (live: Record<string, unknown>, covered: string[] = []): FreshRead => {
  const map = new Map(Object.entries(live));
  return { live: map, covered: (_kind, address) => map.has(address) || covered.includes(address) };
};
const update = (id: string, extra: Partial<Change> = {}): Change =>
  change('contoso', 1, { id, kind: 'user', address: 'user:bob@contoso.com', action: 'update', reason: 'field_changed', fields: [{ path: 'department', before: 'Sales', after: 'Finance' }], liveFingerprint: fingerprint(bob), ...extra });
const del = (id: string, extra: Partial<Change> = {}): Change =>
  change('contoso', 2, { id, kind: 'user', address: 'user:old@contoso.com', action: 'delete', reason: 'ensure_absent', fields: [], after: null, liveFingerprint: fingerprint({ userPrincipalName: 'old@contoso.com' }), ...extra });

describe('rederive', () => {
  it('keeps the saved ids and the derived dependencies of equal changes', () => {
    const saved = tenant('contoso', { changes: [update('contoso/7'), del('contoso/9', { dependsOn: [] })] });
    const derived = tenant('contoso', { changes: [update('contoso/1'), del('contoso/2', { dependsOn: ['contoso/1'] })] });
    const out = rederive(saved, derived, read({ 'user:bob@contoso.com': bob, 'user:old@contoso.com': { userPrincipalName: 'old@contoso.com' } }));
    expect(out).toMatchObject({ ok: true, done: [] });
    expect(out.ok && out.pending.map((c) => [c.id, c.dependsOn])).toEqual([['contoso/7', []], ['contoso/9', ['contoso/7']]]);
  });

  it('counts a delete as done only where the read covers the address', () => {
    const saved = tenant('contoso', { changes: [del('contoso/1')] });
    const derived = tenant('contoso', { status: 'in_sync', changes: [] });
    expect(rederive(saved, derived, read({}, ['user:old@contoso.com']))).toMatchObject({ ok: true, pending: [], done: [{ id: 'contoso/1' }] });
    expect(rederive(saved, derived, read({}))).toMatchObject({ ok: false, refusal: expect.stringContaining('planning now gives no such change') });
  });

  it('ignores ids, order and diagnostics but not values, reasons or ops', () => {
    const saved = tenant('contoso', { changes: [update('contoso/1', { ops: { op: 'calendar', add: [], set: [], remove: ['x'] } })] });
    const same = tenant('contoso', { changes: [update('contoso/5', { ops: { op: 'calendar', add: [], set: [], remove: ['x'] } })], diagnostics: [{ severity: 'info', summary: 'read at noon' }] });
    expect(rederive(saved, same, read({ 'user:bob@contoso.com': bob })).ok).toBe(true);
    const otherOps = tenant('contoso', { changes: [update('contoso/1', { ops: { op: 'calendar', add: [], set: [], remove: ['y'] } })] });
    expect(rederive(saved, otherOps, read({ 'user:bob@contoso.com': bob }))).toMatchObject({ ok: false, refusal: expect.stringContaining('desired object or operations differ') });
    const otherReason = tenant('contoso', { changes: [update('contoso/1', { reason: 'restore', ops: { op: 'calendar', add: [], set: [], remove: ['x'] } })] });
    expect(rederive(saved, otherReason, read({ 'user:bob@contoso.com': bob }))).toMatchObject({ ok: false, refusal: expect.stringContaining('reason is field_changed') });
  });

  it('refuses a change without a fingerprint, a stale object and an errored derivation', () => {
    const derived = tenant('contoso', { changes: [update('contoso/1')] });
    expect(rederive(tenant('contoso', { changes: [update('contoso/1', { liveFingerprint: null })] }), derived, read({ 'user:bob@contoso.com': bob }))).toMatchObject({ ok: false, refusal: expect.stringContaining('carries no fingerprint') });
    expect(rederive(tenant('contoso', { changes: [update('contoso/1')] }), derived, read({ 'user:bob@contoso.com': { ...bob, jobTitle: 'x' } }))).toMatchObject({ ok: false, refusal: expect.stringContaining('plan is stale') });
    const errored = tenant('contoso', { status: 'error', changes: [], diagnostics: [{ severity: 'error', summary: 'reading user failed: graph 503' }] });
    expect(rederive(tenant('contoso', { changes: [update('contoso/1')] }), errored, read({}))).toMatchObject({ ok: false, refusal: 'planning contoso now fails: reading user failed: graph 503; nothing was applied' });
  });

  it('treats a create as done once the object reads back, and never when it is still absent', () => {
    const create = change('contoso', 1, { id: 'contoso/1', kind: 'user', address: 'user:new@contoso.com', action: 'create', reason: 'missing', before: null, liveFingerprint: ABSENT_FINGERPRINT });
    const inSync = tenant('contoso', { status: 'in_sync', changes: [] });
    expect(rederive(tenant('contoso', { changes: [create] }), inSync, read({ 'user:new@contoso.com': { userPrincipalName: 'new@contoso.com' } }))).toMatchObject({ ok: true, done: [{ id: 'contoso/1' }] });
    expect(rederive(tenant('contoso', { changes: [create] }), inSync, read({}, ['user:new@contoso.com'])).ok).toBe(false);
  });
});
