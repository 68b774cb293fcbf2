// The reviewed plan is the applied plan: the workflow scripts (.github/scripts) against a fake GitHub API and
// tenantform against the emulator. A pull request's plan is saved as the artifact of its head commit with its digest
// in the sticky comment; the merge applies exactly that artifact, refused when the tenant changed since or when no
// artifact exists; `/tenantform apply` applies it only when approved; a tenant planned in one open pull request is
// locked against the plans of the others.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { Plan } from '../../src/plan/types.js';
import { startFakeGitHub, REPO, TOKEN, type FakeGitHub } from './github-fake.js';
import { cli } from '../support/cli.js';
import { estateFolders, estateSeed, idOf } from '../support/estates.js';
import { writeFolder } from '../support/folders.js';
import { portalChange } from '../support/http.js';

const SCRIPTS = resolve('.github/scripts');
const git = (cwd: string, ...a: string[]): string => execFileSync('git', a, { cwd, encoding: 'utf8' }).trim();

let emu: RunningEmulator;
let gh: FakeGitHub;
let work: string;
beforeEach(async () => {
  emu = await startEmulator({ seed: estateSeed() });
  gh = await startFakeGitHub();
  work = mkdtempSync(join(tmpdir(), 'tenantform-flow-'));
});
afterEach(async () => {
  // Every call the scripts made was one the fake knows.
  expect(gh.unexpected).toEqual([]);
  await gh.close();
  await emu.close();
});

interface Run { code: number; stdout: string; stderr: string; summary: string; output: string }

/** A script as its workflow step runs it: cwd a scratch folder, the runner's files, the fake API. */
async function script(name: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const step = mkdtempSync(join(work, 'step-'));
  const files = { GITHUB_STEP_SUMMARY: join(step, 'summary.md'), GITHUB_OUTPUT: join(step, 'output') };
  const full = { PATH: process.env.PATH ?? '', GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: REPO, GITHUB_TOKEN: TOKEN, RUN_URL: 'https://github.test/run/1', ...files, ...env };
  const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [join(SCRIPTS, name), ...args], { cwd: work, env: full });
    return { code: 0, stdout, stderr, summary: read(files.GITHUB_STEP_SUMMARY), output: read(files.GITHUB_OUTPUT) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, summary: read(files.GITHUB_STEP_SUMMARY), output: read(files.GITHUB_OUTPUT) };
  }
}

/** A checkout of a pull request's head: main holds the estate, the head gives `tenant` Ann a new job title. */
function pullRequestHead(name: string, tenant: string, jobTitle: string): { dir: string; sha: string } {
  const root = join(work, name);
  execFileSync('git', ['init', '-q', '-b', 'main', root]);
  const folders = estateFolders();
  for (const f of folders) writeFolder(join(root, 'tenants'), f);
  const commit = (message: string): void => {
    git(root, 'add', '-A');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.test', 'commit', '-q', '-m', message);
  };
  commit('estate');
  git(root, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  const i = folders.findIndex((f) => f.name === tenant);
  writeFolder(join(root, 'tenants'), { ...folders[i]!, sections: { users: [{ userPrincipalName: `ann@${tenant}.com`, displayName: 'Ann', jobTitle }] } });
  commit(`${tenant}: ${jobTitle}`);
  return { dir: join(root, 'tenants'), sha: git(root, 'rev-parse', 'HEAD') };
}

/** The plan job of pull request `number`: plan (as plan.yml does), locks, upload only when not locked, comment. */
async function planJob(number: number, tenant: string, jobTitle: string) {
  const head = pullRequestHead(`pr-${number}`, tenant, jobTitle);
  gh.pulls.set(number, { number, state: 'open', head: { sha: head.sha }, html_url: `https://github.test/pull/${number}`, mergeable: true, mergeable_state: 'blocked', merged_at: null });
  const out = mkdtempSync(join(work, `job-${number}-`));
  const c = cli();
  const plan = join(out, 'plan.json');
  const code = await runPlan({ dir: head.dir, changedSince: 'origin/main', out: plan, format: 'markdown', detailedExitcode: true, emulator: emu.url }, c.deps);
  writeFileSync(join(out, 'plan.md'), c.out());
  const env = { PR_NUMBER: String(number), HEAD_SHA: head.sha };
  const locks = await script('pr-plan.mjs', ['locks', '--plan', plan, '--refusal', join(out, 'lock.md')], env);
  if (locks.code === 0) {
    // What actions/upload-artifact does with plan.json and plan.md.
    execFileSync('zip', ['-q', '-j', join(out, 'a.zip'), plan, join(out, 'plan.md')]);
    const id = gh.artifacts.length + 1;
    gh.artifacts.push({ id, name: `tenantform-plan-${head.sha}`, expired: false, created_at: '2026-12-01T10:00:00Z', workflow_run: { head_sha: head.sha }, zip: readFileSync(join(out, 'a.zip')) });
  }
  const comment = await script('pr-plan.mjs', ['comment', '--plan', plan, '--md', join(out, 'plan.md'), '--refusal', join(out, 'lock.md')], env);
  expect(comment.code, comment.stderr).toBe(0);
  const body = gh.comments.get(number)?.[0]?.body ?? '';
  return { code, head, plan: JSON.parse(readFileSync(plan, 'utf8')) as Plan, locks, body };
}

function merge(number: number): string {
  const pull = gh.pulls.get(number)!;
  Object.assign(pull, { state: 'closed', merged_at: '2026-12-01T11:00:00Z' });
  const sha = `${number}`.padStart(40, 'e');
  gh.commitPulls.set(sha, [number]);
  return sha;
}

const apply = async (plan: string, dir: string) => {
  const c = cli();
  return { code: await runApply({ plan, dir, emulator: emu.url, log: join(work, 'apply.jsonl') }, c.deps), out: c.out(), err: c.err() };
};
const inSync = async (dir: string, tenant: string) => runPlan({ dir, tenant: [tenant], emulator: emu.url, detailedExitcode: true }, cli().deps);

describe('the reviewed plan is the applied plan', () => {
  it('plans a pull request into an artifact and a comment with its digest, and applies that artifact at merge', { timeout: 60_000 }, async () => {
    const pr = await planJob(1, 'alpine', 'Director');
    expect(pr.code).toBe(2);
    expect(pr.plan.tenants.map((t) => t.name)).toEqual(['alpine']);
    expect(pr.body).toContain(`Plan digest: \`${pr.plan.digest}\``);
    expect(pr.body).toContain(`<!-- tenantform-head: ${pr.head.sha} -->`);
    expect(pr.body).toContain('<!-- tenantform-lock: alpine -->');

    const fetched = join(work, 'fetched.json');
    const prepare = await script('fetch-plan.mjs', ['--merged', merge(1), '--out', fetched]);
    expect(prepare.code, prepare.stderr).toBe(0);
    expect(prepare.summary).toContain(`Plan digest: \`${pr.plan.digest}\``);
    expect(prepare.output).toContain(`digest=${pr.plan.digest}\n`);
    const verify = await script('fetch-plan.mjs', ['--verify', fetched, '--digest', pr.plan.digest]);
    expect(verify.code, verify.stderr).toBe(0);
    const applied = await apply(fetched, pr.head.dir);
    expect(applied.out).toContain('Tenant alpine: applied — 1 completed');
    expect(applied.code).toBe(0);
    expect(await inSync(pr.head.dir, 'alpine')).toBe(0);
  });

  it('refuses at apply an artifact whose tenant changed out of band since the plan', { timeout: 60_000 }, async () => {
    const pr = await planJob(1, 'alpine', 'Director');
    await portalChange(emu, idOf(0), [{ method: 'PATCH', url: '/users/ann@alpine.com', body: { jobTitle: 'Intern' } }]);
    const fetched = join(work, 'fetched.json');
    expect((await script('fetch-plan.mjs', ['--merged', merge(1), '--out', fetched])).code).toBe(0);
    const applied = await apply(fetched, pr.head.dir);
    expect(applied.code).toBe(1);
    expect(applied.out + applied.err).toMatch(/Tenant alpine: refused — .*stale/);
  });

  it('refuses at merge when no artifact exists for the head commit, saying to re-run the plan', { timeout: 60_000 }, async () => {
    const pr = await planJob(1, 'alpine', 'Director');
    gh.artifacts.length = 0;
    const fetched = join(work, 'fetched.json');
    const prepare = await script('fetch-plan.mjs', ['--merged', merge(1), '--out', fetched]);
    expect(prepare.code).toBe(1);
    expect(prepare.stderr).toContain(`no plan artifact tenantform-plan-${pr.head.sha}`);
    expect(prepare.stderr).toContain("re-run the pull request's plan workflow");
    expect(existsSync(fetched)).toBe(false);
    expect(prepare.output).toBe('');
  });

  it('applies on `/tenantform apply` only when the pull request is approved at its head and mergeable', { timeout: 60_000 }, async () => {
    const pr = await planJob(1, 'birch', 'Director');
    const fetched = join(work, 'fetched.json');
    const refusal = join(work, 'result.md');
    const env = { COMMENT_AUTHOR_ASSOCIATION: 'MEMBER' };
    const before = await script('fetch-plan.mjs', ['--pr', '1', '--out', fetched, '--refusal', refusal], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('pull request #1 is not approved at its head commit');
    const posted = await script('pr-plan.mjs', ['result', refusal, join(work, 'apply.md')], { PR_NUMBER: '1' });
    expect(posted.code, posted.stderr).toBe(0);
    expect(gh.comments.get(1)?.at(-1)?.body).toMatch(/^## tenantform apply\n\n\*\*tenantform: refused\.\*\* pull request #1 is not approved/);
    expect(await inSync(pr.head.dir, 'birch')).toBe(2);

    gh.reviews.set(1, [{ user: { login: 'reviewer' }, state: 'APPROVED', commit_id: pr.head.sha }]);
    Object.assign(gh.pulls.get(1)!, { mergeable_state: 'clean' });
    const outsider = await script('fetch-plan.mjs', ['--pr', '1', '--out', fetched], { COMMENT_AUTHOR_ASSOCIATION: 'NONE' });
    expect(outsider.stderr).toContain('only a collaborator of the repository may apply');
    const after = await script('fetch-plan.mjs', ['--pr', '1', '--out', fetched], env);
    expect(after.code, after.stderr).toBe(0);
    expect(after.output).toContain(`head_sha=${pr.head.sha}\n`);
    const applied = await apply(fetched, pr.head.dir);
    expect(applied.code).toBe(0);
    expect(await inSync(pr.head.dir, 'birch')).toBe(0);
  });

  it('refuses the plan of a second pull request touching a locked tenant, naming the holder, until it closes', { timeout: 60_000 }, async () => {
    const first = await planJob(1, 'cedar', 'Director');
    expect(first.locks.code).toBe(0);
    const second = await planJob(2, 'cedar', 'Buyer');
    expect(second.locks.code).toBe(1);
    expect(second.locks.stderr).toContain('cedar: locked by #1 (https://github.test/pull/1)');
    // The refused plan shows no digest, takes no lock and saves no artifact: it cannot be applied.
    expect(second.body).toContain('locked by #1');
    expect(second.body).not.toMatch(/Plan digest|tenantform-lock|tenantform-head/);
    expect(gh.artifacts.map((a) => a.name)).toEqual([`tenantform-plan-${first.head.sha}`]);

    Object.assign(gh.pulls.get(1)!, { state: 'closed' });
    writeFileSync(join(work, 'p.json'), JSON.stringify(second.plan));
    expect((await script('pr-plan.mjs', ['locks', '--plan', join(work, 'p.json')], { PR_NUMBER: '2' })).code).toBe(0);
  });
});
