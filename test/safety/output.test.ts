// Output that cannot fail: plans of 100,000 changes render in every format, a reader that closes the pipe early does
// not crash the run, and every file a command writes is written atomically, never through a symbolic link and never
// into a missing folder. The CLI cases run the built `dist/cli/main.js` against the emulator over HTTP.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { canonicalJson } from '../../src/plan/fingerprint.js';
import { jsonChunks, renderJson, renderMarkdown, renderText } from '../../src/plan/render/index.js';
import { parsePlan } from '../../src/plan/read.js';
import type { Plan } from '../../src/plan/types.js';
import { buildDriftReport, renderDriftJson } from '../../src/report/build.js';
import { renderDriftHtml } from '../../src/report/html.js';
import { renderDriftMarkdown } from '../../src/report/markdown.js';
import { writeFileAtomic } from '../../src/util/write-file.js';
import { change, plan, tenant } from '../plan/builders.js';
import { CLI_MAIN as MAIN } from '../support/examples.js';
import { tenantformApp, withTenantform } from '../support/access.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { cliEstate } from '../support/estates.js';
import { contoso, contosoDesired, workDir } from '../support/folders.js';
import { stats } from '../support/http.js';
import { PARTNER } from '../support/seed.js';

const N = 100_000;

/** 90,000 creates with one field and 10,000 deletes without, in one tenant. */
function hugePlan(): Plan {
  const changes = Array.from({ length: N }, (_, i) =>
    i % 10 === 0
      ? change('big', i, { address: `user:gone${i}@big.com`, action: 'delete' })
      : change('big', i, { address: `user:u${i}@big.com`, action: 'create', fields: [{ path: 'displayName', after: `User ${i}` }] }),
  );
  return plan([tenant('big', { changes })]);
}

const lines = (text: string): number => text.split('\n').length - 1;
const scratch = (): string => mkdtempSync(join(tmpdir(), 'tenantform-output-'));

interface Run { code: number | null; stdout: string; stderr: string; stdoutLines: number }

/** Runs the built CLI; with `closeAfterFirst` the test closes stdout after the first chunk, as `| head -1` does. */
function tenantform(cwd: string, args: string[], opts: { closeAfterFirst?: boolean; env?: Record<string, string> } = {}): Promise<Run> {
  const env = { PATH: process.env.PATH ?? '', AZURE_CLIENT_ID: '0e2e0e2e-0000-4000-8000-000000000001', AZURE_TENANT_ID: PARTNER, AZURE_CLIENT_SECRET: 'output-test-secret', ...opts.env };
  const child = spawn('node', [MAIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '', stdoutLines: 0 };
  child.stdout.on('data', (chunk: Buffer) => {
    // Only the start and the count are kept: a 100,000-change rendering is tens of megabytes.
    if (run.stdout.length < 4096) run.stdout += chunk.toString('utf8');
    for (const byte of chunk) if (byte === 10) run.stdoutLines++;
    if (opts.closeAfterFirst) child.stdout.destroy();
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ ...run, code }));
  });
}

describe('rendering a plan of 100,000 changes', () => {
  const big = hugePlan();

  it('text: every line of every change, then the totals and the digest', () => {
    const text = renderText(big);
    // Header and blank, 4 lines per create, 3 per delete, the tenant total, a blank, the overall total, the digest.
    expect(lines(text)).toBe(2 + 90_000 * 4 + 10_000 * 3 + 1 + 1 + 1 + 1);
    expect(text).toContain('  + user:u99999@big.com\n      + displayName: "User 99999"\n');
    expect(text.endsWith(`Overall plan: 90000 to add, 0 to change, 10000 to destroy. 1 tenant: 1 with changes, 0 in sync, 0 errored.\nPlan digest: ${big.digest}\n`)).toBe(true);
  });

  it('markdown: cut to the comment limit, destructive list shortened, digest shown', () => {
    const md = renderMarkdown(big, { fullPlan: 'the `plan.json` artifact' });
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md).toContain(`Plan digest: \`${big.digest}\``);
    expect(md).toContain('**10000 destructive changes** — review these first:');
    expect(md).toMatch(/> - … and \d+ more; see the full plan\n/);
    expect(md).toContain('✂️ **Plan cut to fit**: 0 of 1 tenant sections shown. The full plan is in the `plan.json` artifact.');
  });

  it('json: produced change by change, the same bytes as canonical JSON, reads back with its digest', () => {
    const chunks = jsonChunks(big);
    expect(chunks.next().value).toBe('{');
    let count = 1;
    for (const _ of chunks) count++;
    expect(count).toBeGreaterThan(N);
    const json = renderJson(big);
    expect(json).toBe(canonicalJson(big, 2) + '\n');
    expect(parsePlan(json).digest).toBe(big.digest);
  });

  it('drift report of the same plan: markdown, html and json hold every object', () => {
    const report = buildDriftReport(big);
    expect(lines(renderDriftMarkdown(report))).toBeGreaterThan(N);
    expect(renderDriftHtml(report).match(/<tbody class="object" data-address=/g)?.length).toBe(N);
    expect((JSON.parse(renderDriftJson(report)) as { tenants: { objects: unknown[] }[] }).tenants[0]?.objects.length).toBe(N);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the file by rename and leaves no temporary file; a failing write leaves the old content', async () => {
    const dir = scratch();
    const file = join(dir, 'plan.json');
    writeFileSync(file, 'old');
    const inode = statSync(file).ino;
    await writeFileAtomic(file, ['new ', 'content']);
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(statSync(file).ino).not.toBe(inode);
    function* failing(): Generator<string> {
      yield 'x'.repeat(1 << 17);
      throw new Error('renderer broke');
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow(`--out ${file}: cannot write (renderer broke)`);
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['plan.json']);
  });
});

describe('the built CLI', () => {
  let emu: RunningEmulator;
  let bigFile: string;
  beforeAll(async () => {
    // dist/ is built once by the suite's globalSetup (test/support/global-setup.ts), never by a test.
    // The app this test's environment names, registered and consented like tenantform's own.
    emu = await startEmulator({ seed: withApp(withTenantform(cliEstate()), { ...tenantformApp(), clientId: '0e2e0e2e-0000-4000-8000-000000000001', clientSecret: 'output-test-secret' }) });
    bigFile = join(scratch(), 'big.json');
    writeFileSync(bigFile, renderJson(hugePlan()));
  }, 120_000);
  afterAll(async () => {
    await emu?.close();
  });

  /** Contoso declaring 2,000 users the tenant lacks: a plan of several hundred kilobytes, more than a pipe holds. */
  const manyUsers = () => {
    const desired = contosoDesired();
    const users = Array.from({ length: 2000 }, (_, i) => ({ userPrincipalName: `new${i}@contoso.com`, displayName: `New User ${i}` }));
    return workDir([contoso({ ...desired, users: [...(desired.users ?? []), ...users] })]);
  };

  it('show renders a saved plan of 100,000 changes in text and markdown', { timeout: 120_000 }, async () => {
    const text = await tenantform(tmpdir(), ['show', bigFile]);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdoutLines).toBe(390_006);
    const md = await tenantform(tmpdir(), ['show', bigFile, '--format', 'markdown']);
    expect(md).toMatchObject({ code: 0, stderr: '' });
    expect(md.stdout).toMatch(/^<!-- tenantform-plan -->\n## tenantform plan\n\n\*\*Plan: 90000 to add, 0 to change, 10000 to destroy\*\* across 1 tenant\.\n\nPlan digest: `sha256:[0-9a-f]{64}`\n/);
  });

  it('plan | head -1: the closed pipe ends output quietly, the plan is saved, the exit code is the run\'s', { timeout: 120_000 }, async () => {
    const w = manyUsers();
    const run = await tenantform(w.root, ['plan', '--emulator', emu.url, '--detailed-exitcode', '--out', 'plan.json'], { closeAfterFirst: true });
    // stderr holds the tenant's progress line only: no EPIPE noise.
    expect(run.stderr).toMatch(/^tenantform: plan \[1\/1\] contoso: changes \(\d+ changes\) in \d+\.\ds\n$/);
    expect(run.code).toBe(2);
    expect(run.stdout.startsWith('Tenant contoso (')).toBe(true);
    expect(parsePlan(readFileSync(join(w.root, 'plan.json'), 'utf8')).summary.create).toBeGreaterThan(2000);
    const show = await tenantform(w.root, ['show', bigFile], { closeAfterFirst: true });
    expect(show).toMatchObject({ code: 0, stderr: '' });
  });

  it('shows the digest, and "signed" with a key, in plan and show alike', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const env = { TENANTFORM_PLAN_KEY: 'output-test-key' };
    const run = await tenantform(w.root, ['plan', '--emulator', emu.url, '--out', 'plan.json'], { env });
    const saved = parsePlan(readFileSync(join(w.root, 'plan.json'), 'utf8'));
    expect(saved.signature).toBeDefined();
    const line = `Plan digest: ${saved.digest} (signed)\n`;
    expect(run.stdout).toContain(`errored.\n${line}\nSaved the plan to plan.json.`);
    expect((await tenantform(w.root, ['show', 'plan.json'])).stdout.endsWith(line)).toBe(true);
    expect((await tenantform(w.root, ['show', 'plan.json', '--format', 'markdown'])).stdout).toContain(`Plan digest: \`${saved.digest}\` (signed)\n`);
  });

  it('--out into a missing folder: one line, exit 1, no tenant read, nothing written', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    // The stats read itself is a control request; everything else must stay as it was.
    const requests = async (): Promise<Record<string, number>> => ({ ...(await stats(emu)).requests, control: 0 });
    const before = await requests();
    const out = join(w.root, 'missing', 'plan.json');
    const run = await tenantform(w.root, ['plan', '--emulator', emu.url, '--out', out]);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: `tenantform: --out ${out}: folder ${join(w.root, 'missing')} does not exist\n` });
    expect(existsSync(join(w.root, 'missing'))).toBe(false);
    expect(await requests()).toEqual(before);
  });

  it('every option that writes a file refuses a symbolic link and leaves its target untouched', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const precious = join(w.root, 'precious.txt');
    writeFileSync(precious, 'do not overwrite');
    const link = (path: string): string => (symlinkSync(precious, path), path);
    const plan = link(join(w.root, 'plan.json'));
    const planRun = await tenantform(w.root, ['plan', '--emulator', emu.url, '--out', plan]);
    expect(planRun).toMatchObject({ code: 1, stdout: '', stderr: `tenantform: --out ${plan}: is a symbolic link; refusing to write through it\n` });

    const merged = link(join(w.root, 'merged.json'));
    const mergeRun = await tenantform(w.root, ['report', 'merge', bigFile, '--out', merged]);
    expect(mergeRun).toMatchObject({ code: 1, stderr: `tenantform: --out ${merged}: is a symbolic link; refusing to write through it\n` });

    mkdirSync(join(w.root, 'drift'));
    const driftMd = link(join(w.root, 'drift', 'drift.md'));
    const driftRun = await tenantform(w.root, ['drift', '--emulator', emu.url, '--out-dir', join(w.root, 'drift')]);
    expect(driftRun).toMatchObject({ code: 1, stderr: `tenantform: --out-dir ${driftMd}: is a symbolic link; refusing to write through it\n` });

    const log = link(join(w.root, 'apply.jsonl'));
    const applyRun = await tenantform(w.root, ['apply', bigFile, '--log', log]);
    expect(applyRun).toMatchObject({ code: 1, stderr: `tenantform: --log ${log}: is a symbolic link; refusing to write through it\n` });

    expect(readFileSync(precious, 'utf8')).toBe('do not overwrite');
    for (const p of [plan, merged, driftMd, log]) expect(lstatSync(p).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(w.root, 'drift'))).toEqual(['drift.md']);
  });

  it('--out writes atomically: the saved plan replaces the old file and no temporary file is left', { timeout: 60_000 }, async () => {
    const w = workDir([contoso()]);
    const dir = scratch();
    const out = join(dir, 'plan.json');
    writeFileSync(out, 'an older plan');
    const inode = statSync(out).ino;
    const run = await tenantform(w.root, ['plan', '--emulator', emu.url, '--out', out, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(statSync(out).ino).not.toBe(inode);
    expect(readdirSync(dir)).toEqual(['plan.json']);
    expect(parsePlan(readFileSync(out, 'utf8')).tenants[0]?.name).toBe('contoso');
    const merged = join(dir, 'merged.md');
    expect((await tenantform(w.root, ['report', 'merge', out, '--out', merged, '--format', 'markdown'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['merged.md', 'plan.json']);
  });
});
