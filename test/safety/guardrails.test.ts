// Guardrails: tenantId mismatch at apply, protected objects, maxDeletes, prune only from complete reads, plans of
// another formatVersion, and --require-commit; each refusal leaves the emulator's state untouched.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatVersionRefusal, requireCommitRefusal } from '../../src/engine/guard.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { applyPolicy } from '../../src/plan/policy.js';
import type { Plan } from '../../src/plan/types.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { tenantState } from '../support/http.js';
import { driver, only } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(entraSeed()) });
});
afterEach(async () => {
  await emu.close();
});

const audit = () => tenantState(emu).audit.length;
const SHA = 'a'.repeat(40);

describe('guardrails against the emulator', () => {
  it('refuses to apply when the YAML tenantId no longer matches the plan, writing nothing', async () => {
    const d = driver(emu);
    const t = loadedTenant({ users: [{ userPrincipalName: 'olduser@contoso.com', ensure: 'absent' }] });
    const plan = await d.plan(t);
    const other = loadedTenant({ users: t.config.users });
    other.config.tenant.tenantId = '6b1a3c6e-0000-4000-8000-0000000000ff';
    const before = audit();
    const summary = await d.apply(plan, other);
    expect(summary.tenants[0]).toMatchObject({ status: 'refused', message: expect.stringMatching(/^tenantId in the plan .* differs from the YAML/) });
    expect(audit()).toBe(before);
  });

  it('never deletes a protected object, declared absent or pruned', async () => {
    const d = driver(emu);
    const t = loadedTenant({
      users: [{ userPrincipalName: 'olduser@contoso.com', ensure: 'absent' }],
      policy: { protected: ['olduser@contoso.com', 'user:bob@contoso.com'], prune: { users: true } },
    });
    const tp = only(await d.plan(t));
    const deletes = tp.changes.filter((c) => c.action === 'delete').map((c) => c.address);
    expect(deletes).toEqual(['user:alice@contoso.com', 'user:carol@contoso.com']);
    expect(tp.diagnostics.map((x) => x.summary).join('\n')).toMatch(/olduser@contoso.com is protected/);
  });

  it('refuses a plan over maxDeletes with zero changes kept', async () => {
    const t = loadedTenant({ users: [{ userPrincipalName: 'alice@contoso.com' }], policy: { prune: { users: true }, maxDeletes: 2 } });
    const tp = only(await driver(emu).plan(t));
    expect(tp).toMatchObject({ status: 'error', changes: [] });
    expect(tp.diagnostics.map((x) => x.summary)).toContain('plan refused: 3 deletes exceed maxDeletes 2');
  });

  it('refuses a plan of another formatVersion, writing nothing', async () => {
    const d = driver(emu);
    const t = loadedTenant({ users: [{ userPrincipalName: 'olduser@contoso.com', ensure: 'absent' }] });
    const plan = await d.plan(t);
    const before = audit();
    const summary = await d.apply({ ...plan, formatVersion: 1 } as unknown as Plan, t);
    expect(summary.status).toBe('failed');
    expect(summary.tenants[0]).toMatchObject({ status: 'refused', message: expect.stringContaining('formatVersion 1') });
    expect(audit()).toBe(before);
    expect((await d.apply(plan, t)).status).toBe('success');
  });
});

describe('guardrails as pure checks', () => {
  it('prunes only kinds whose read was complete', () => {
    const change = (kind: string) => ({ kind, address: `${kind}:x`, action: 'delete' as const, fields: [], before: {}, after: null, reason: 'pruned' as const });
    const out = applyPolicy({
      changes: [change('user'), change('membership')],
      policy: { prune: { users: true, groups: true } },
      reads: { user: { complete: true, prune: true }, membership: { complete: false, prune: true } },
      now: new Date(),
    });
    expect(out.changes.map((c) => c.kind)).toEqual(['user']);
    expect(out.diagnostics.map((d) => d.summary)).toEqual(['membership:x: prune delete dropped (the read was not complete)']);
  });

  it('formatVersion: only the current one passes', () => {
    expect(formatVersionRefusal({ formatVersion: 2 })).toBeUndefined();
    expect(formatVersionRefusal({ formatVersion: 1 })).toMatch(/formatVersion 1; this tenantform applies formatVersion 2 only/);
    expect(formatVersionRefusal({})).toMatch(/formatVersion null/);
  });

  it('--require-commit: the plan must come from a clean checkout at HEAD', () => {
    expect(requireCommitRefusal({ source: { commit: SHA, dirty: false } }, SHA)).toBeUndefined();
    expect(requireCommitRefusal({ source: { commit: SHA, dirty: false } }, 'b'.repeat(40))).toBe(
      'the plan was made at commit aaaaaaaaaaaa but HEAD is bbbbbbbbbbbb; --require-commit refuses it: plan again');
    expect(requireCommitRefusal({ source: { commit: SHA, dirty: true } }, SHA)).toMatch(/uncommitted changes/);
    expect(requireCommitRefusal({ source: { commit: null, dirty: false } }, SHA)).toMatch(/records no commit/);
    expect(requireCommitRefusal({ source: { commit: SHA, dirty: false } }, null)).toMatch(/not a git checkout/);
  });
});
