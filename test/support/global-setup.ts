// vitest globalSetup, for the whole run:
// - builds dist/ once, before any test starts, so that tests which run `node dist/cli/main.js` all see one complete
//   build; no test builds, since one running `npm run build` while another spawned the CLI could catch dist/
//   half-written;
// - fails the run when the working tree changed while the tests ran. Tests work in temporary directories only; a test
//   that wrote `.tenantform/`, `plan.json`, `apply.jsonl` or `drift/` into the checkout, edited tenants/ or emulator/,
//   or rebuilt dist/ would make the next run, or the next commit, depend on it. Ignored paths count too (those four
//   are in .gitignore), except node_modules/, where vitest keeps its cache, and coverage/, which --coverage asks for.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { CLI_MAIN, REPO_ROOT } from './examples.js';

export type Snapshot = Map<string, string>;

let before: Snapshot | undefined;

export function setup(): void {
  buildOnce();
  before = snapshot();
}

export function teardown(): void {
  if (!before) return;
  const changed = changedPaths(before, snapshot() ?? new Map());
  if (changed.length === 0) return;
  const lines = changed.map((p) => `  ${p}`);
  process.stderr.write(`\ntest run: the tests changed the working tree (tests must write to temporary directories only):\n${lines.join('\n')}\n`);
  // vitest only logs an error thrown from a global teardown; the exit code is what fails `npm test` and CI.
  process.exitCode = 1;
}

/**
 * Every path `git status` reports (modified, untracked, ignored), each with a stamp of its status and the size and
 * mtime of everything under it; undefined outside a git checkout, where there is nothing to compare against.
 */
export function snapshot(root = REPO_ROOT): Snapshot | undefined {
  let out: string;
  try {
    out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
  const result: Snapshot = new Map();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.length < 4) continue;
    const status = entry.slice(0, 2).trim() || '-';
    const path = entry.slice(3).replace(/\/$/, '');
    // A rename or copy is followed by its source path.
    if (/[RC]/.test(status)) i++;
    if (/^(node_modules|coverage)(\/|$)/.test(path)) continue;
    result.set(path, `${status} ${stamp(join(root, path))}`);
  }
  return result;
}

/** The paths that differ between two snapshots, sorted, each with what happened to it. */
export function changedPaths(before: Snapshot, after: Snapshot): string[] {
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((p) => before.get(p) !== after.get(p))
    .sort()
    .map((p) => `${p} (${what(before.get(p), after.get(p))})`);
}

function what(before: string | undefined, after: string | undefined): string {
  if (before !== undefined) return after === undefined ? 'restored or removed' : 'changed';
  const status = after?.split(' ')[0] ?? '';
  if (status === '??' || status === '!!') return 'new';
  return status.includes('D') ? 'deleted' : 'modified';
}

function stamp(path: string): string {
  if (!existsSync(path)) return 'deleted';
  const parts: string[] = [];
  const walk = (p: string, rel: string) => {
    const st = lstatSync(p);
    parts.push(`${rel}:${st.size}:${st.mtimeMs}`);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(join(p, name), `${rel}/${name}`);
  };
  walk(path, '.');
  return parts.join(',');
}

const CONFIGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function buildOnce(): void {
  const reason = staleReason();
  if (!reason) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  process.stderr.write(`test run: ${reason}; running tsc -p tsconfig.build.json\n`);
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`tsc -p tsconfig.build.json failed:\n${String(e.stdout ?? '')}${String(e.stderr ?? '')}`);
  }
  // As `npm run build` does: the package's bin must be executable for `npx tenantform`.
  chmodSync(CLI_MAIN, 0o755);
}

/** Why dist/ needs building, or undefined when every source is older than its output (tsc rewrites every output). */
function staleReason(): string | undefined {
  if (!existsSync(CLI_MAIN)) return 'dist/cli/main.js is missing';
  if ((statSync(CLI_MAIN).mode & 0o111) === 0) return 'dist/cli/main.js is not executable';
  const built = statSync(CLI_MAIN).mtimeMs;
  for (const c of CONFIGS) if (statSync(join(REPO_ROOT, c)).mtimeMs > built) return `${c} is newer than dist/`;
  for (const src of sources(join(REPO_ROOT, 'src'))) {
    const out = join(REPO_ROOT, 'dist', relative(join(REPO_ROOT, 'src'), src).replace(/\.ts$/, '.js'));
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) return `${relative(REPO_ROOT, src)} is newer than its build`;
  }
  return undefined;
}

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}
