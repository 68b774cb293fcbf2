// The GitHub workflows call the CLI; these checks keep their command lines in step with the registered options and
// hold the safety properties (OIDC, no secrets, an approval environment and a non-cancelling group for apply, trusted
// code wherever a token is held, the read-only app for pull requests and drift, the writing app only behind production).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerApply } from '../../src/cli/apply.js';
import { registerDrift } from '../../src/cli/drift.js';
import { registerPlan } from '../../src/cli/plan.js';
import { registerReport } from '../../src/cli/report.js';
import { registerShow } from '../../src/cli/show.js';

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, string | boolean | undefined> & { script?: string } }
interface Job {
  environment?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  'timeout-minutes'?: number;
  permissions?: Record<string, string>;
  strategy?: { matrix?: { shard?: number[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string | number>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}

const read = (name: string): { text: string; wf: Workflow } => {
  const text = readFileSync(`.github/workflows/${name}`, 'utf8');
  return { text, wf: parse(text) as Workflow };
};

function program(): Command {
  const p = new Command('tenantform');
  for (const register of [registerPlan, registerApply, registerShow, registerDrift, registerReport]) register(p);
  return p;
}

/** Every `node dist/cli/main.js <command> ...` line, as its words. */
function invocations(text: string): string[][] {
  return [...text.matchAll(/node dist\/cli\/main\.js ([^\n>]+)/g)].map((m) => (m[1] as string).trim().split(/\s+/));
}

describe('workflows', () => {
  it('use only options the CLI registers', () => {
    const p = program();
    const known = new Set(['validate']);
    for (const name of WORKFLOWS) {
      for (const words of invocations(read(name).text)) {
        let cmd = p.commands.find((c) => c.name() === words[0]);
        if (!cmd) {
          expect(known.has(words[0] as string), `${name}: unknown command ${words[0]}`).toBe(true);
          continue;
        }
        if (words[1] === 'merge') cmd = cmd.commands.find((c) => c.name() === 'merge') as Command;
        const flags = new Set(cmd.options.map((o) => o.long));
        for (const w of words.filter((x) => x.startsWith('--'))) expect(flags.has(w), `${name}: ${words[0]} ${w}`).toBe(true);
      }
    }
  });

  it('plan on pull requests into one sticky comment found by the renderer marker, saved as the artifact of the head', () => {
    const { text, wf } = read('plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(text).toContain('plan --dir pr/tenants --changed-since "origin/$BASE_REF" --out plan.json --format markdown');
    const steps = wf.jobs.plan?.steps ?? [];
    expect(steps.find((s) => s.name === 'Sticky plan comment')?.run).toBe('node .github/scripts/pr-plan.mjs comment --plan plan.json --md plan.md --refusal lock.md');
    expect(readFileSync('.github/scripts/github.mjs', 'utf8')).toContain("PLAN_MARKER = '<!-- tenantform-plan -->'");
    expect(steps.find((s) => s.name === 'Upload plan')?.with?.name).toBe('tenantform-plan-${{ github.event.pull_request.head.sha }}');
    expect(text).toContain('GITHUB_STEP_SUMMARY');
  });

  it('plan: the tool is the base branch; the head is checked out apart for its tenants/ only; the read-only app signs in', () => {
    const { text, wf } = read('plan.yml');
    const job = wf.jobs.plan as Job;
    const [tool, head] = job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(tool?.with).toEqual({ ref: '${{ github.base_ref }}', 'persist-credentials': false });
    expect(head?.with).toMatchObject({ ref: '${{ github.event.pull_request.head.sha }}', path: 'pr', 'sparse-checkout': 'tenants', 'persist-credentials': false });
    for (const words of invocations(text)) expect(words.slice(0, 3), words.join(' ')).toContain('pr/tenants');
    expect(job.env?.AZURE_CLIENT_ID).toBe('${{ vars.AZURE_CLIENT_ID_READ }}');
    expect(read('drift.yml').wf.jobs.drift?.env?.AZURE_CLIENT_ID).toBe('${{ vars.AZURE_CLIENT_ID_READ }}');
    expect(text).not.toContain('TENANTFORM_PLAN_KEY');
  });

  it('no job holding id-token: write runs pull-request code', () => {
    for (const name of WORKFLOWS) {
      const { wf } = read(name);
      const event = Object.keys(wf.on)[0] as string;
      for (const [id, job] of Object.entries(wf.jobs).filter(([, j]) => j.permissions?.['id-token'] === 'write')) {
        const where = `${name}: ${id}`;
        const checkouts = job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
        // The checkout that runs: on pull_request the default would be the merge with the head, so it names the base;
        // push, schedule and issue_comment check out main or the default branch.
        const tool = checkouts.filter((s) => !s.with?.path);
        expect(tool, where).toHaveLength(1);
        expect(tool[0]?.with?.ref, where).toBe(event === 'pull_request' ? '${{ github.base_ref }}' : undefined);
        // A head checkout is data: its own folder, its tenants/ only, no credentials kept, read only through --dir.
        for (const data of checkouts.filter((s) => s.with?.path)) {
          expect(data.with, where).toMatchObject({ path: 'pr', 'sparse-checkout': 'tenants', 'persist-credentials': false });
        }
        for (const step of job.steps) {
          expect(step.uses ?? '', where).not.toMatch(/^\.\//);
          expect((step.run ?? '').replace(/--dir pr\/tenants/g, ''), where).not.toMatch(/\bpr\//);
          expect(Object.keys(step), where).not.toContain('working-directory');
        }
      }
    }
  });

  it('apply on main: prepare fetches the reviewed plan without credentials; apply, behind production, applies that file', () => {
    const { text, wf } = read('apply.yml');
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.concurrency).toEqual({ group: 'tenantform-apply', 'cancel-in-progress': false });
    const prepare = wf.jobs.prepare as Job;
    expect(prepare.environment).toBeUndefined();
    expect(prepare.permissions?.['id-token']).toBeUndefined();
    expect(prepare.steps.map((s) => s.run).filter(Boolean)).toEqual([
      'npm ci',
      'node .github/scripts/fetch-plan.mjs --merged "$MERGE_SHA" --out plan.json',
      'node dist/cli/main.js show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ]);
    const apply = wf.jobs.apply as Job;
    expect(apply.needs).toBe('prepare');
    expect(apply.environment).toBe('production');
    expect(apply.env?.AZURE_CLIENT_ID).toBe('${{ vars.AZURE_CLIENT_ID_WRITE || vars.AZURE_CLIENT_ID }}');
    expect(apply.env?.DIGEST).toBe('${{ needs.prepare.outputs.digest }}');
    expect(apply.steps.map((s) => s.run).filter(Boolean).slice(1)).toEqual([
      'node .github/scripts/fetch-plan.mjs --verify plan.json --digest "$DIGEST"',
      'node dist/cli/main.js apply plan.json --rings --ring-wait "$RING_WAIT" --halt-on-failures "$HALT_ON_FAILURES" --log apply.jsonl',
    ]);
    // Rolled out ring by ring, halting on the canary's failures; the wait and threshold are repository variables.
    const step = apply.steps.find((s) => s.name === 'Apply') as { env?: Record<string, string> };
    expect(step.env).toEqual({ RING_WAIT: "${{ vars.TENANTFORM_RING_WAIT || '0' }}", HALT_ON_FAILURES: "${{ vars.TENANTFORM_HALT_ON_FAILURES || '0' }}" });
    // Merge time never makes a plan of its own.
    expect(text).not.toMatch(/main\.js plan/);
  });

  it('comment-apply: a `/tenantform apply` comment, requirements checked before production, the result posted back', () => {
    const { wf } = read('comment-apply.yml');
    expect(wf.on).toEqual({ issue_comment: { types: ['created'] } });
    const { prepare, apply, report } = wf.jobs as Record<string, Job & { if?: string; concurrency?: unknown }>;
    expect(prepare?.if).toBe("github.event.issue.pull_request && startsWith(github.event.comment.body, '/tenantform apply')");
    expect(prepare?.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'read' });
    expect(prepare?.steps.find((s) => s.name?.startsWith('Fetch'))?.run).toContain('fetch-plan.mjs --pr "$PR"');
    expect(apply?.environment).toBe('production');
    expect(apply?.concurrency).toEqual({ group: 'tenantform-apply', 'cancel-in-progress': false });
    expect(apply?.env?.AZURE_CLIENT_ID).toBe('${{ vars.AZURE_CLIENT_ID_WRITE || vars.AZURE_CLIENT_ID }}');
    expect(apply?.steps.find((s) => s.name === 'Apply')?.run).toContain('node dist/cli/main.js apply plan.json --dir pr/tenants --log apply.jsonl');
    expect(report?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('drift on a schedule, sharded and merged into one issue', () => {
    const { text, wf } = read('drift.yml');
    expect(Object.keys(wf.on)).toContain('schedule');
    expect(text).toContain('report merge shards/*/drift.json');
    expect(wf.jobs.report?.permissions?.issues).toBe('write');
  });

  it('hold no secrets: credentials come from OIDC and repository variables', () => {
    for (const name of WORKFLOWS) {
      const { text } = read(name);
      expect(text).not.toMatch(/secrets\.|CLIENT_SECRET|CERTIFICATE/);
      expect(text).toContain('id-token: write');
    }
  });

  it('bound every job in time, pin every action by full commit SHA with its version, and grant permissions per job', () => {
    for (const name of WORKFLOWS) {
      const { text, wf } = read(name);
      expect(wf.permissions, `${name}: workflow-level permissions`).toEqual({});
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect(job['timeout-minutes'], `${name}: ${id} timeout`).toBeGreaterThan(0);
        expect(job.permissions?.contents, `${name}: ${id} contents`).toBe('read');
        for (const step of job.steps.filter((x) => x.uses)) expect(step.uses, `${name}: ${id}`).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      }
      for (const line of text.split('\n').filter((l) => l.includes('uses:'))) expect(line, name).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      expect(text, `${name}: npm ci already builds`).not.toContain('npm run build');
      expect(text).toContain('node-version: 20');
    }
    expect(read('plan.yml').wf.jobs.plan?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'id-token': 'write' });
    expect(read('apply.yml').wf.jobs.prepare?.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'read' });
    expect(read('apply.yml').wf.jobs.apply?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(read('comment-apply.yml').wf.jobs.apply?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const drift = read('drift.yml').wf;
    expect(drift.jobs.report?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(drift.jobs.drift?.strategy?.matrix?.shard).toEqual(Array.from({ length: Number(drift.env?.SHARDS) }, (_, i) => i + 1));
  });

  it('drift: the issue closes only on a complete, clean report', async () => {
    const script = read('drift.yml').wf.jobs.report?.steps.find((x) => x.with?.script?.includes('issues.update'))?.with?.script as string;
    const summary = { in_sync: 2, drifted: 0, errored: 0, unlinked: 0, tenants: 2, objects: 0 };
    const tenants = [{ name: 'a' }, { name: 'b' }];
    const outcome = async (report: object): Promise<string[]> => {
      const calls: string[] = [];
      const files: Record<string, string> = { 'drift.json': JSON.stringify(report), 'drift.md': '# drift' };
      const github = {
        paginate: async () => [{ number: 7 }],
        rest: { issues: {
          listForRepo: {}, update: async (a: { state?: string }) => void calls.push(a.state ?? 'updated'), create: async () => void calls.push('created'),
        } },
      };
      const context = { serverUrl: 'https://example.test', runId: 1, repo: { owner: 'o', repo: 'r' } };
      const fs = { readFileSync: (f: string) => files[f] };
      await new AsyncFunction('require', 'github', 'context', script)(() => fs, github, context);
      return calls;
    };
    expect(await outcome({ type: 'drift', tenants, summary })).toEqual(['closed']);
    expect(await outcome({ type: 'drift', tenants, summary, shard: { index: 1, total: 2, estate: 4, tenants: ['a', 'b'] } })).toEqual(['updated']);
    expect(await outcome({ type: 'drift', tenants, summary: { ...summary, in_sync: 1, unlinked: 1 } })).toEqual(['updated']);
  });
});

const WORKFLOWS = ['plan.yml', 'apply.yml', 'comment-apply.yml', 'drift.yml'];
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
