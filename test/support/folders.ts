// The YAML side of the test world: tenant folders written into throwaway repositories (a temp dir with its own
// `.git`, so the loader takes it as the root that `extends` may not leave), tenants loaded in code for tests that
// read no files, and the loader's diagnostics as `path:line:col: message`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { stringify } from 'yaml';
import { loadTenants, type LoadResult } from '../../src/config/index.js';
import type { GroupSpec, LoadedTenant, Policy, TenantConfig, UserSpec } from '../../src/config/model.js';
import { Prng } from '../../src/emulator/faults.js';
import { kinds } from '../../src/kinds/index.js';
import type { Diagnostic } from '../../src/plan/types.js';
import { CONTOSO, CONTOSO_DOMAINS, FABRIKAM, SUB } from './seed.js';

export type Sections = Omit<TenantConfig, 'tenant'>;

/** The loaders' and commands' "now" in tests that read a date. */
export const NOW = new Date('2026-11-22T10:00:00Z');

export interface Folder { name: string; tenantId: string; domains: string[]; sections: Sections }

/** The YAML that moves every kind of the seeded Contoso: creates, updates, soft delete, restore, licenses, roles. */
export function contosoDesired(): Sections {
  return {
    users: [
      { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: 'Controller', usageLocation: 'SE',
        licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], roles: ['User Administrator'] },
      { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: 'Finance' },
      { userPrincipalName: 'carol@contoso.com', displayName: 'Carol Carlsson', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3', disabledPlans: ['YAMMER_ENTERPRISE'] }], roles: [] },
      { userPrincipalName: 'dave@contoso.com', displayName: 'Dave Dahl', jobTitle: 'Head Buyer' },
      { userPrincipalName: 'erin@contoso.com', displayName: 'Erin Ek', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] },
      { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
    ],
    groups: [{ mailNickname: 'finance', displayName: 'Finance', members: ['alice@contoso.com', 'bob@contoso.com', 'erin@contoso.com'] }],
    mailboxes: [{ address: 'support@contoso.com', type: 'shared', displayName: 'Support' }],
    azure: { subscriptions: [{ id: SUB, roleAssignments: [{ principal: 'user:alice@contoso.com', role: 'Reader', scope: '/resourceGroups/rg-finance' }] }] },
  } as Sections;
}

export const fabrikamDesired = (): Sections => ({
  users: [{ userPrincipalName: 'fay@fabrikam.com', displayName: 'Fay Fors', usageLocation: 'SE', licenses: [{ sku: 'SPE_E3' }] }],
});

export const contoso = (sections = contosoDesired()): Folder => ({ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections });
export const fabrikam = (sections = fabrikamDesired()): Folder => ({ name: 'fabrikam', tenantId: FABRIKAM, domains: ['fabrikam.com'], sections });

/** A temporary repository with `tenants/<name>/tenant.yaml` for each folder. */
export function workDir(folders: Folder[]): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-e2e-'));
  execFileSync('git', ['init', '-q', root]);
  for (const f of folders) writeFolder(join(root, 'tenants'), f);
  return { root, dir: join(root, 'tenants') };
}

export function writeFolder(dir: string, f: Folder): void {
  mkdirSync(join(dir, f.name), { recursive: true });
  const doc = { tenant: { name: f.name, tenantId: f.tenantId, domains: f.domains }, ...f.sections };
  writeFileSync(join(dir, f.name, 'tenant.yaml'), stringify(doc));
}

/** A git repository with one commit holding `files` (paths relative to the repository root). */
export async function makeRepo(files: Record<string, string>): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'tenantform-cli-'));
  writeFiles(root, files);
  const git = simpleGit(root);
  await git.init(['-b', 'main']);
  await git.addConfig('user.email', 'test@example.com').addConfig('user.name', 'test').addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial');
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A tenant id made from a folder name, for tests with many made-up tenants. */
export function tenantIdOf(name: string): string {
  const hex = Buffer.from(name).toString('hex').padEnd(12, '0').slice(0, 12);
  return `00000000-0000-4000-8000-${hex}`;
}

/** A tenant.yaml declaring `contacts` (address → displayName; null for `ensure: absent`) for the memory kinds. */
export function tenantYaml(name: string, contacts: Record<string, string | null>, extra = ''): string {
  const items = Object.entries(contacts).map(([address, displayName]) =>
    displayName === null ? `  - { address: ${address}, ensure: absent }` : `  - { address: ${address}, displayName: "${displayName}" }`,
  );
  return [`tenant:`, `  name: ${name}`, `  tenantId: ${tenantIdOf(name)}`, `  domains: [${name}.com]`, extra, items.length ? 'contacts:' : '', ...items, ''].filter((l) => l !== '').join('\n') + '\n';
}

export interface LoadedOptions {
  tenantId?: string;
  domains?: string[];
  /** Loose on purpose: the memory kinds prune under keys the YAML model does not have. */
  policy?: Record<string, unknown>;
  /** Where the loader found `policy.maxDeletes`, for tests of messages that point at it. */
  maxDeletesLine?: number;
}

/** A tenant as the loader hands it over, built in code for tests that read no YAML (Contoso unless named). */
export function loadedTenant(sections: Sections = {}, name = 'contoso', o: LoadedOptions = {}): LoadedTenant {
  const tenantId = o.tenantId ?? (name === 'contoso' ? CONTOSO : tenantIdOf(name));
  const config: TenantConfig = { tenant: { name, tenantId, domains: o.domains ?? [`${name}.com`] }, ...sections };
  if (o.policy) config.policy = o.policy as Policy;
  const file = `tenants/${name}/tenant.yaml`;
  const line = o.maxDeletesLine;
  return {
    name, dir: `tenants/${name}`, config, files: [file], diagnostics: [],
    locate: (path) => (line !== undefined && path === 'policy.maxDeletes' ? { file, line, column: 3 } : undefined),
  };
}

/** A desired estate drawn from a seed: existing users changed, new users, an absent user, groups nesting users. */
export function randomEstate(seedValue: number, size = 8): { tenant: LoadedTenant; absent: string[] } {
  const rng = new Prng(seedValue);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const titles = ['Analyst', 'Controller', 'Buyer', 'Clerk', 'Lead'];
  const users: UserSpec[] = [
    { userPrincipalName: 'alice@contoso.com', displayName: 'Alice Andersson', jobTitle: pick(titles), usageLocation: 'SE' },
    { userPrincipalName: 'bob@contoso.com', displayName: 'Bob Berg', department: pick(['Finance', 'Sales']) },
    { userPrincipalName: 'olduser@contoso.com', ensure: 'absent' },
  ];
  const fresh: string[] = [];
  for (let i = 0; i < size; i++) {
    const upn = `u${seedValue}-${i}@contoso.com`;
    fresh.push(upn);
    users.push({ userPrincipalName: upn, displayName: `User ${i}`, jobTitle: pick(titles), usageLocation: 'SE', ...(i > 0 && rng.next() < 0.3 ? { manager: fresh[0] } : {}) });
  }
  const groups: GroupSpec[] = [];
  for (let g = 0; g < Math.max(2, size / 3); g++) {
    const members = fresh.filter(() => rng.next() < 0.4);
    groups.push({ mailNickname: `team-${seedValue}-${g}`, displayName: `Team ${g}`, members: [...members, ...(g > 0 && rng.next() < 0.5 ? [`group:team-${seedValue}-0`] : [])] });
  }
  groups.push({ mailNickname: 'finance', displayName: 'Finance', members: ['carol@contoso.com', fresh[1] ?? 'bob@contoso.com'] });
  return { tenant: loadedTenant({ users, groups }), absent: ['user:olduser@contoso.com'] };
}

/** Contoso as the Exchange tests load it: both its domains, so that mailbox addresses on either are its own. */
export function mailTenant(sections: Sections = {}): LoadedTenant {
  return loadedTenant(sections, 'contoso', { domains: CONTOSO_DOMAINS });
}

/** A throwaway repository of tenant folders, loaded with the real loader and kinds. */
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
  return { name, tenantId: `6b1a3c6e-0000-4000-8000-${String(n).padStart(12, '0')}`, domains: [`${name}.com`, `${name}.onmicrosoft.com`] };
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
