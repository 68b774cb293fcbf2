// The working-tree guard of the suite's globalSetup, on a throwaway git repository: it sees the files tests must not
// leave behind even where .gitignore hides them from `git status`, ignores node_modules/, and stands aside outside git.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { changedPaths, snapshot, type Snapshot } from './global-setup.js';

let root: string;
const write = (rel: string, text = 'x\n') => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'ignore' });
const take = (): Snapshot => {
  const s = snapshot(root);
  expect(s).toBeDefined();
  return s!;
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tenantform-guard-'));
  git('init', '-q');
  write('.gitignore', 'node_modules/\ndist/\n.tenantform/\n/plan.json\n/apply.jsonl\n/drift/\n');
  write('tenants/contoso/tenant.yaml', 'tenant: {}\n');
  write('dist/cli/main.js', '// built\n');
  git('add', '.');
  git('commit', '-qm', 'init');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('reports nothing when nothing changed', () => {
  const before = take();
  expect(changedPaths(before, take())).toEqual([]);
});

it('reports ignored outputs, new and edited files under tenants/, and a rebuilt dist/', () => {
  const before = take();
  write('.tenantform/emulator.json', '{}\n');
  write('plan.json', '{}\n');
  write('apply.jsonl', '{}\n');
  write('drift/drift.md', '# drift\n');
  write('tenants/zz-extra/tenant.yaml', 'tenant: {}\n');
  write('tenants/contoso/tenant.yaml', 'tenant: { name: contoso }\n');
  write('dist/cli/main.js', '// rebuilt, and longer\n');
  expect(changedPaths(before, take())).toEqual([
    '.tenantform (new)', 'apply.jsonl (new)', 'dist (changed)', 'drift (new)', 'plan.json (new)',
    'tenants/contoso/tenant.yaml (modified)', 'tenants/zz-extra/tenant.yaml (new)',
  ]);
});

it('sees a change inside an ignored folder that existed before the run', () => {
  write('.tenantform/emulator.json', '{}\n');
  const before = take();
  write('.tenantform/emulator.json', '{"tenants":[]}\n');
  expect(changedPaths(before, take())).toEqual(['.tenantform (changed)']);
});

it('leaves node_modules/ alone, where vitest keeps its cache', () => {
  const before = take();
  write('node_modules/.vite/vitest/results.json', '{}\n');
  expect(changedPaths(before, take())).toEqual([]);
});

it('takes no snapshot outside a git checkout', () => {
  rmSync(join(root, '.git'), { recursive: true, force: true });
  expect(snapshot(root)).toBeUndefined();
});
