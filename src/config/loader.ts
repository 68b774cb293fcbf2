// Loads tenant folders: reads and merges their YAML files, applies baselines and placeholders, validates against the
// schema and the cross-checks. Returns the valid tenants and every diagnostic, each with file, line and column.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../plan/types.js';
import { displayPath, confinedPath, loadExtends, type ResolveContext } from './baselines.js';
import { crossCheck } from './crosscheck.js';
import { checkIdentities, identityOf, readIdentity } from './identities.js';
import { matchesAny } from './glob.js';
import { describeKinds, type KindModel } from './kind-model.js';
import type { KindSpec } from './kind-spec.js';
import { applyLifecycles } from './leaver.js';
import { mergeValues, substitutePlaceholders } from './merge.js';
import { mergedVars, substituteVars } from './vars.js';
import type { LoadedTenant, SourceLocation, TenantConfig } from './model.js';
import { isPlainObject, SourcePositions } from './positions.js';
import { referencesDespiteSchema } from './references.js';
import { validateDocument } from './schema.js';
import { errorAt, readYamlFile } from './yaml-file.js';
import { mapLimit } from '../util/pool.js';

export interface LoadOptions {
  dir: string;
  /** The registry's kinds (`src/kinds/index.ts`, or a test's): their descriptions decide merge keys, checks, schema. */
  kinds: readonly KindSpec[];
  /** Tenant folder names or globs (`contoso-*`); all tenants when absent or empty. */
  tenants?: string[];
  /** `extends` and symlinks may not leave this folder. Default: the nearest parent of `dir` holding `.git`, else cwd. */
  repoRoot?: string;
  /** For the expiry of ignore rules; injectable for tests. */
  now?: Date;
  /** Folders loaded in parallel. */
  concurrency?: number;
}

export interface LoadResult {
  /** Tenants without errors (warnings allowed), sorted by name. */
  tenants: LoadedTenant[];
  diagnostics: Diagnostic[];
}

export async function listTenantNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('_') && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

export async function loadTenants(opts: LoadOptions): Promise<LoadResult> {
  // Real paths throughout (cwd is one), so that the lexical repository check and displayed paths agree.
  const dir = await realpath(resolve(opts.dir)).catch(() => resolve(opts.dir));
  const diagnostics: Diagnostic[] = [];
  let all: string[];
  try {
    all = await listTenantNames(dir);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    return { tenants: [], diagnostics: [{ severity: 'error', summary: `tenant directory ${why}`, file: displayPath(dir) }] };
  }
  let names = all;
  if (opts.tenants?.length) {
    const patterns = opts.tenants;
    names = names.filter((n) => matchesAny(n, patterns));
    for (const p of patterns) {
      if (!names.some((n) => matchesAny(n, [p]))) diagnostics.push({ severity: 'error', summary: `no tenant folder matches "${p}"`, file: displayPath(dir) });
    }
  }
  const model = describeKinds(opts.kinds);
  const repoRoot = await confinedRoot(opts.repoRoot ?? (await findRepoRoot(dir)));
  const ctx: LoadContext = { repoRoot, sp: new SourcePositions(), cache: new Map(), listKeys: model.listKeys, model };
  const now = opts.now ?? new Date();
  const results: Array<{ tenant?: LoadedTenant; diagnostics: Diagnostic[] }> = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      results[i] = await loadTenant(join(dir, names[i] as string), names[i] as string, ctx, now);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, names.length) }, worker));
  const selected = new Set(names);
  const outside = await mapLimit(all.filter((n) => !selected.has(n)), opts.concurrency ?? 16, (n) => readIdentity(join(dir, n), n, ctx));
  const inside = results.flatMap((r) => (r.tenant ? [identityOf(r.tenant, r.diagnostics)] : []));
  checkIdentities([...inside, ...outside.flatMap((i) => (i ? [i] : []))].sort((a, b) => (a.name < b.name ? -1 : 1)));
  const seen = new Set<string>();
  for (const r of results) {
    for (const d of [...r.diagnostics].sort(byPosition)) {
      const k = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.summary}`;
      if (seen.has(k)) continue;
      seen.add(k);
      diagnostics.push(d);
    }
  }
  const tenants = results
    .filter((r) => r.tenant && !r.diagnostics.some((d) => d.severity === 'error'))
    .map((r) => r.tenant as LoadedTenant);
  return { tenants, diagnostics };
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return (a.file ?? '') < (b.file ?? '') ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

async function confinedRoot(root: string): Promise<string> {
  return (await confinedPath(resolve(root), '/')).real ?? resolve(root);
}

export async function findRepoRoot(start: string): Promise<string> {
  for (let d = start; ; d = resolve(d, '..')) {
    if (await stat(join(d, '.git')).then(() => true, () => false)) return d;
    if (resolve(d, '..') === d) return process.cwd();
  }
}

interface LoadContext extends ResolveContext {
  model: KindModel;
}

async function loadTenant(dir: string, name: string, ctx: LoadContext, now: Date): Promise<{ tenant?: LoadedTenant; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const combined = await readFolder(dir, ctx, diagnostics);
  if (!combined) return { diagnostics };
  const { doc, files, extendsFile } = combined;
  const used = new Set<string>();
  const base = await loadExtends(doc, extendsFile ?? join(dir, 'tenant.yaml'), ctx, [], diagnostics, used);
  delete doc.extends;
  const located = (root: object, path: string): SourceLocation =>
    ctx.sp.locate(root, path) ?? { file: displayPath(files[0] ?? dir), line: 1, column: 1 };
  let unknownPlaceholder = false;
  const vars = mergedVars(base.vars, doc.vars);
  substituteVars(base, vars, (container, key, name) => {
    unknownPlaceholder = true;
    const p = ctx.sp.child(container, key) ?? located(base, '');
    diagnostics.push(errorAt(p.file, p.line, p.column, `undefined variable \${vars.${name}}: define it under vars: in the tenant's files (defined: ${Object.keys(vars).join(', ') || 'none'})`));
  });
  substitutePlaceholders(base, placeholderVars(doc.tenant), (container, key, ph) => {
    if (ph.startsWith('vars.')) return;
    unknownPlaceholder = true;
    const p = ctx.sp.child(container, key) ?? located(base, '');
    diagnostics.push(errorAt(p.file, p.line, p.column, `unknown placeholder \${${ph}} (known: ${Object.keys(placeholderVars(doc.tenant)).map((k) => `\${${k}}`).join(', ')})`));
  });
  const merged = mergeValues(base, doc, ctx) as Record<string, unknown>;
  const report = (severity: Diagnostic['severity'], mergedPath: string, message: string) => {
    const p = located(merged, mergedPath);
    // Said as the file's own path: the merged list also holds the baselines' items, which shift the indices.
    const path = ctx.sp.localPath(merged, mergedPath, p.file);
    diagnostics.push({ severity, summary: path ? `${path}: ${message}` : message, file: p.file, line: p.line, column: p.column, path });
  };
  if (!isPlainObject(merged.tenant)) {
    report('error', '', `tenant ${name} has no "tenant" section (name, tenantId, domains) in any of its files`);
    return { diagnostics };
  }
  // A value still holding `${...}` would only repeat the placeholder error as a schema error.
  if (unknownPlaceholder) return { diagnostics };
  const unreadable = diagnostics.some((d) => d.severity === 'error');
  const issues = validateDocument(merged, ctx.model);
  for (const issue of issues) report('error', issue.path, issue.message);
  // A file that did not parse is missing from the merge, so its objects would all look undeclared.
  if (issues.length > 0 && !unreadable) {
    for (const issue of referencesDespiteSchema(merged, issues.map((i) => i.path), ctx.model)) report(issue.severity, issue.path, issue.message);
  }
  if (issues.length > 0 || unreadable) return { diagnostics };
  const config = merged as TenantConfig;
  for (const issue of crossCheck(config, { folderName: name, now, model: ctx.model })) report(issue.severity, issue.path, issue.message);
  // After the checks of the YAML as written, before any kind selects its part: a leaver rewrites what they see.
  for (const issue of applyLifecycles(config, ctx.sp)) report(issue.severity, issue.path, issue.message);
  applyDefaults(config);
  const tenant: LoadedTenant = {
    name,
    dir: displayPath(dir),
    config,
    files: [...used, ...files].map(displayPath),
    locate: (path) => ctx.sp.locate(merged, path),
    diagnostics,
  };
  return { tenant, diagnostics };
}

function applyDefaults(config: TenantConfig): void {
  const t = config.tenant;
  t.primaryDomain ??= t.domains[0];
  t.cloud ??= 'global';
}

function placeholderVars(tenant: unknown): Record<string, string | undefined> {
  const t = isPlainObject(tenant) ? tenant : {};
  const domains = Array.isArray(t.domains) ? t.domains.filter((d): d is string => typeof d === 'string') : [];
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    'tenant.name': str(t.name),
    'tenant.tenantId': str(t.tenantId),
    'tenant.primaryDomain': str(t.primaryDomain) ?? domains[0],
    'tenant.initialDomain': domains.find((d) => /\.onmicrosoft\.(com|us)$/i.test(d) && !/\.mail\.onmicrosoft/i.test(d)),
  };
}

interface FolderDoc {
  doc: Record<string, unknown>;
  files: string[];
  extendsFile?: string;
}

async function readFolder(dir: string, ctx: ResolveContext, diagnostics: Diagnostic[]): Promise<FolderDoc | undefined> {
  const names = (await readdir(dir)).filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (names.length === 0) {
    diagnostics.push({ severity: 'error', summary: 'tenant folder has no .yaml files', file: displayPath(dir) });
    return undefined;
  }
  const doc: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  const files: string[] = [];
  let extendsFile: string | undefined;
  for (const f of names) {
    const abs = join(dir, f);
    const { real, problem } = await confinedPath(abs, ctx.repoRoot);
    if (!real) {
      diagnostics.push(errorAt(displayPath(abs), 1, 1, `file ${problem ?? 'cannot be read'}`));
      continue;
    }
    const parsed = await readYamlFile(real, displayPath(abs), ctx.sp);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value == null) continue;
    files.push(abs);
    if (!isPlainObject(parsed.value)) {
      diagnostics.push(errorAt(displayPath(abs), 1, 1, 'a tenant file must be a map of sections (tenant, users, groups, ...)'));
      continue;
    }
    for (const [key, value] of Object.entries(parsed.value)) {
      const pos = ctx.sp.child(parsed.value, key) ?? { file: displayPath(abs), line: 1, column: 1 };
      const first = owner.get(key);
      if (first !== undefined) {
        diagnostics.push(errorAt(pos.file, pos.line, pos.column, `top-level key "${key}" is also defined in ${first}; each section may appear in only one file`, key));
        continue;
      }
      owner.set(key, `${f}:${pos.line}:${pos.column}`);
      doc[key] = value;
      ctx.sp.setChild(doc, key, pos);
      if (key === 'extends') extendsFile = abs;
    }
  }
  return { doc, files, extendsFile };
}
