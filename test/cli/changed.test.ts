import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { changedTenants } from '../../src/cli/changed.js';
import { runDrift } from '../../src/cli/drift.js';
import { runPlan } from '../../src/cli/plan.js';
import { runReportMerge } from '../../src/cli/report.js';
import { captureDeps } from '../support/cli.js';
import { makeRepo, tenantYaml, writeFiles } from '../support/folders.js';
import { contactKind, MemoryStore } from '../support/memory-kind.js';

const baseline = 'policy:\n  maxDeletes: 5\n';

async function estate() {
  const root = await makeRepo({
    'tenants/_baselines/smb.yaml': baseline,
    'tenants/_baselines/strict.yaml': 'extends: [./smb.yaml]\n',
    'tenants/alpha/tenant.yaml': tenantYaml('alpha', { 'a@x.com': 'A' }),
    'tenants/beta/tenant.yaml': tenantYaml('beta', { 'b@x.com': 'B' }, 'extends: [../_baselines/smb.yaml]'),
    'tenants/gamma/tenant.yaml': tenantYaml('gamma', { 'c@x.com': 'C' }, 'extends: [../_baselines/strict.yaml]'),
    'tenants/delta/tenant.yaml': tenantYaml('delta', {}),
    'README.md': 'hello\n',
  });
  const git = simpleGit(root);
  await git.checkoutLocalBranch('change');
  return { root, git };
}

describe('changedTenants', () => {
  it('is empty without changes and ignores files outside tenants', async () => {
    const { root } = await estate();
    writeFiles(root, { 'README.md': 'changed\n' });
    expect(await changedTenants(root, 'main', 'tenants')).toEqual([]);
  });

  it('selects a tenant whose folder changed, committed or not, including new files', async () => {
    const { root, git } = await estate();
    writeFiles(root, { 'tenants/alpha/tenant.yaml': tenantYaml('alpha', { 'a@x.com': 'A2' }) });
    await git.add('.').then(() => git.commit('alpha'));
    writeFiles(root, { 'tenants/delta/users.yaml': 'users: []\n' });
    expect(await changedTenants(root, 'main', 'tenants')).toEqual(['alpha', 'delta']);
  });

  it('selects every tenant extending a changed baseline, also through nested extends', async () => {
    const { root, git } = await estate();
    writeFiles(root, { 'tenants/_baselines/smb.yaml': 'policy:\n  maxDeletes: 3\n' });
    await git.add('.').then(() => git.commit('baseline'));
    expect(await changedTenants(root, 'main', 'tenants')).toEqual(['beta', 'gamma']);
    expect(await changedTenants(join(root, 'tenants'), 'main', '.')).toEqual(['beta', 'gamma']);
  });

  it('counts changes on the branch only, not later commits on the base', async () => {
    const { root, git } = await estate();
    await git.checkout('main');
    writeFiles(root, { 'tenants/beta/tenant.yaml': tenantYaml('beta', { 'b@x.com': 'B on main' }) });
    await git.add('.').then(() => git.commit('main moves'));
    await git.checkout('change');
    writeFiles(root, { 'tenants/gamma/tenant.yaml': tenantYaml('gamma', { 'c@x.com': 'C2' }) });
    expect(await changedTenants(root, 'main', 'tenants')).toEqual(['gamma']);
  });

  it('plan --changed-since plans just the changed tenant, in markdown; an unknown ref exits 1', async () => {
    const { root } = await estate();
    writeFiles(root, { 'tenants/alpha/tenant.yaml': tenantYaml('alpha', { 'a@x.com': 'A2' }) });
    const stores = new Map<string, MemoryStore>();
    const cap = captureDeps([contactKind(stores)]);
    expect(await runPlan({ dir: join(root, 'tenants'), changedSince: 'main', format: 'markdown' }, cap.deps)).toBe(0);
    expect(cap.out()).toContain('| alpha |');
    expect(cap.out()).not.toMatch(/\| (beta|gamma|delta) \|/);
    const bad = captureDeps([contactKind(stores)]);
    expect(await runPlan({ dir: join(root, 'tenants'), changedSince: 'no-such-ref' }, bad.deps)).toBe(1);
    expect(bad.err()).toContain('--changed-since no-such-ref');
  });
});

describe('drift command and report merge', () => {
  it('writes drift.json, drift.md and drift.html per shard, exits 2 on drift, and merges shards covering every tenant once', async () => {
    const { root } = await estate();
    const stores = new Map([
      ['alpha', new MemoryStore({ 'a@x.com': 'changed live' })],
      ['beta', new MemoryStore({ 'b@x.com': 'B' })],
      ['gamma', new MemoryStore({ 'c@x.com': 'C' })],
    ]);
    const files: string[] = [];
    for (const k of [1, 2, 3]) {
      const outDir = join(root, `out-${k}`);
      const cap = captureDeps([contactKind(stores)]);
      const code = await runDrift({ dir: join(root, 'tenants'), shard: `${k}/3`, outDir, detailedExitcode: true }, cap.deps);
      const report = JSON.parse(readFileSync(join(outDir, 'drift.json'), 'utf8')) as { tenants: { name: string }[] };
      expect(code).toBe(report.tenants.some((t) => t.name === 'alpha') ? 2 : 0);
      expect(existsSync(join(outDir, 'drift.html')) && existsSync(join(outDir, 'drift.md'))).toBe(true);
      files.push(join(outDir, 'drift.json'));
    }
    const cap = captureDeps([]);
    const out = join(root, 'merged.md');
    expect(await runReportMerge({ files, out, format: 'markdown' }, cap.deps)).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('| 4 | 3 | 1 | 0 | 0 | 1 |');
    expect(md).toContain('| `contact:a@x.com` | `value` | `"A"` | `"changed live"` | unknown |');
    rmSync(files[0] as string);
    expect(await runReportMerge({ files, format: 'json' }, cap.deps)).toBe(1);
    expect(cap.err()).toContain('report merge:');
  });
});
