// `tenantform apply`: executes a saved plan exactly, or plans, shows and asks first. Every step goes to the apply log
// (JSON lines); the summary names what completed, what failed with the service's words, and what was skipped.
import { appendFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { loadTenants } from '../config/index.js';
import { applyExitCode, applyPlan, type ApplyLogEntry, type ApplySummary, type TenantApplySummary } from '../engine/apply.js';
import { readPlanFile } from '../plan/read.js';
import { renderText } from '../plan/render/index.js';
import type { Plan } from '../plan/types.js';
import { collect, connectionOptions, defaultDeps, formatDiagnostic, gitSource, openConnector, tenantOptions, useColor, type CliDeps } from './common.js';
import { makePlan, planKey } from './plan.js';
import { checkOutput } from './output.js';
import { signatureRefusal } from '../plan/digest.js';
import { requireCommitRefusal } from '../engine/guard.js';
import { acquireLock, DEFAULT_LOCK_DIR, parseDuration } from '../engine/lock.js';
import { DEFAULT_SECRETS_DIR } from '../kinds/temporary-access-pass/deliver.js';
import { DEFAULT_RING, ringRefusal } from '../engine/rings.js';
import { runRollout, type RingOutcome } from './rollout.js';

export interface ApplyOptions {
  plan?: string;
  autoApprove?: boolean;
  log?: string;
  dir: string;
  tenant?: string[];
  emulator?: string | boolean;
  debug?: boolean;
  /** Refuse a saved plan made at another commit than HEAD, or in a dirty checkout (CI applies exactly what merged). */
  requireCommit?: boolean;
  /** How long to wait for another apply's lock on a tenant, in ms; 0 (the default) refuses at once. */
  lockTimeout?: number;
  /**
   * Folder of the per-tenant lock files, relative to the current directory. The command line always passes one
   * (default .tenantform/locks); only a program calling runApply without it applies unlocked.
   */
  lockDir?: string;
  /** Passwords and other secrets by name; the environment by default. */
  secret?: (name: string) => string;
  /** Where issued temporary access passes are written, encrypted to their recipient (default .tenantform/secrets). */
  secretsDir?: string;
  /** `--target`, when planning here: apply only these addresses (globs) and what they depend on. */
  target?: string[];
  /** `--ring`: only this ring's tenants (of the saved plan, or planned here). */
  ring?: string;
  /** `--rings`: roll out ring by ring (see cli/rollout.ts), with `ringWait` ms between rings. */
  rings?: boolean;
  ringWait?: number;
  /** `--halt-on-failures`: a count or a percentage of a ring's tenants; default 0. */
  haltOnFailures?: string;
  /** How the rollout waits between rings; a timer by default. */
  wait?: (ms: number) => Promise<void>;
}

export const DEFAULT_APPLY_LOG = 'apply.jsonl';

function tenantLines(t: TenantApplySummary): string[] {
  if (t.status === 'not_applicable') return [`Tenant ${t.name}: ${t.message ?? 'no changes'}`];
  if (t.status === 'refused') return [`Tenant ${t.name}: refused — ${t.message ?? 'not applied'}`];
  const live = t.alreadyLive?.length ? [`${t.alreadyLive.length} already live`] : [];
  const parts = [`${t.completed.length} completed`, `${t.failed.length} failed`, `${t.skipped.length} skipped`, ...live];
  return [
    `Tenant ${t.name}: ${t.status} — ${parts.join(', ')}`,
    ...t.notes.map((n) => `  note    ${n.id} ${n.address}: ${n.message}`),
    ...t.failed.map((f) => `  failed  ${f.id} ${f.address}: ${f.error}`),
    ...t.skipped.map((s) => `  skipped ${s.id} ${s.address}: ${s.reason}`),
  ];
}

export function renderApplySummary(summary: ApplySummary): string {
  const lines = summary.tenants.flatMap(tenantLines);
  const count = (f: (t: TenantApplySummary) => number): number => summary.tenants.reduce((n, t) => n + f(t), 0);
  const refused = summary.tenants.filter((t) => t.status === 'refused').length;
  const notApplied = summary.tenants.filter((t) => t.status === 'refused' || t.status === 'failed').map((t) => `${t.name} (${t.status})`);
  lines.push(
    '',
    ...(notApplied.length > 0 ? [`Not applied in full: ${notApplied.join(', ')}; the other tenants were applied.`] : []),
    `Apply ${summary.status === 'success' ? 'complete' : 'failed'}: ${count((t) => t.completed.length)} completed, ${count((t) => t.failed.length)} failed, ` +
      `${count((t) => t.skipped.length)} skipped; ${refused} tenant${refused === 1 ? '' : 's'} refused.`,
  );
  return lines.join('\n') + '\n';
}

/** The plan to apply: the saved one, or a fresh one that the user has seen and approved. */
async function planToApply(opts: ApplyOptions, deps: CliDeps): Promise<Plan | number> {
  if (opts.plan) {
    if (opts.target && opts.target.length > 0) {
      deps.err('tenantform: --target is for planning here; a saved plan applies with the targets it was planned with\n');
      return 1;
    }
    try {
      const plan = ringOnly(await readPlanFile(opts.plan), opts.ring);
      const here = await gitSource();
      const refusal = signatureRefusal(plan, planKey()) ?? (opts.requireCommit ? requireCommitRefusal(plan, here.commit) : undefined);
      if (refusal) {
        deps.err(`tenantform: refusing to apply: ${refusal}\n`);
        return 1;
      }
      if (plan.source.commit && here.commit && plan.source.commit !== here.commit) {
        deps.err(`tenantform: note: the plan was made at commit ${plan.source.commit.slice(0, 12)}, this checkout is ${here.commit.slice(0, 12)}; each tenant is applied only if planning it here gives the same changes\n`);
      }
      return plan;
    } catch (error) {
      deps.err(`tenantform: ${(error as Error).message}\n`);
      return 1;
    }
  }
  if (!opts.autoApprove && !deps.interactive) {
    deps.err('tenantform: refusing to apply without confirmation: this is not an interactive terminal. Pass --auto-approve, or apply a saved plan.\n');
    return 1;
  }
  const plan = await makePlan({ dir: opts.dir, tenant: opts.tenant, ring: opts.ring, target: opts.target, emulator: opts.emulator, debug: opts.debug }, deps);
  if (plan === 1) return 1;
  deps.out(renderText(plan, { color: useColor(deps) }));
  // An errored tenant is refused by apply and fails the run, but does not hold back the healthy ones.
  const errored = plan.tenants.filter((t) => t.status === 'error').map((t) => t.name);
  if (errored.length > 0) deps.err(`tenantform: not applying ${errored.join(', ')}: the plan has errors for ${errored.length === 1 ? 'it' : 'them'}; the other tenants are applied\n`);
  if (plan.tenants.every((t) => t.changes.length === 0 || t.status === 'error')) {
    deps.out('\nNo changes. Nothing to apply.\n');
    return errored.length > 0 ? 1 : 0;
  }
  if (!opts.autoApprove && !(await deps.confirm('\nDo you want to apply these changes? Only "yes" will be accepted: '))) {
    deps.err('Apply cancelled.\n');
    return 1;
  }
  return plan;
}

/** The saved plan's tenants of one ring (as recorded at plan time); the whole plan without `--ring`. */
function ringOnly(plan: Plan, ring: string | undefined): Plan {
  const bad = ringRefusal(ring);
  if (bad) throw new Error(bad);
  return ring ? { ...plan, tenants: plan.tenants.filter((t) => (t.ring ?? DEFAULT_RING) === ring) } : plan;
}

export async function runApply(opts: ApplyOptions, deps: CliDeps = defaultDeps()): Promise<number> {
  // The log is appended step by step (it must survive a crash), so it cannot be written atomically; a link or a
  // missing folder is refused before anything is planned or applied.
  const logPath = opts.log ?? DEFAULT_APPLY_LOG;
  if (!(await checkOutput(logPath, '--log', deps))) return 1;
  if (!opts.rings) return (await applyOnce(opts, deps, logPath, true)).code;
  // One log for the whole rollout, every ring appending to it.
  writeFileSync(logPath, '');
  return runRollout(opts, deps, (ring) => applyOnce({ ...opts, ring }, deps, logPath, false));
}

/** One apply: of the plan (or the ring's part of it) the options name. `summary` is absent when nothing was applied. */
async function applyOnce(opts: ApplyOptions, deps: CliDeps, logPath: string, freshLog: boolean): Promise<RingOutcome> {
  const plan = await planToApply(opts, deps);
  if (typeof plan === 'number') return { code: plan };
  const names = plan.tenants.map((t) => t.name);
  if (names.length === 0 || plan.tenants.every((t) => t.changes.length === 0 && t.status !== 'error')) {
    deps.out('No changes. Nothing to apply.\n');
    return { code: 0, tenants: names.length };
  }
  const loaded = await loadTenants({ dir: opts.dir, tenants: names, now: deps.now(), kinds: deps.kinds });
  for (const d of loaded.diagnostics) deps.err(formatDiagnostic(d) + '\n');
  const connector = await openConnector(opts, deps);
  if (connector === 1) return { code: 1 };
  if (freshLog) writeFileSync(logPath, '');
  // Appended synchronously so the log holds every step that started even if the process dies mid-apply.
  const log = (entry: ApplyLogEntry): void => appendFileSync(logPath, JSON.stringify(entry) + '\n');
  const secret = opts.secret ?? envSecret;
  deps.out(`Applying plan ${plan.digest}\n`);
  const lockDir = opts.lockDir;
  const lockOptions = {
    timeoutMs: opts.lockTimeout ?? 0, planDigest: plan.digest, command: `tenantform apply${opts.plan ? ` ${opts.plan}` : ''}`, warn: deps.err,
  };
  const lock = lockDir === undefined ? undefined : (tenant: string) => acquireLock(tenant, { ...lockOptions, dir: resolve(lockDir) });
  const progress = deps.progress?.('apply', plan.tenants.length);
  try {
    const summary = await applyPlan({
      plan, tenants: loaded.tenants, clientsFor: (t) => connector.clientsFor(t), kinds: deps.kinds, log, secret, progress, ...(lock ? { lock } : {}),
      secretsDir: opts.secretsDir ?? DEFAULT_SECRETS_DIR,
    });
    progress?.stop();
    deps.out(renderApplySummary(summary));
    deps.out(`Apply log: ${logPath}\n`);
    return { code: applyExitCode(summary), summary, tenants: names.length };
  } finally {
    progress?.stop();
    await connector.close();
  }
}

function durationOption(raw: string): number {
  try {
    return parseDuration(raw);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

/** `TENANTFORM_SECRET_<NAME>`, upper-cased with non-alphanumerics as `_`; kinds generate a value when this throws. */
function envSecret(name: string): string {
  const key = `TENANTFORM_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
  const value = process.env[key];
  if (!value) throw new Error(`secret ${name} is not set (environment variable ${key})`);
  return value;
}

export function registerApply(program: Command): void {
  const command = program.command('apply').description('apply a saved plan exactly, or plan and apply after confirmation');
  connectionOptions(tenantOptions(command, 'tenant name or glob, when planning here (repeatable)'))
    .argument('[plan]', 'a plan saved with plan --out')
    .option('--auto-approve', 'apply without asking (CI)')
    .option('--require-commit', 'refuse a plan made at another commit than HEAD or in a dirty checkout')
    .option('--log <file>', 'apply log, JSON lines', DEFAULT_APPLY_LOG)
    .option('--lock-timeout <duration>', "wait this long for another apply's lock on a tenant (30s, 5m, ms)", durationOption, 0)
    .option('--lock-dir <dir>', 'folder of the per-tenant lock files', DEFAULT_LOCK_DIR)
    .option('--secrets-dir <dir>', 'folder for issued temporary access passes, encrypted (files 0600)', DEFAULT_SECRETS_DIR)
    .option('--target <address>', 'when planning here: only changes at this address or glob, and their dependencies (repeatable)', collect, [])
    .option('--ring <ring>', "only this rollout ring's tenants (canary, early, broad)")
    .option('--rings', 'roll out ring by ring: canary, early, broad')
    .option('--ring-wait <duration>', 'with --rings: wait this long between rings (30s, 10m)', durationOption, 0)
    .option('--halt-on-failures <N|P%>', "with --rings: halt when a ring's failed tenants exceed this count or percentage", '0')
    .action(async (plan: string | undefined, opts: Omit<ApplyOptions, 'plan'>) => {
      process.exitCode = await runApply({ ...opts, plan });
    });
}
