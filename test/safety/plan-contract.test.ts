// A saved plan is a contract: apply writes only what planning now would write, under today's policy. Every attack of
// a hand-edited, outlived or reverted plan runs through the built CLI against the emulator and must write nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { sealPlan } from '../../src/plan/digest.js';
import type { Change, Plan } from '../../src/plan/types.js';
import { withTenantform } from '../support/access.js';
import { cliEstate } from '../support/estates.js';
import { type Folder, writeFolder } from '../support/folders.js';
import { portalChange, stats } from '../support/http.js';
import { ADMIN, CONTOSO } from '../support/seed.js';
import { runBuilt, type Run } from '../support/cli.js';

const KEY = 'plan-signing-key-0123456789';

const tenantform = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> => runBuilt(cwd, args, env);

const desired = (extra: Partial<Folder['sections']> = {}): Folder => ({
  name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections: {
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller' },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: 'Finance' },
      { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
    ],
    policy: { protected: [ADMIN] },
    ...extra,
  },
});

describe('apply re-derives the plan before it writes', () => {
  let emu: RunningEmulator;
  let root: string;
  let dir: string;
  const writes = async (): Promise<number> => (await stats(emu)).tenants.find((t) => t.tenantId === CONTOSO)?.auditEntries ?? -1;
  const planFile = () => join(root, 'plan.json');
  const readPlan = (): Plan => JSON.parse(readFileSync(planFile(), 'utf8')) as Plan;
  const savePlan = (p: Plan): void => writeFileSync(planFile(), JSON.stringify(sealPlan(p)));
  const plan = (env?: Record<string, string>) => tenantform(root, ['plan', '--dir', dir, '--emulator', emu.url, '--out', planFile()], env);
  const apply = (env?: Record<string, string>) =>
    tenantform(root, ['apply', planFile(), '--auto-approve', '--dir', dir, '--emulator', emu.url, '--log', join(root, 'apply.jsonl')], env);

  beforeEach(async () => {
    emu = await startEmulator({ seed: withTenantform(cliEstate()) });
    root = mkdtempSync(join(tmpdir(), 'tenantform-contract-'));
    execFileSync('git', ['init', '-q', root]);
    dir = join(root, 'tenants');
    writeFolder(dir, desired());
  });
  afterEach(async () => {
    await emu?.close();
  });

  it('applies an untouched plan, and applying it again is a verified no-op', { timeout: 60_000 }, async () => {
    expect((await plan()).code).toBe(0);
    expect(readPlan().digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const first = await apply();
    expect(first.stdout).toContain(`Applying plan ${readPlan().digest}`);
    expect(first.stdout).toContain('Apply complete: 3 completed, 0 failed, 0 skipped');
    expect(first.code).toBe(0);
    const log = readFileSync(join(root, 'apply.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { digest: string });
    expect(log.every((e) => e.digest === readPlan().digest)).toBe(true);
    const before = await writes();
    const again = await apply();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already applied: every change of the plan is live');
    expect(await writes()).toBe(before);
  });

  it('refuses a plan file edited without its digest, before any request', { timeout: 60_000 }, async () => {
    await plan();
    const p = readPlan();
    (p.tenants[0]?.changes.find((c) => c.address === 'user:alice@contoso.com')?.fields[0] as { after: unknown }).after = 'Owner';
    writeFileSync(planFile(), JSON.stringify(p));
    const before = await writes();
    const r = await apply();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the file was edited after it was made');
    expect(await writes()).toBe(before);
  });

  const attacks: [string, (p: Plan) => void, RegExp][] = [
    ['an edited after value', (p) => {
      const c = p.tenants[0]?.changes.find((x) => x.address === 'user:alice@contoso.com') as Change;
      c.fields = c.fields.map((f) => (f.path === 'jobTitle' ? { ...f, after: 'Owner' } : f));
      c.after = { ...c.after, jobTitle: 'Owner' };
    }, /update user:alice@contoso\.com: field jobTitle differs from what planning now gives/],
    ['an added delete of a protected, undeclared user without a fingerprint', (p) => {
      p.tenants[0]?.changes.push({ ...(p.tenants[0].changes[0] as Change), id: 'contoso/99', address: `user:${ADMIN}`, action: 'delete', reason: 'pruned', fields: [], before: { userPrincipalName: ADMIN }, after: null, liveFingerprint: null, dependsOn: [], destructive: true });
    }, /delete user:admin@contoso\.onmicrosoft\.com carries no fingerprint/],
    ['an added delete with a made-up fingerprint', (p) => {
      p.tenants[0]?.changes.push({ ...(p.tenants[0].changes[0] as Change), id: 'contoso/99', address: `user:${ADMIN}`, action: 'delete', reason: 'pruned', fields: [], before: { userPrincipalName: ADMIN }, after: null, liveFingerprint: `sha256:${'1'.repeat(64)}`, dependsOn: [], destructive: true });
    }, /the saved plan would delete user:admin@contoso\.onmicrosoft\.com, but planning now gives no such change/],
    ['an edited fingerprint', (p) => {
      const c = p.tenants[0]?.changes.find((x) => x.address === 'user:bob@contoso.com') as Change;
      c.liveFingerprint = `sha256:${'2'.repeat(64)}`;
    }, /plan is stale: user:bob@contoso\.com changed since the plan was made/],
    ['a dropped change', (p) => {
      if (p.tenants[0]) p.tenants[0].changes = p.tenants[0].changes.filter((x) => x.address !== 'user:bob@contoso.com');
    }, /planning now would also update user:bob@contoso\.com, which the saved plan does not hold/],
  ];
  for (const [name, edit, message] of attacks) {
    it(`refuses ${name}, resealed, with zero writes`, { timeout: 60_000 }, async () => {
      await plan();
      const p = readPlan();
      edit(p);
      savePlan(p);
      const before = await writes();
      const r = await apply();
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(message);
      expect(r.stdout).toContain('re-run plan');
      expect(await writes()).toBe(before);
    });
  }

  it('refuses a plan whose errored status was flipped to changes', { timeout: 60_000 }, async () => {
    // Six E3 licences on five seats: the tenant errors at plan time, with its changes kept for review.
    const licensed = ['alice', 'bob', 'carol', 'x1', 'x2', 'x3'].map((n) => ({ userPrincipalName: `${n}@contoso.com`, displayName: n, usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }));
    writeFolder(dir, desired({ users: licensed }));
    expect((await plan()).code).toBe(1);
    const p = readPlan();
    expect(p.tenants[0]?.status).toBe('error');
    (p.tenants[0] as { status: string }).status = 'changes';
    p.tenants[0]!.diagnostics = [];
    savePlan(p);
    const before = await writes();
    const r = await apply();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/refused — planning contoso now fails: .*SPE_E3/);
    expect(await writes()).toBe(before);
  });

  it('enforces today\'s policy on an outlived plan: a delete over a budget lowered since is refused', { timeout: 60_000 }, async () => {
    await plan();
    expect(readPlan().tenants[0]?.changes.some((c) => c.address === 'user:olduser@contoso.com' && c.action === 'delete')).toBe(true);
    writeFolder(dir, desired({ policy: { protected: [ADMIN], maxDeletes: 0 } }));
    const before = await writes();
    const r = await apply();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('refused — planning contoso now fails: plan refused: 1 deletes exceed maxDeletes 0');
    expect(await writes()).toBe(before);
  });

  it('refuses a plan whose YAML was reverted, instead of calling it applied', { timeout: 60_000 }, async () => {
    await plan();
    writeFolder(dir, { ...desired(), sections: { users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Analyst' }] } });
    const r = await apply();
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('already applied');
    expect(r.stdout).toMatch(/refused — the saved plan differs/);
  });

  it('counts a change made live out of band as done, and applies the rest', { timeout: 60_000 }, async () => {
    await plan();
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Controller' } }]);
    const r = await apply();
    expect(r.stdout + r.stderr).toContain('2 completed, 0 failed, 0 skipped, 1 already live');
    expect(r.code).toBe(0);
    const log = readFileSync(join(root, 'apply.jsonl'), 'utf8');
    expect(log).toContain('"status":"already_live"');
  });

  it('signs plans with TENANTFORM_PLAN_KEY and refuses a bad or missing signature', { timeout: 60_000 }, async () => {
    await plan({ TENANTFORM_PLAN_KEY: KEY });
    expect(readPlan().signature).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const wrong = await apply({ TENANTFORM_PLAN_KEY: 'another-key-entirely' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('signature is not valid for this key');
    const unkeyed = await apply();
    expect(unkeyed.stderr).toContain('the plan is signed but TENANTFORM_PLAN_KEY is not set');
    await plan();
    const unsigned = await apply({ TENANTFORM_PLAN_KEY: KEY });
    expect(unsigned.stderr).toContain('TENANTFORM_PLAN_KEY is set but the plan is not signed');
    await plan({ TENANTFORM_PLAN_KEY: KEY });
    const good = await apply({ TENANTFORM_PLAN_KEY: KEY });
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('Apply complete');
  });
});
