// `tenantform plan`: load, select, read live state, diff, render; optionally save the plan for apply.
import { basename } from 'node:path';
import type { Command } from 'commander';
import { exitCodeFor, planRun, summarize, TargetError } from '../engine/run.js';
import { targetsRefusal, targetWarning } from '../plan/target.js';
import { PLAN_KEY_ENV, sealPlan } from '../plan/digest.js';
import { jsonChunks, PLAN_FORMATS, planChunks, type PlanFormat } from '../plan/render/index.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import { checkOutput, emit, saveOutput } from './output.js';
import { collect, connectionOptions, defaultDeps, gitSource, openConnector, selectRun, tenantOptions, useColor, type CliDeps, type SelectOptions } from './common.js';

export interface PlanOptions extends SelectOptions {
  out?: string;
  format?: PlanFormat;
  detailedExitcode?: boolean;
  emulator?: string | boolean;
  debug?: boolean;
  /** `--target` addresses or globs; empty or absent: the whole plan. */
  target?: string[];
}

/** The plan-signing key, held only by jobs that run trusted code. */
export const planKey = (): string | undefined => process.env[PLAN_KEY_ENV] || undefined;

/** Plans the selected tenants, or returns 1 after printing why it could not. */
export async function makePlan(opts: PlanOptions, deps: CliDeps): Promise<Plan | 1> {
  const targets = opts.target && opts.target.length > 0 ? opts.target : undefined;
  const badTarget = targets && targetsRefusal(targets);
  if (badTarget) {
    deps.err(`tenantform: ${badTarget}\n`);
    return 1;
  }
  const selection = await selectRun(opts, deps);
  if (selection === 1) return 1;
  const { tenants, shard } = selection;
  const source = await gitSource();
  if (tenants.length === 0) {
    if (targets) {
      deps.err(`tenantform: --target ${targets.join(', ')}: matches nothing, as no tenant is selected\n`);
      return 1;
    }
    const now = deps.now();
    const empty = { formatVersion: PLAN_FORMAT_VERSION, createdAt: now.toISOString(), source, ...(shard ? { shard } : {}), tenants: [], summary: summarize([]) };
    return sealPlan(empty, planKey());
  }
  const connector = await openConnector(opts, deps);
  if (connector === 1) return 1;
  const progress = deps.progress?.('plan', tenants.length);
  try {
    const plan = await planRun({ tenants, clientsFor: (t) => connector.clientsFor(t), kinds: deps.kinds, source, now: deps.now(), planKey: planKey(), shard, progress, targets });
    if (targets) deps.err(`tenantform: warning: ${targetWarning(targets)}\n`);
    return plan;
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    deps.err(`tenantform: ${error.message}; nothing was planned\n`);
    return 1;
  } finally {
    progress?.stop();
    await connector.close();
  }
}

/**
 * A folder whose tenant the emulator does not know fails with AADSTS90002 (the token endpoint's "Tenant not found");
 * against the emulator that means a new folder, and the hint says how to make the emulator know it.
 */
export function unknownTenantHints(plan: Plan, opts: Pick<PlanOptions, 'emulator' | 'dir'>): string[] {
  if (opts.emulator === undefined || opts.emulator === false) return [];
  const unknown = plan.tenants.filter((t) => t.status === 'error' && t.diagnostics.some((d) => /AADSTS90002/.test(`${d.summary} ${d.detail ?? ''}`)));
  if (unknown.length === 0) return [];
  const dir = opts.dir || 'tenants';
  const how = opts.emulator === true
    ? `run \`tenantform emulator --seed-from ${dir} --state .tenantform/emulator.json\` once (stop it when it is listening), then plan again`
    : `restart it with \`tenantform emulator --seed-from ${dir}\` (add --no-consent to rehearse onboarding)`;
  return [`tenantform: hint: the emulator does not know the tenant of ${unknown.map((t) => t.name).join(', ')}: ${how}`];
}

export async function runPlan(opts: PlanOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  const format = opts.format ?? 'text';
  if (!PLAN_FORMATS.includes(format)) {
    deps.err(`tenantform: --format must be one of ${PLAN_FORMATS.join(', ')}\n`);
    return 1;
  }
  // A target that cannot be written is refused before any tenant is read.
  if (opts.out && !(await checkOutput(opts.out, '--out', deps))) return 1;
  const plan = await makePlan(opts, deps);
  if (plan === 1) return 1;
  // Saved before it is printed, so the plan is kept whatever happens to the reader of stdout.
  if (opts.out && !(await saveOutput(opts.out, jsonChunks(plan), '--out', deps))) return 1;
  if (plan.tenants.length === 0 && format === 'text') {
    deps.out(opts.changedSince ? `No tenant changed since ${opts.changedSince}; nothing to plan.\n` : 'No tenants selected; nothing to plan.\n');
  } else {
    const fullPlan = opts.out ? `the \`${basename(opts.out)}\` artifact` : undefined;
    await emit(deps, planChunks(plan, format, { color: useColor(deps), markdown: { fullPlan, marker: 'tenantform-plan' } }));
  }
  for (const line of unknownTenantHints(plan, opts)) deps.err(`${line}\n`);
  if (opts.out && format === 'text') deps.out(`\nSaved the plan to ${opts.out}. Apply exactly these changes with: tenantform apply ${opts.out}\n`);
  return exitCodeFor(plan, opts.detailedExitcode === true);
}

export function registerPlan(program: Command): void {
  const command = program.command('plan').description('compute the changes that would make live tenants match the YAML');
  connectionOptions(tenantOptions(command))
    .option('--changed-since <gitref>', 'only tenants whose files or baselines changed since this git ref')
    .option('--shard <K/N>', 'plan only shard K of N (deterministic by tenant name)')
    .option('--ring <ring>', 'only the tenants of this rollout ring (canary, early, broad)')
    .option('--target <address>', 'plan only changes at this address or glob, and what they depend on (repeatable)', collect, [])
    .option('--out <file>', 'save the plan as JSON for apply')
    .option('--format <format>', 'text | markdown | json', 'text')
    .option('--detailed-exitcode', 'exit 2 when there are changes')
    .action(async (opts: PlanOptions) => {
      process.exitCode = await runPlan(opts);
    });
}
