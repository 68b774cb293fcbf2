// The one way tests reach the example tenants in tenants/: copy the folders a test names, with the baselines they
// extend and the schemas their `$schema` comments point at, into a temporary repository, and run there. A test that
// listed tenants/ itself would break when someone adds a tenant folder, and one that ran in the working tree could
// write into it. The copy is a git repository of its own, so the loader takes it as the root that `extends` may not
// leave, as it would a real tenants repository.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The checkout, absolute, so that no test depends on the directory vitest was started from. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

/** The built CLI. The suite's globalSetup builds it once before any test runs; tests only ever execute it. */
export const CLI_MAIN = join(REPO_ROOT, 'dist/cli/main.js');

/** The demo seed, read-only: tests that start an emulator from it pass this path. */
export const DEMO_SEED = join(REPO_ROOT, 'emulator/demo-seed.yaml');

/** The example tenants the README and the demo seed describe; tests name these rather than listing tenants/. */
export const EXAMPLE_TENANTS = ['contoso-dental', 'fabrikam-logistics', 'northwind-law'] as const;
export type ExampleTenant = (typeof EXAMPLE_TENANTS)[number];

export interface ExampleRepo {
  /** The temporary repository root (`git init`, nothing committed): `tenants/`, `schemas/`, maybe `emulator/`. */
  root: string;
  /** `<root>/tenants`, for `--dir` and `loadTenants({ dir })`. */
  dir: string;
  /** Every copied tenant and baseline file, relative to root (`tenants/<name>/<file>.yaml`), sorted. */
  files: string[];
  remove(): void;
}

export interface CopyOptions {
  /** Also copy `emulator/` (the demo seed), for commands that default to `emulator/demo-seed.yaml` in their cwd. */
  emulator?: boolean;
}

const SOURCE = join(REPO_ROOT, 'tenants');

/** Copies the named example tenants (all of EXAMPLE_TENANTS by default) into a fresh temporary repository. */
export function copyExamples(names: readonly string[] = EXAMPLE_TENANTS, options: CopyOptions = {}): ExampleRepo {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-examples-'));
  const files = new Set<string>();
  for (const name of names) {
    const folder = join(SOURCE, name);
    if (name.startsWith('_') || name.includes('/') || !existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new Error(`copyExamples: "${name}" is not an example tenant folder in tenants/`);
    }
    for (const f of readdirSync(folder)) addWithBaselines(join(folder, f), files);
  }
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(root, file));
  }
  mkdirSync(join(root, 'tenants'), { recursive: true });
  cpSync(join(REPO_ROOT, 'schemas'), join(root, 'schemas'), { recursive: true });
  if (options.emulator) cpSync(join(REPO_ROOT, 'emulator'), join(root, 'emulator'), { recursive: true });
  execFileSync('git', ['init', '-q', root]);
  return {
    root,
    dir: join(root, 'tenants'),
    files: [...files].sort(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Adds a file and, transitively, the baselines its `extends` names (only those inside tenants/). */
function addWithBaselines(file: string, into: Set<string>): void {
  const rel = relative(REPO_ROOT, file).split(sep).join('/');
  if (into.has(rel)) return;
  into.add(rel);
  for (const target of extendsOf(file)) {
    const path = resolve(dirname(file), target);
    if (path.startsWith(SOURCE + sep) && existsSync(path)) addWithBaselines(path, into);
  }
}

function extendsOf(file: string): string[] {
  if (!/\.ya?ml$/.test(file)) return [];
  try {
    const doc = parse(readFileSync(file, 'utf8')) as { extends?: unknown } | null;
    const list = doc?.extends;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    // An example that does not parse is reported by the test that loads it; copying it is all this needs to do.
    return [];
  }
}
