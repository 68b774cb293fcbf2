// The GitHub workflows call the CLI; these checks keep their command lines in step with the registered options and
// hold the safety properties (OIDC, no secrets, an approval environment and a non-cancelling group for apply).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerApply } from '../../src/cli/apply.js';
import { registerDrift } from '../../src/cli/drift.js';
import { registerPlan } from '../../src/cli/plan.js';
import { registerReport } from '../../src/cli/report.js';
import { registerShow } from '../../src/cli/show.js';

interface Step { name?: string; uses?: string; run?: string; with?: { script?: string } }
interface Job {
  environment?: string;
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
    for (const name of ['plan.yml', 'apply.yml', 'drift.yml']) {
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

  it('plan on pull requests into one sticky comment found by the renderer marker', () => {
    const { text, wf } = read('plan.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(text).toContain('plan --changed-since "origin/$BASE_REF" --out plan.json --format markdown');
    const script = wf.jobs.plan?.steps.find((s) => s.with?.script?.includes('updateComment'))?.with?.script ?? '';
    expect(script).toContain("'<!-- tenantform-plan -->'");
    expect(text).toContain('GITHUB_STEP_SUMMARY');
  });

  it('apply on main behind the production environment, with OIDC and a non-cancelling concurrency group', () => {
    const { text, wf } = read('apply.yml');
    expect(wf.on).toEqual({ push: { branches: ['main'] } });
    expect(wf.jobs.apply?.environment).toBe('production');
    expect(wf.jobs.apply?.permissions?.['id-token']).toBe('write');
    expect(wf.concurrency).toEqual({ group: 'tenantform-apply', 'cancel-in-progress': false });
    expect(text).toContain('apply plan.json --auto-approve --require-commit --log apply.jsonl');
  });

  it('drift on a schedule, sharded and merged into one issue', () => {
    const { text, wf } = read('drift.yml');
    expect(Object.keys(wf.on)).toContain('schedule');
    expect(text).toContain('report merge shards/*/drift.json');
    expect(wf.jobs.report?.permissions?.issues).toBe('write');
  });

  it('hold no secrets: credentials come from OIDC and repository variables', () => {
    for (const name of ['plan.yml', 'apply.yml', 'drift.yml']) {
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
    expect(read('apply.yml').wf.jobs.apply?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const drift = read('drift.yml').wf;
    expect(drift.jobs.report?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(drift.jobs.drift?.strategy?.matrix?.shard).toEqual(Array.from({ length: Number(drift.env?.SHARDS) }, (_, i) => i + 1));
  });

  it('apply: the plan step goes on to apply when a tenant errored, and stops only when no plan was saved', () => {
    const step = read('apply.yml').wf.jobs.apply?.steps.find((x) => x.name === 'Plan')?.run as string;
    const run = (planWrites: boolean): number => {
      const dir = mkdtempSync(join(tmpdir(), 'tenantform-wf-'));
      // A stand-in for node: `plan` exits 1 as with an errored tenant, saving plan.json or not; `show` succeeds.
      writeFileSync(join(dir, 'node'), `#!/bin/sh\ncase "$2" in plan) ${planWrites ? 'echo {} > plan.json; ' : ''}exit 1;; *) exit 0;; esac\n`, { mode: 0o755 });
      const r = spawnSync('bash', ['-e', '-c', step], { cwd: dir, env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: join(dir, 'summary'), BEFORE: '' } });
      return r.status as number;
    };
    expect(run(true)).toBe(0);
    expect(run(false)).not.toBe(0);
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

const WORKFLOWS = ['plan.yml', 'apply.yml', 'drift.yml'];
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
