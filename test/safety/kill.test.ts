// An apply killed part-way (the process dies between two changes, SIGKILL) and run again converges: the re-plan
// holds only what is left, applying it completes, and nothing exists twice.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'rolldown';
import { afterEach, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTenantform } from '../support/access.js';
import { randomEstate } from '../support/folders.js';
import { duplicates } from '../support/http.js';
import { driver, only } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
});

// Inside the worktree so that the bundle's bare imports (yaml, msal, …) resolve from node_modules.
const WORK = resolve('node_modules/.cache/tenantform-safety');

async function bundleChild(): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, 'apply-child.mjs');
  await build({
    input: resolve('test/safety/apply-child.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    output: { file, format: 'esm' },
    logLevel: 'silent',
  });
  return file;
}

const completed = (log: string): number =>
  existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('"status":"completed"')).length : 0;

it('an apply process killed part-way is re-planned and re-applied to convergence', async () => {
  const child = await bundleChild();
  emu = await startEmulator({ seed: withTenantform(entraSeed()), latencyMs: 40 });
  const { tenant } = randomEstate(21, 8);
  const d = driver(emu);
  const plan = await d.plan(tenant);
  const total = only(plan).changes.length;
  expect(total).toBeGreaterThan(8);
  const planFile = join(WORK, 'plan.json');
  const log = join(WORK, 'apply.jsonl');
  writeFileSync(planFile, JSON.stringify(plan));
  writeFileSync(log, '');

  const proc = spawn(process.execPath, [child, emu.url, planFile, log, '21', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const deadline = Date.now() + 15_000;
  while (completed(log) < 4 && Date.now() < deadline && proc.exitCode === null) await sleep(5);
  proc.kill('SIGKILL');
  await exited;
  expect(stderr).toBe('');
  const done = completed(log);
  expect(done).toBeGreaterThanOrEqual(4);
  expect(done).toBeLessThan(total);

  const replan = only(await d.plan(tenant));
  expect(replan.status).toBe('changes');
  expect(replan.changes.length).toBeLessThan(total);
  expect(replan.changes.length).toBeGreaterThan(0);
  const applied = await d.apply(await d.plan(tenant), tenant);
  expect(applied.tenants[0]).toMatchObject({ status: 'applied', failed: [], skipped: [] });
  expect(only(await d.plan(tenant))).toMatchObject({ status: 'in_sync', changes: [] });
  expect(duplicates(emu)).toEqual([]);
});
