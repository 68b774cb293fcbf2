// Export of a live tenant as a tenant folder: the tenant section from /organization, then every kind's share merged
// per section. What a kind could not write is said in comments; kinds without an export are named, never skipped
// silently. A failed read fails the export (an unread object is unknown, and a folder missing it would plan deletes).
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createReadSession } from '../clients/session.js';
import type { Clients } from '../clients/types.js';
import { describeKinds } from '../config/kind-model.js';
import { normalName } from '../config/kind-spec.js';
import type { OrganizationSpec, TenantConfig, TenantSection } from '../config/model.js';
import type { ExportResult, Kind } from '../kinds/contract.js';
import { byKey } from '../kinds/shared/export.js';
import { describeError, tenantMismatch } from './errors.js';
import { mapLimit } from '../util/pool.js';
import { renderSectionFile, type SectionFile } from './export-yaml.js';
import { writeFileAtomic } from '../util/write-file.js';

export interface ExportTenantInput {
  clients: Clients;
  kinds: Kind[];
  tenant: { name: string; tenantId: string; cloud?: TenantSection['cloud']; organization?: OrganizationSpec };
  /** Kinds read at once. */
  concurrency?: number;
  /** The schema reference of each file's modeline, as seen from the folder the files go to. */
  schemaRef?: string;
}

export interface ExportedFile {
  /** File name inside the tenant folder, e.g. `users.yaml`. */
  name: string;
  content: string;
}

export interface TenantExport {
  files: ExportedFile[];
  /** Kinds in the registry that have no export. */
  notExported: string[];
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/**
 * The key field of each keyed section's entries, from the kinds' descriptions: fragments from several kinds with the
 * same key are one entry (a user's licenses join its entry).
 */
/** Config's own section a kind may export a setting into, beside its own section. */
const POLICY_SECTION = 'policy';

function sectionKeys(kinds: Kind[]): Map<string, string> {
  const lists = [...describeKinds(kinds).listKeys].filter(([path]) => !path.includes('[]'));
  return new Map(lists.map(([path, key]) => [path, key[0]]));
}

interface Organization {
  id?: string;
  verifiedDomains?: { name: string; isDefault?: boolean }[];
}

async function tenantSection(clients: Clients, t: ExportTenantInput['tenant']): Promise<TenantSection> {
  const [org] = await clients.graph.list<Organization>('/organization?$select=id,verifiedDomains');
  const mismatch = tenantMismatch(t.tenantId, { id: org?.id, domains: [] });
  if (mismatch) throw new ExportError(mismatch);
  const verified = org?.verifiedDomains ?? [];
  if (!verified.length) throw new ExportError(`tenant ${t.tenantId} lists no verified domains`);
  const domains = verified.map((d) => d.name.toLowerCase()).sort();
  const primary = verified.find((d) => d.isDefault)?.name.toLowerCase() ?? domains[0]!;
  return {
    name: t.name,
    tenantId: t.tenantId,
    primaryDomain: primary,
    domains,
    ...(t.cloud && t.cloud !== 'global' ? { cloud: t.cloud } : {}),
    ...(t.organization ? { organization: t.organization } : {}),
  };
}

interface Section {
  path: string;
  single: boolean;
  items: Map<string, Record<string, unknown>>;
  comments: string[];
  notes: Map<string, string[]>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Kinds that share a sub-object (`permissions` from mailbox permissions and calendars) fill it together. */
function mergeItem(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? { ...out[k], ...v } : v;
  return out;
}

function merge(sections: Map<string, Section>, r: ExportResult, keys: Map<string, string>): void {
  const key = keys.get(r.section);
  let s = sections.get(r.section);
  if (!s) sections.set(r.section, (s = { path: r.section, single: r.single === true, items: new Map(), comments: [], notes: new Map() }));
  s.comments.push(...(r.comments ?? []));
  r.items.forEach((item, i) => {
    const id = key ? normalName(String(item[key])) : String(i);
    s.items.set(id, mergeItem(s.items.get(id) ?? {}, item));
  });
  for (const [k, n] of Object.entries(r.notes ?? {})) s.notes.set(normalName(k), [...(s.notes.get(normalName(k)) ?? []), ...n]);
}

/** Groups the sections into files by their first path segment, entries sorted by key. */
function files(sections: Map<string, Section>, keys: Map<string, string>): SectionFile[] {
  const byFile = new Map<string, SectionFile>();
  for (const s of [...sections.values()].sort(byKey((x) => x.path))) {
    // An empty section (a tenant without contacts) writes no file: absent and empty plan alike when nothing is pruned.
    if (s.items.size === 0) continue;
    const file = s.path.split('.')[0]!;
    const f = byFile.get(file) ?? { name: `${file}.yaml`, sections: [] };
    const key = keys.get(s.path);
    const entries = [...s.items.entries()].sort(key ? byKey(([k]) => k) : () => 0);
    const path = s.path.split('.');
    if (s.single) f.sections.push({ path, comments: s.comments, value: entries[0]![1] });
    else f.sections.push({ path, comments: s.comments, items: entries.map(([k, v]) => ({ value: v, notes: s.notes.get(k) ?? [] })) });
    byFile.set(file, f);
  }
  return [...byFile.values()];
}

export async function exportTenant(input: ExportTenantInput): Promise<TenantExport> {
  const { clients, kinds } = input;
  const tenant = await tenantSection(clients, input.tenant);
  const config: TenantConfig = { tenant };
  const exporting = kinds.filter((k) => k.export);
  const session = createReadSession();
  const results = await mapLimit(exporting, input.concurrency ?? 4, async (kind) => {
    let got: ExportResult | ExportResult[];
    try {
      got = await kind.export!({ tenant: config, clients, prune: true, session });
    } catch (error) {
      throw new ExportError(`reading ${kind.kind} failed: ${describeError(error)}`);
    }
    // A kind writes where it reads: the section it describes itself with, and besides it only config's own policy
    // section (a setting its objects need to plan cleanly, like the breakglass accounts policies exclude).
    const rs = Array.isArray(got) ? got : [got];
    for (const r of rs) {
      if (r.section !== kind.section && r.section !== POLICY_SECTION) throw new ExportError(`kind ${kind.kind} exported into ${r.section}, but its section is ${kind.section}`);
    }
    return rs;
  });
  const sections = new Map<string, Section>();
  const keys = sectionKeys(kinds);
  for (const r of results.flat()) merge(sections, r, keys);
  const notExported = kinds.filter((k) => !k.export).map((k) => k.kind);
  const tenantComments = [
    'exported from the live tenant: no prune policy is written, so nothing is pruned; review, then set policy per kind',
    ...(notExported.length ? [`not exported (no export for these kinds yet): ${notExported.join(', ')}`] : []),
  ];
  // A section without entries writes no file; what it says about what was left out goes to tenant.yaml.
  for (const s of [...sections.values()].sort(byKey((x) => x.path))) if (s.items.size === 0) tenantComments.push(...s.comments);
  const out: SectionFile[] = [
    { name: 'tenant.yaml', sections: [{ path: ['tenant'], comments: tenantComments, value: tenant }] },
    ...files(sections, keys),
  ];
  return { files: out.map((f) => ({ name: f.name, content: renderSectionFile(f, input.schemaRef) })), notExported };
}

export interface WrittenExport {
  /** Paths written. */
  written: string[];
  /** YAML files of an earlier export or edit that `overwrite` removed (names in the folder). */
  removed: string[];
  /** Other files in the folder, left as they were (names). */
  kept: string[];
}

/**
 * Writes an export into `dir` (created when missing). A folder that already holds YAML is refused unless `overwrite`:
 * an export must never replace a tenant's reviewed files by accident. With `overwrite` the folder's YAML becomes
 * exactly the export: every tenant file in the folder is merged into the tenant, so a leftover (a `policy.yaml`
 * with prune on) would silently change every later plan. Files that are not YAML are left alone.
 */
export async function writeExport(dir: string, exp: TenantExport, overwrite = false): Promise<WrittenExport> {
  const existing = (await readdir(dir).catch(() => [] as string[])).sort();
  const yaml = existing.filter((f) => /\.ya?ml$/i.test(f));
  if (yaml.length && !overwrite) throw new ExportError(`${dir} already holds ${yaml.join(', ')}; choose another --out or pass --force`);
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const f of exp.files) {
    const path = join(dir, f.name);
    await writeFileAtomic(path, f.content, '--out');
    written.push(path);
  }
  const ours = new Set(exp.files.map((f) => f.name));
  const removed = yaml.filter((f) => !ours.has(f));
  for (const f of removed) await rm(join(dir, f), { force: true });
  return { written, removed, kept: existing.filter((f) => !/\.ya?ml$/i.test(f) && !f.startsWith('.')) };
}
