// One errored tenant does not hold back the others: through the CLI against the emulator, a tenant whose tenantId
// names no tenant the partner can reach errors at plan time, and apply (of the saved plan, or planning itself) applies
// the healthy tenant, refuses the errored one, names it, and exits 1 after the others ran.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, type Folder, workDir } from '../support/folders.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: cliEstate() });
});
afterEach(async () => {
  await emu.close();
});

const healthy = (jobTitle: string): Folder => contoso({
  users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle }],
} as Folder['sections']);
const ghost: Folder = {
  name: 'ghost', tenantId: '6b1a3c6e-0000-4000-8000-0000000000ee', domains: ['ghost.com'],
  sections: { users: [{ userPrincipalName: 'gus@ghost.com', displayName: 'Gus' }] },
};

async function inSync(dir: string): Promise<number> {
  return runPlan({ dir, emulator: emu.url, tenant: ['contoso'], detailedExitcode: true }, cli().deps);
}

describe('partial apply', () => {
  it('applies the saved plan to the healthy tenant while the errored one is refused, and exits 1', { timeout: 60_000 }, async () => {
    const w = workDir([healthy('Controller'), ghost]);
    const plan = join(w.root, 'plan.json');
    const p = cli();
    expect(await runPlan({ dir: w.dir, emulator: emu.url, out: plan }, p.deps)).toBe(1);
    expect(p.out()).toContain('Tenant ghost (6b1a3c6e-0000-4000-8000-0000000000ee): error');

    const a = cli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, plan, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.out()).toContain('Tenant contoso: applied — 1 completed, 0 failed, 0 skipped');
    expect(a.out()).toContain('Tenant ghost: refused — the plan has errors for this tenant; nothing was applied');
    expect(a.out()).toContain('Not applied in full: ghost (refused); the other tenants were applied.');
    expect(await inSync(w.dir)).toBe(0);
  });

  it('plans and applies with --auto-approve, naming the errored tenant it leaves out', { timeout: 60_000 }, async () => {
    const w = workDir([healthy('Auditor'), ghost]);
    const a = cli();
    expect(await runApply({ dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.err()).toContain('not applying ghost: the plan has errors for it; the other tenants are applied');
    expect(a.out()).toContain('Tenant contoso: applied — 1 completed');
    expect(a.out()).toContain('Not applied in full: ghost (refused)');
    expect(await inSync(w.dir)).toBe(0);
  });
});
