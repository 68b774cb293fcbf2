// `--changed-since GITREF`: the tenants a pull request touches — those with a changed file in their folder, and those
// whose configuration includes a changed baseline (directly or through nested `extends`).
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { listTenantNames, loadTenants } from '../config/index.js';
import type { KindSpec } from '../config/kind-spec.js';
import { kinds as registeredKinds } from '../kinds/index.js';

const real = (p: string): string => {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
};

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * Files changed between the merge base of `ref` and HEAD and the working tree (so uncommitted edits count locally),
 * plus untracked files, as absolute paths.
 */
export async function changedFiles(repoRoot: string, ref: string): Promise<string[]> {
  const top = (await simpleGit(repoRoot).revparse(['--show-toplevel'])).trim();
  const git = simpleGit(top);
  const base = (await git.raw(['merge-base', ref, 'HEAD'])).trim();
  const diff = await git.raw(['diff', '--name-only', '--no-renames', base]);
  const untracked = await git.raw(['ls-files', '--others', '--exclude-standard']);
  const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);
  return [...new Set([...lines(diff).map((f) => resolve(top, f)), ...lines(untracked).map((f) => resolve(top, f))])].map(real);
}

/** Names of the tenants under `dir` (relative to `repoRoot`, any folder inside the repository) changed since `ref`, sorted. */
export async function changedTenants(repoRoot: string, ref: string, dir: string, kinds: readonly KindSpec[] = registeredKinds): Promise<string[]> {
  const files = await changedFiles(repoRoot, ref);
  if (files.length === 0) return [];
  const tenantsDir = real(resolve(repoRoot, dir));
  const names = await listTenantNames(tenantsDir);
  const hit = new Set(names.filter((name) => files.some((f) => inside(real(resolve(tenantsDir, name)), f))));
  const outside = files.filter((f) => !names.some((name) => inside(real(resolve(tenantsDir, name)), f)));
  if (outside.length > 0) {
    // Baselines: loading tells us which files each tenant merged; tenants with errors are reported by the loader.
    const loaded = await loadTenants({ dir: tenantsDir, kinds });
    const changed = new Set(outside);
    for (const t of loaded.tenants) {
      if (t.files.some((f) => changed.has(real(resolve(process.cwd(), f))))) hit.add(t.name);
    }
  }
  return [...hit].sort();
}
