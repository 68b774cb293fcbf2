// One writer per tenant: two real `tenantform apply` processes of one saved plan against one emulator slowed with
// latency never create an object twice. The second is refused naming the holder (--lock-timeout 0) or waits and
// finds nothing left to do (--lock-timeout 60s); an interrupted apply releases its lock, a SIGKILLed one leaves a
// lock the next apply breaks as stale; and `tenantform unlock` removes a lock after naming its holder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantConfig } from '../../src/config/model.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { CLI_MAIN as MAIN } from '../support/examples.js';
import { withTenantform } from '../support/access.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

const ENV = { PATH: process.env.PATH ?? '', GITHUB_ACTOR: 'octocat', TENANTFORM_INITIAL_PASSWORD: 'Initial-Passw0rd!' };
const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
interface Proc { child: ChildProcess; done: Promise<Run>; stderr: () => string }

function start(cwd: string, args: string[]): Proc {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((r) => child.on('close', (code, signal) => r({ code, signal, stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

const run = (cwd: string, args: string[]): Promise<Run> => start(cwd, args).done;

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Five new users and five new groups, each group with one of the new users as member. */
const sections = (): Omit<TenantConfig, 'tenant'> => ({
  users: NAMES.map((n) => ({ userPrincipalName: `${n}@contoso.com`, displayName: `User ${n}` })),
  groups: NAMES.map((n) => ({ mailNickname: `team-${n}`, displayName: `Team ${n}`, members: [`${n}@contoso.com`] })),
}) as Omit<TenantConfig, 'tenant'>;

/** How many times each declared user and group exists in the emulator. */
function counts(emu: RunningEmulator): Record<string, number> {
  const t = emu.state.tenants.get(CONTOSO)!;
  const out: Record<string, number> = {};
  for (const n of NAMES) {
    out[`user:${n}`] = [...t.users.values()].filter((u) => String(u.props.userPrincipalName).toLowerCase() === `${n}@contoso.com`).length;
    out[`group:${n}`] = [...t.groups.values()].filter((g) => String(g.props.mailNickname) === `team-${n}`).length;
  }
  return out;
}
const once = (): Record<string, number> => Object.fromEntries(NAMES.flatMap((n) => [[`user:${n}`, 1], [`group:${n}`, 1]]));

// dist/ is built once by the suite's globalSetup (test/support/global-setup.ts), never by a test.
let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** A tenants repository with a saved plan that creates the users and groups, against a slow emulator. */
async function setup(): Promise<{ root: string; locks: string; url: string }> {
  emu = await startEmulator({ seed: withTenantform(cliEstate()), latencyMs: 200 });
  const w = workDir([contoso(sections())]);
  const plan = await run(w.root, ['plan', '--emulator', emu.url, '--out', 'plan.json']);
  expect(plan.stdout).toContain('Saved the plan to plan.json.');
  return { root: w.root, locks: join(w.root, '.tenantform/locks'), url: emu.url };
}

const lockFile = (locks: string): string => join(locks, 'contoso.lock');
const apply = (url: string, log: string, ...extra: string[]): string[] => ['apply', 'plan.json', '--auto-approve', '--emulator', url, '--log', log, ...extra];

describe('two applies of one plan at once', { timeout: 180_000 }, () => {
  it('with --lock-timeout 0 the second is refused naming the holder, and every object exists once', async () => {
    const { root, locks, url } = await setup();
    const first = start(root, apply(url, 'a.jsonl', '--lock-timeout', '0'));
    await until('the first apply holds the lock', () => existsSync(lockFile(locks)));
    // Held still while it holds the lock, so that the second surely meets it however fast the machine is.
    first.child.kill('SIGSTOP');
    const second = await run(root, apply(url, 'b.jsonl', '--lock-timeout', '0'));
    first.child.kill('SIGCONT');
    const firstRun = await first.done;

    expect(second.code).toBe(1);
    expect(second.stdout).toContain(`Tenant contoso: refused — tenant contoso is locked by octocat on ${hostname()} (pid ${first.child.pid}, since `);
    expect(second.stdout).toContain('running "tenantform apply plan.json"');
    expect(readFileSync(join(root, 'b.jsonl'), 'utf8')).not.toContain('"started"');
    expect(firstRun.code).toBe(0);
    expect(firstRun.stdout).toContain('Tenant contoso: applied — 15 completed, 0 failed, 0 skipped');
    expect(counts(emu!)).toEqual(once());
    expect(readdirSync(locks)).toEqual([]);
  });

  it('with --lock-timeout 60s the second waits, then finds nothing left to do', async () => {
    const { root, locks, url } = await setup();
    const first = start(root, apply(url, 'a.jsonl'));
    await until('the first apply holds the lock', () => existsSync(lockFile(locks)));
    first.child.kill('SIGSTOP');
    const second = start(root, apply(url, 'b.jsonl', '--lock-timeout', '60s'));
    await until('the second apply waits', () => second.stderr().includes('waiting up to 60s'));
    first.child.kill('SIGCONT');
    const [a, b] = await Promise.all([first.done, second.done]);

    expect(b.stderr).toContain(`tenantform: tenant contoso is locked by octocat on ${hostname()} (pid ${first.child.pid}`);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('Tenant contoso: applied — 15 completed');
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Tenant contoso: already applied');
    expect(counts(emu!)).toEqual(once());
    expect(readdirSync(locks)).toEqual([]);
  });

  it('started together (--lock-dir elsewhere), one applies and the other waits for it or finds it done: nothing is created twice', async () => {
    const { root, url } = await setup();
    const locks = mkdtempSync(join(tmpdir(), 'tenantform-locks-'));
    const both = ['--lock-timeout', '60s', '--lock-dir', locks];
    const runs = await Promise.all([run(root, apply(url, 'a.jsonl', ...both)), run(root, apply(url, 'b.jsonl', ...both))]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(runs.filter((r) => r.stdout.includes('Tenant contoso: applied — 15 completed'))).toHaveLength(1);
    expect(runs.filter((r) => r.stdout.includes('Tenant contoso: already applied'))).toHaveLength(1);
    expect(counts(emu!)).toEqual(once());
    expect(readdirSync(locks)).toEqual([]);
    expect(existsSync(join(root, '.tenantform/locks'))).toBe(false);
  });
});

describe('locks of interrupted applies', { timeout: 180_000 }, () => {
  it('SIGTERM releases the lock; a SIGKILLed apply leaves one that the next apply breaks as stale', async () => {
    const { root, locks, url } = await setup();
    const terminated = start(root, apply(url, 'a.jsonl'));
    await until('the apply holds the lock', () => existsSync(lockFile(locks)));
    terminated.child.kill('SIGTERM');
    expect(await terminated.done).toMatchObject({ code: 143 });
    expect(readdirSync(locks)).toEqual([]);

    const killed = start(root, apply(url, 'b.jsonl'));
    await until('the apply holds the lock', () => existsSync(lockFile(locks)));
    killed.child.kill('SIGKILL');
    expect(await killed.done).toMatchObject({ signal: 'SIGKILL' });
    expect(readdirSync(locks)).toEqual(['contoso.lock']);

    // The same plan applied again breaks the dead run's lock and completes what the interrupted runs left undone.
    const next = await run(root, apply(url, 'c.jsonl'));
    expect(next.stderr).toContain(`tenantform: broke the stale lock of tenant contoso: held by octocat on ${hostname()} (pid ${killed.child.pid}`);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/Tenant contoso: applied — \d+ completed, 0 failed, 0 skipped/);
    expect(counts(emu!)).toEqual(once());
    expect(readdirSync(locks)).toEqual([]);
  });
});

describe('tenantform unlock and bad options', { timeout: 60_000 }, () => {
  const holder = (pid: number) => ({ tenant: 'contoso', owner: 'mallory', host: hostname(), pid, since: '2026-11-22T10:00:00.000Z', command: 'tenantform apply plan.json', id: 'h1' });
  const file = (locks: string): string => join(locks, 'contoso.lock');

  it('refuses a live holder on this host without --force, removes it with --force, and removes a dead one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantform-unlock-'));
    const locks = join(dir, 'locks');
    expect(await run(dir, ['unlock', 'contoso', '--lock-dir', locks])).toMatchObject({
      code: 1, stdout: '', stderr: `tenantform: tenant contoso is not locked (no ${file(locks)})\n`,
    });

    // This test's own process is the live holder.
    mkdirSync(locks);
    writeFileSync(file(locks), JSON.stringify(holder(process.pid)));
    const refused = await run(dir, ['unlock', 'contoso', '--lock-dir', locks]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `tenantform: refusing to unlock tenant contoso: it is held by mallory on ${hostname()} (pid ${process.pid}, since 2026-11-22T10:00:00.000Z, ` +
        'running "tenantform apply plan.json"), a process still running on this host; stop that run, or pass --force\n',
    );
    expect(readdirSync(locks)).toEqual(['contoso.lock']);
    const forced = await run(dir, ['unlock', 'contoso', '--lock-dir', locks, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toBe(
      `Tenant contoso was locked by mallory on ${hostname()} (pid ${process.pid}, since 2026-11-22T10:00:00.000Z, running "tenantform apply plan.json"), ` +
        `a process still running on this host.\nRemoved ${file(locks)}.\n`,
    );
    expect(readdirSync(locks)).toEqual([]);

    const exited = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => exited.on('exit', r));
    writeFileSync(file(locks), JSON.stringify(holder(exited.pid as number)));
    const dead = await run(dir, ['unlock', 'contoso', '--lock-dir', locks]);
    expect(dead.code).toBe(0);
    expect(dead.stdout).toContain(`(pid ${exited.pid}, since 2026-11-22T10:00:00.000Z, running "tenantform apply plan.json"), a process that no longer exists.`);
    expect(readdirSync(locks)).toEqual([]);
  });

  it('refuses a --lock-timeout that is not a duration with one line, before touching anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenantform-unlock-'));
    const bad = await run(dir, ['apply', 'plan.json', '--auto-approve', '--emulator', 'http://127.0.0.1:9', '--lock-timeout', '5x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(`error: option '--lock-timeout <duration>' argument '5x' is invalid. "5x" is not a duration: use e.g. 0, 30s, 5m, 1h or a number of milliseconds\n`);
    expect(readdirSync(dir)).toEqual([]);
  });
});
