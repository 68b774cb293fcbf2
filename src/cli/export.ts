// `tenantform export`: a live tenant as a tenant folder that plans to zero changes — how a partner onboards a customer.
// Which tenant: an existing folder `<dir>/<NAME>` gives its tenantId (and cloud, organization); else `--tenant-id`;
// else the partner's Partner Center customer list, where NAME must equal a customer's domain, the first label of it,
// or its company name in lower case with runs of other characters as `-` (contoso-dental for "Contoso Dental").
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import type { Clients } from '../clients/types.js';
import { isInside } from '../config/baselines.js';
import { loadTenants } from '../config/index.js';
import { findRepoRoot } from '../config/loader.js';
import { SCHEMAS_DIR } from '../config/schema.js';
import type { LoadedTenant, TenantConfig } from '../config/model.js';
import { describeError } from '../engine/errors.js';
import { exportTenant, writeExport, type ExportTenantInput } from '../engine/export.js';
import { connectionOptions, defaultDeps, formatDiagnostic, openConnector, type CliDeps } from './common.js';
import type { Connector } from './connect.js';
import { namesOf, slug } from '../kinds/azure/tenant-links.js';

export interface ExportOptions {
  tenant: string;
  tenantId?: string;
  dir: string;
  out?: string;
  force?: boolean;
  emulator?: string | boolean;
  debug?: boolean;
}

type Target = ExportTenantInput['tenant'];

const SCHEMA_FILE = join(SCHEMAS_DIR, 'tenant-document.schema.json');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { slug };

/** A LoadedTenant that only carries the identity, which is all the connector needs. */
function bare(name: string, t: Target): LoadedTenant {
  const config: TenantConfig = { tenant: { name, tenantId: t.tenantId, domains: ['example.invalid'], ...(t.cloud ? { cloud: t.cloud } : {}) } };
  return { name, dir: name, config, files: [], locate: () => undefined, diagnostics: [] };
}

interface Customer {
  id: string;
  companyProfile?: { tenantId?: string; companyName?: string; domain?: string };
}

export function matchCustomer(name: string, customers: Customer[]): Customer[] {
  const n = name.toLowerCase();
  return customers.filter((c) => namesOf({ domain: c.companyProfile?.domain ?? '', companyName: c.companyProfile?.companyName ?? '' }).includes(n));
}

async function fromFolder(opts: ExportOptions, deps: CliDeps): Promise<Target | undefined | 1> {
  if (!(await stat(join(opts.dir, opts.tenant)).then((s) => s.isDirectory(), () => false))) return undefined;
  const loaded = await loadTenants({ dir: opts.dir, tenants: [opts.tenant], now: deps.now(), kinds: deps.kinds });
  const t = loaded.tenants.find((x) => x.name === opts.tenant);
  if (!t) {
    for (const d of loaded.diagnostics) deps.err(formatDiagnostic(d) + '\n');
    deps.err(`tenantform: ${join(opts.dir, opts.tenant)} exists but does not load; fix it or export with --out elsewhere and --tenant-id\n`);
    return 1;
  }
  const { tenantId, cloud, organization } = t.config.tenant;
  if (opts.tenantId && opts.tenantId.toLowerCase() !== tenantId.toLowerCase()) {
    deps.err(`tenantform: --tenant-id ${opts.tenantId} differs from ${opts.tenant}'s tenantId ${tenantId} in ${t.dir}\n`);
    return 1;
  }
  return { name: opts.tenant, tenantId, ...(cloud ? { cloud } : {}), ...(organization ? { organization } : {}) };
}

async function fromCustomers(opts: ExportOptions, connector: Connector, deps: CliDeps): Promise<Target | 1> {
  // Any tenant's clients reach the partner's Partner Center; the probe tenant is never called. The connector caches
  // clients by tenant name, so the probe has a name no tenant folder can have.
  const probe = { name: '(partner)', tenantId: '00000000-0000-0000-0000-000000000000' };
  const clients: Clients = await connector.clientsFor(bare(probe.name, probe));
  if (!clients.partnerCenter) {
    deps.err(`tenantform: no tenant folder ${join(opts.dir, opts.tenant)} and no Partner Center connection (AZURE_TENANT_ID of the partner); pass --tenant-id\n`);
    return 1;
  }
  const hits = matchCustomer(opts.tenant, await clients.partnerCenter.list<Customer>('/v1/customers'));
  if (hits.length !== 1) {
    deps.err(`tenantform: ${hits.length ? `${hits.length} customers match` : 'no customer of the partner matches'} "${opts.tenant}": a customer is named by its domain, the domain's first label or its company name in lower case with dashes; \`tenantform customers\` lists each customer with the names it answers to; or pass --tenant-id\n`);
    return 1;
  }
  return { name: opts.tenant, tenantId: hits[0]!.companyProfile?.tenantId ?? hits[0]!.id };
}

export async function runExport(opts: ExportOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  if (!opts.tenant || slug(opts.tenant) !== opts.tenant) {
    deps.err('tenantform: --tenant NAME must be a folder name (lower case letters, digits and dashes)\n');
    return 1;
  }
  if (opts.tenantId && !GUID.test(opts.tenantId)) {
    deps.err(`tenantform: --tenant-id must be a GUID, got "${opts.tenantId}"\n`);
    return 1;
  }
  const folder = await fromFolder(opts, deps);
  if (folder === 1) return 1;
  const connector = await openConnector(opts, deps);
  if (connector === 1) return 1;
  try {
    const target = folder ?? (opts.tenantId ? { name: opts.tenant, tenantId: opts.tenantId } : await fromCustomers(opts, connector, deps));
    if (target === 1) return 1;
    const clients = await connector.clientsFor(bare(opts.tenant, target));
    const out = opts.out ?? join(opts.dir, opts.tenant);
    const exported = await exportTenant({ clients, kinds: deps.kinds, tenant: target, schemaRef: schemaRefFrom(out) });
    const { written, removed, kept } = await writeExport(out, exported, opts.force === true);
    deps.out(`Exported ${opts.tenant} (${target.tenantId}) to ${out}: ${written.map((p) => basename(p)).join(', ')}\n`);
    if (removed.length) deps.out(`Removed YAML files this export did not write (--force): ${removed.join(', ')}\n`);
    if (kept.length) deps.out(`Left as they were (not YAML): ${kept.join(', ')}\n`);
    if (exported.notExported.length) deps.out(`Not exported (no export for these kinds yet): ${exported.notExported.join(', ')}\n`);
    deps.out(`${await checkLine(out, opts)}\n`);
    return 0;
  } catch (error) {
    deps.err(`tenantform: export of ${opts.tenant} failed: ${describeError(error)}\n`);
    return 1;
  } finally {
    await connector.close();
  }
}

/** The modeline's schema as seen from `out`: relative, unless the only way there is through the filesystem root. */
export function schemaRefFrom(out: string): string {
  const from = resolve(out);
  const rel = relative(from, SCHEMA_FILE);
  const ups = rel.split(sep).filter((s) => s === '..').length;
  return isAbsolute(rel) || ups >= from.split(sep).filter(Boolean).length ? SCHEMA_FILE : rel.split(sep).join('/');
}

/**
 * The plan command that checks the export from here. plan takes the folder name as the tenant's name and reads
 * only folders inside the repository (the nearest parent holding .git, else the working folder).
 */
async function checkLine(out: string, opts: ExportOptions): Promise<string> {
  const emulator = opts.emulator === true ? ' --emulator' : typeof opts.emulator === 'string' ? ` --emulator ${opts.emulator}` : '';
  const parent = dirname(out);
  const plan = (dir: string) => `tenantform plan --dir ${dir} --tenant ${opts.tenant}${emulator}`;
  if (basename(resolve(out)) !== opts.tenant) {
    return `Check it with: mv ${out} ${join(parent, opts.tenant)} && ${plan(parent)}   (a tenant's folder is named after it)`;
  }
  const root = await findRepoRoot(await realpath(resolve(parent)).catch(() => resolve(parent)));
  if (isInside(root, resolve(out))) return `Check it with: ${plan(parent)}`;
  return `Check it with: cd ${parent} && ${plan('.')}   (plan reads only folders inside the repository or the working folder)`;
}

export function registerExport(program: Command): void {
  connectionOptions(program
    .command('export')
    .description('write a live tenant as YAML that plans to zero changes (onboarding an existing customer)')
    .requiredOption('--tenant <name>', 'tenant folder name')
    .option('--tenant-id <guid>', 'the tenant id, when there is no folder yet (else looked up in the partner\'s customers)')
    .option('--dir <dir>', 'folder of tenant folders', 'tenants')
    .option('--out <dir>', 'where to write the files (default: <dir>/<tenant>)')
    .option('--force', 'replace the YAML files already in the output folder (other files are left alone)'))
    .action(async (opts: ExportOptions) => {
      process.exitCode = await runExport(opts);
    });
}
