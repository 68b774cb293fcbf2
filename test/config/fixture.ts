// Small builders for config tests: a throwaway repository in a temp dir holding tenant folders, and the loader's
// diagnostics rendered as `path:line:col: message` with paths relative to that repository.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadTenants, type LoadResult } from '../../src/config/index.js';
import type { Diagnostic } from '../../src/plan/types.js';
import { kinds } from '../../src/kinds/index.js';

export const NOW = new Date('2026-11-22T10:00:00Z');

export class Repo {
  readonly root: string;

  constructor() {
    this.root = realpathSync(mkdtempSync(join(tmpdir(), 'tenantform-config-')));
    mkdirSync(join(this.root, '.git'));
    mkdirSync(join(this.root, 'tenants'));
  }

  /** Writes a file under the repository; objects are written as YAML, strings and bytes as they are. */
  write(path: string, content: string | Uint8Array | object): this {
    const abs = join(this.root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, typeof content === 'string' || content instanceof Uint8Array ? content : stringify(content));
    return this;
  }

  /** A minimal valid tenant folder `tenants/<name>/tenant.yaml`, plus any extra sections in the same file. */
  tenant(name: string, extra: object = {}, n = 1): this {
    return this.write(`tenants/${name}/tenant.yaml`, { tenant: tenantSection(name, n), ...extra });
  }

  load(tenants?: string[]): Promise<LoadResult> {
    return loadTenants({ dir: join(this.root, 'tenants'), tenants, repoRoot: this.root, now: NOW, kinds });
  }

  /** Diagnostics as `path:line:col: message`, warnings prefixed, paths relative to the repository. */
  async messages(tenants?: string[]): Promise<string[]> {
    return format((await this.load(tenants)).diagnostics, this.root);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export function tenantSection(name: string, n = 1): Record<string, unknown> {
  return {
    name,
    tenantId: `6b1a3c6e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    domains: [`${name}.com`, `${name}.onmicrosoft.com`],
  };
}

/** Messages may quote other files relative to the working directory; tests read them relative to the repository. */
export function format(diagnostics: Diagnostic[], root: string): string[] {
  const prefix = `${relative(process.cwd(), root)}/`;
  return diagnostics.map((d) => {
    const file = d.file === undefined ? '' : relative(root, resolve(d.file));
    const where = d.line === undefined ? file : `${file}:${d.line}:${d.column}`;
    return `${d.severity === 'warning' ? 'warning: ' : ''}${where}: ${d.summary.split(prefix).join('')}`;
  });
}
