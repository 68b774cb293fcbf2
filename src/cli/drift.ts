// `tenantform drift`: plans every selected tenant and writes the result as drift.json, drift.md and drift.html, with
// who changed each drifted object when the directory audit log can tell.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { planRun } from '../engine/run.js';
import type { Plan } from '../plan/types.js';
import { auditFacts } from '../report/audit.js';
import { buildDriftReport, driftExitCode, driftJsonChunks } from '../report/build.js';
import { linkOptionsFromEnv } from '../report/fix.js';
import { driftHtmlChunks } from '../report/html.js';
import { driftSources } from '../report/locations.js';
import { driftMarkdownChunks } from '../report/markdown.js';
import { withTenantLinks } from '../report/links.js';
import type { DriftReport, FactsByTenant, SourcesByTenant } from '../report/types.js';
import { readCustomers, tenantLinks, type TenantLinks } from '../kinds/azure/tenant-links.js';
import { connectionOptions, defaultDeps, gitSource, openConnector, selectRun, tenantOptions, type CliDeps, type Selection } from './common.js';
import type { Connector } from './connect.js';
import { checkOutput, saveOutput } from './output.js';

export interface DriftOptions {
  dir: string;
  tenant?: string[];
  shard?: string;
  outDir?: string;
  /** Where each tenant's delta state is kept between runs; by default `.tenantform/drift` beside the tenants folder. */
  stateDir?: string;
  detailedExitcode?: boolean;
  emulator?: string | boolean;
  debug?: boolean;
}

async function collectFacts(plan: Plan, connector: Connector, byName: Map<string, Parameters<Connector['clientsFor']>[0]>): Promise<FactsByTenant> {
  const facts: FactsByTenant = {};
  for (const t of plan.tenants) {
    const loaded = byName.get(t.name);
    if (t.status !== 'changes' || !loaded) continue;
    facts[t.name] = await auditFacts((await connector.clientsFor(loaded)).graph, t.changes, connector.ownApps ?? []);
  }
  return facts;
}

/**
 * Partner Center customers against every folder of the estate (all folders' tenantIds, whatever the shard), read
 * once per run: unsharded, or by shard 1 only, whose report carries them to the merge. Left out when `--tenant` hides
 * part of the estate. A failed read is a warning.
 */
async function readLinks(opts: DriftOptions, selection: Selection, connector: Connector, deps: CliDeps): Promise<TenantLinks | undefined> {
  const first = selection.estate[0];
  if ((opts.tenant?.length ?? 0) > 0 || (selection.shard && selection.shard.index !== 1) || !first) return undefined;
  const pc = (await connector.clientsFor(first)).partnerCenter;
  if (!pc) return undefined;
  try {
    return tenantLinks(await readCustomers(pc), selection.estate);
  } catch (error) {
    deps.err(`tenantform: warning: cannot read the partner's customers, tenant links left out: ${(error as Error).message}\n`);
    return undefined;
  }
}

/** A whole run's report has the links applied; a shard's carries its record and, on shard 1, the links for merging. */
function finalReport(built: DriftReport, selection: Selection, links: TenantLinks | undefined): DriftReport {
  if (selection.shard) return { ...built, shard: selection.shard, ...(links ? { links } : {}) };
  return links ? withTenantLinks(built, links) : built;
}

const REPORT_FILES = ['drift.json', 'drift.md', 'drift.html'] as const;

/** The folder is created when missing; when it exists, a report file in it must not be a link or a folder. */
async function checkOutDir(outDir: string, deps: CliDeps): Promise<boolean> {
  const found = await stat(outDir).catch(() => undefined);
  if (!found) return true;
  if (!found.isDirectory()) {
    deps.err(`tenantform: --out-dir ${outDir}: is not a folder\n`);
    return false;
  }
  for (const f of REPORT_FILES) if (!(await checkOutput(join(outDir, f), '--out-dir', deps))) return false;
  return true;
}

/** The YAML line of each drifted object, while the tenants are loaded: the report links to it. */
function collectSources(plan: Plan, byName: Map<string, Parameters<typeof driftSources>[0]>, deps: CliDeps): SourcesByTenant {
  const sources: SourcesByTenant = {};
  for (const t of plan.tenants) {
    const loaded = byName.get(t.name);
    if (loaded && t.changes.length > 0) sources[t.name] = driftSources(loaded, deps.kinds, t.changes);
  }
  return sources;
}

async function writeReports(outDir: string, report: DriftReport, deps: CliDeps): Promise<boolean> {
  await mkdir(outDir, { recursive: true });
  // Links to the YAML go into the commit on GitHub in CI, else relative to the folder the reports are written to.
  const links = linkOptionsFromEnv(process.env, outDir);
  const chunks = {
    'drift.json': () => driftJsonChunks(report),
    'drift.md': () => driftMarkdownChunks(report, { links }),
    'drift.html': () => driftHtmlChunks(report, { links }),
  };
  for (const f of REPORT_FILES) if (!(await saveOutput(join(outDir, f), chunks[f](), '--out-dir', deps))) return false;
  return true;
}

/** `.tenantform/drift` in the folder holding the tenants folder: the repository root when run as `--dir tenants`. */
export function defaultStateDir(tenantsDir: string): string {
  return join(dirname(resolve(tenantsDir)), '.tenantform', 'drift');
}

export async function runDrift(opts: DriftOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  const outDir = opts.outDir ?? '.';
  if (!(await checkOutDir(outDir, deps))) return 1;
  const selection = await selectRun(opts, deps);
  if (selection === 1) return 1;
  const { tenants } = selection;
  const connector = await openConnector(opts, deps);
  if (connector === 1) return 1;
  let plan: Plan;
  let facts: FactsByTenant;
  let links: TenantLinks | undefined;
  try {
    const progress = deps.progress?.('drift', tenants.length);
    try {
      const deltaStateDir = opts.stateDir ?? defaultStateDir(opts.dir);
      plan = await planRun({ tenants, clientsFor: (t) => connector.clientsFor(t), kinds: deps.kinds, source: await gitSource(), now: deps.now(), progress, inventory: 'drift', deltaStateDir });
    } finally {
      progress?.stop();
    }
    facts = await collectFacts(plan, connector, new Map(tenants.map((t) => [t.name, t])));
    links = await readLinks(opts, selection, connector, deps);
  } finally {
    await connector.close();
  }
  const report = finalReport(buildDriftReport(plan, facts, collectSources(plan, new Map(tenants.map((t) => [t.name, t])), deps)), selection, links);
  if (!(await writeReports(outDir, report, deps))) return 1;
  const s = report.summary;
  const part = report.shard ? ` (shard ${report.shard.index}/${report.shard.total} of an estate of ${report.shard.estate}; merge the shards for the whole)` : '';
  deps.out(`Drift${part}: ${s.tenants} tenants — ${s.in_sync} in sync, ${s.drifted} drifted (${s.objects} objects), ${s.errored} errored, ${s.unlinked} unlinked.\n`);
  for (const t of report.tenants.filter((x) => x.status !== 'in_sync')) {
    deps.out(`  ${t.name}: ${t.status}${t.objects.length ? `, ${t.objects.length} drifted objects` : ''}${t.diagnostics[0] ? ` — ${t.diagnostics[0].summary}` : ''}\n`);
  }
  deps.out(`Wrote ${REPORT_FILES.map((f) => join(outDir, f)).join(', ')}\n`);
  return driftExitCode(report, opts.detailedExitcode === true);
}

export function registerDrift(program: Command): void {
  const command = program.command('drift').description('report where live tenants differ from the YAML (drift.json, drift.md, drift.html)');
  connectionOptions(tenantOptions(command))
    .option('--shard <K/N>', 'only shard K of N; combine shards with report merge')
    .option('--out-dir <dir>', 'where to write the reports', '.')
    .option('--state-dir <dir>', 'delta state kept between runs (default: .tenantform/drift beside the tenants folder)')
    .option('--detailed-exitcode', 'exit 2 when there is drift')
    .action(async (opts: DriftOptions) => {
      process.exitCode = await runDrift(opts);
    });
}
