// The GitHub workflows call the CLI; these checks keep their command lines in step with the registered options and
// hold the safety properties (OIDC, no secrets, an approval environment and a non-cancelling group for apply).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { registerApply } from '../../src/cli/apply.js';
import { registerDrift } from '../../src/cli/drift.js';
import { registerPlan } from '../../src/cli/plan.js';
import { registerReport } from '../../src/cli/report.js';
import { registerShow } from '../../src/cli/show.js';

interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  steps: { run?: string; with?: { script?: string } }[];
}
interface Workflow {
  on: Record<string, unknown>;
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
    expect(wf.permissions?.['id-token']).toBe('write');
    expect(wf.concurrency).toEqual({ group: 'tenantform-apply', 'cancel-in-progress': false });
    expect(text).toContain('apply plan.json --auto-approve --log apply.jsonl');
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
});
