// `--target` through the commands against the emulator over HTTP: a targeted plan holds exactly the target and the
// changes it depends on and says it is partial; its apply leaves untargeted drift in place; apply re-derives with the
// same targets, so drift outside them since the plan does not refuse it while a change to a targeted object does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { readPlanFile } from '../../src/plan/read.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { portalChange } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: cliEstate() });
});
afterEach(async () => {
  await emu.close();
});

const tenant = () => emu.state.tenants.get(CONTOSO)!;
const user = (upn: string) => tenant().users.get(tenant().upnIndex.get(upn) ?? '');
const changesOf = async (file: string) => (await readPlanFile(file)).tenants[0]!.changes.map((c) => `${c.action} ${c.address}`).sort();

async function planTo(dir: string, file: string, target: string[]) {
  const p = cli();
  const code = await runPlan({ dir, emulator: emu.url, out: file, target }, p.deps);
  return { code, out: p.out(), err: p.err() };
}

describe('plan and apply --target', () => {
  it('plans only the target and its dependencies, warns, applies them, and leaves the rest drifting', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const file = join(w.root, 'plan.json');
    const p = await planTo(w.dir, file, ['membership:finance']);
    expect(p.code).toBe(0);
    // The members' own changes come first (Erin does not exist yet, Alice is updated); Erin's license does not come.
    expect(await changesOf(file)).toEqual(['create user:erin@contoso.com', 'update membership:finance', 'update user:alice@contoso.com']);
    expect((await readPlanFile(file)).targets).toEqual(['membership:finance']);
    expect(p.err).toContain('warning: Resource targeting is in effect (membership:finance)');
    expect(p.out).toContain('Warning: Resource targeting is in effect');

    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(a.out()).toContain('Tenant contoso: applied — 3 completed, 0 failed, 0 skipped');
    expect(user('erin@contoso.com')).toBeDefined();
    expect(user('bob@contoso.com')?.props.department ?? null).toBeNull();

    const again = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, detailedExitcode: true }, again.deps)).toBe(2);
    expect(again.out()).toContain('user:bob@contoso.com');
    expect(again.out()).not.toContain('membership:finance');
  });

  it('applies a targeted plan whose untargeted part changed since, and refuses one whose target changed', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const file = join(w.root, 'plan.json');
    const log = join(w.root, 'apply.jsonl');
    expect((await planTo(w.dir, file, ['user:bob@*'])).code).toBe(0);
    expect(await changesOf(file)).toEqual(['update user:bob@contoso.com']);
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { jobTitle: 'Intern' } }]);
    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log }, a.deps)).toBe(0);
    expect(user('bob@contoso.com')?.props.department).toBe('Finance');
    expect(user('alice@contoso.com')?.props.jobTitle).toBe('Intern');

    expect((await planTo(w.dir, file, ['user:alice@contoso.com'])).code).toBe(0);
    expect(await changesOf(file)).toEqual(['update user:alice@contoso.com']);
    await portalChange(emu, CONTOSO, [{ method: 'PATCH', url: '/users/alice@contoso.com', body: { department: 'Sales' } }]);
    const stale = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, log }, stale.deps)).toBe(1);
    expect(stale.out()).toContain('Tenant contoso: refused — plan is stale: user:alice@contoso.com changed since the plan was made');
    expect(user('alice@contoso.com')?.props.jobTitle).toBe('Intern');
  });

  it('refuses a target that matches nothing, naming it, and saves no plan', async () => {
    const w = workDir([contoso()]);
    const file = join(w.root, 'plan.json');
    const p = await planTo(w.dir, file, ['membership:finance', 'user:nobody@contoso.com']);
    expect(p.code).toBe(1);
    expect(p.err).toContain('tenantform: --target user:nobody@contoso.com: matches no change');
    expect(existsSync(file)).toBe(false);
  });

  it('apply --target without a saved plan plans targeted and applies only that', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const a = cli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, target: ['user:bob@contoso.com'], log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(a.out()).toContain('Tenant contoso: applied — 1 completed, 0 failed, 0 skipped');
    expect(user('bob@contoso.com')?.props.department).toBe('Finance');
    expect(user('erin@contoso.com')).toBeUndefined();
    expect(user('alice@contoso.com')?.props.jobTitle).toBe('Analyst');
  });
});
