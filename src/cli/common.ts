// What the tenant-reading commands share: injectable dependencies, tenant selection (names, globs, changed files,
// shards) and diagnostics printed as `path:line:col: message`.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { simpleGit } from 'simple-git';
import { loadTenants } from '../config/index.js';
import type { LoadedTenant } from '../config/model.js';
import { ringOf, ringRefusal } from '../engine/rings.js';
import { parseShard, selectShard, ShardSpecError } from '../engine/shard.js';
import { kinds as registeredKinds } from '../kinds/index.js';
import type { Kind } from '../kinds/contract.js';
import { position } from '../plan/render/common.js';
import type { Diagnostic, ShardRecord } from '../plan/types.js';
import { changedTenants } from './changed.js';
import { connect, ConnectError, type Connector } from './connect.js';
import { writerFor } from './output.js';
import { colorEnabled } from './color.js';
import { progressOn, type ProgressFactory } from './progress.js';

export interface CliDeps {
  kinds: Kind[];
  connect(opts: { emulator?: string | boolean; debug?: boolean; shards?: number }): Promise<Connector>;
  out(text: string): void;
  err(text: string): void;
  /** Waits until stdout takes more output; absent where output is captured. */
  drain?(): Promise<void>;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** Colour stdout (NO_COLOR, FORCE_COLOR and --no-color decided); absent: colour when isTTY. */
  color?: boolean;
  /** Per-tenant progress on stderr during plan, drift and apply; absent: none (tests capturing output). */
  progress?: ProgressFactory;
  /** stdin and stdout are a terminal: apply may ask for confirmation. */
  interactive: boolean;
  /** Asks a yes/no question on the terminal. */
  confirm(question: string): Promise<boolean>;
  now(): Date;
}

export function defaultDeps(): CliDeps {
  const stdout = writerFor(process.stdout);
  const stderr = writerFor(process.stderr);
  return {
    kinds: registeredKinds,
    connect,
    out: stdout.write,
    err: stderr.write,
    drain: stdout.drain,
    isTTY: process.stdout.isTTY === true,
    color: colorEnabled(process.stdout.isTTY === true),
    progress: progressOn(process.stderr),
    interactive: process.stdout.isTTY === true && process.stdin.isTTY === true,
    confirm: askYes,
    now: () => new Date(),
  };
}

async function askYes(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim() === 'yes';
  } finally {
    rl.close();
  }
}

export interface SelectOptions {
  dir: string;
  tenant?: string[];
  changedSince?: string;
  shard?: string;
  /** `--ring`: only the tenants of this rollout ring. */
  ring?: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = position(d);
  return `${where ? `${where}: ` : ''}${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ''}`;
}

/** The tenants a run works on; with `--shard`, also the estate they were split from and the shard's record. */
export interface Selection {
  tenants: LoadedTenant[];
  /** Every tenant selected before splitting into shards (all of `tenants` when not sharded). */
  estate: LoadedTenant[];
  shard?: ShardRecord;
}

/** Loads and selects tenants; returns the exit code 1 (after printing why) when the input is unusable. */
export async function selectRun(opts: SelectOptions, deps: CliDeps): Promise<Selection | 1> {
  const badRing = ringRefusal(opts.ring);
  if (badRing) {
    deps.err(`tenantform: ${badRing}\n`);
    return 1;
  }
  const loaded = await loadTenants({ dir: opts.dir, tenants: opts.tenant, now: deps.now(), kinds: deps.kinds });
  for (const d of loaded.diagnostics) deps.err(formatDiagnostic(d) + '\n');
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    deps.err('tenantform: the configuration has errors; no tenant was contacted\n');
    return 1;
  }
  let estate = opts.ring ? loaded.tenants.filter((t) => ringOf(t) === opts.ring) : loaded.tenants;
  try {
    if (opts.changedSince) {
      const changed = new Set(await changedTenants(resolve(opts.dir), opts.changedSince, '.', deps.kinds));
      estate = estate.filter((t) => changed.has(t.name));
    }
    if (!opts.shard) return { tenants: estate, estate };
    const { index, count } = parseShard(opts.shard);
    const names = new Set(selectShard(estate.map((t) => t.name), opts.shard));
    const tenants = estate.filter((t) => names.has(t.name));
    return { tenants, estate, shard: { index, total: count, estate: estate.length, tenants: [...names].sort() } };
  } catch (error) {
    if (error instanceof ShardSpecError) deps.err(`tenantform: ${error.message}\n`);
    else deps.err(`tenantform: --changed-since ${opts.changedSince}: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The selected tenants only, for commands that do not shard their output. */
export async function selectTenants(opts: SelectOptions, deps: CliDeps): Promise<LoadedTenant[] | 1> {
  const selection = await selectRun(opts, deps);
  return selection === 1 ? 1 : selection.tenants;
}

/** The commit the plan was made from, and whether the work tree differs from it; null outside a git repository. */
export async function gitSource(cwd = process.cwd()): Promise<{ commit: string | null; dirty: boolean }> {
  try {
    const git = simpleGit(cwd);
    const commit = (await git.revparse(['HEAD'])).trim();
    const status = await git.status();
    return { commit, dirty: !status.isClean() };
  } catch {
    return { commit: null, dirty: false };
  }
}

/** Whether the command's stdout is coloured. */
export const useColor = (deps: Pick<CliDeps, 'color' | 'isTTY'>): boolean => deps.color ?? deps.isTTY;

/** Commander collects repeatable options through this. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Connects as the options say, or prints why it cannot and gives the exit code 1. */
/**
 * The run's connector. With `--shard K/N` (already checked by `selectRun`) the run paces to 1/N of the app's budget
 * across tenants, since N shards spend it side by side.
 */
export async function openConnector(opts: { emulator?: string | boolean; debug?: boolean; shard?: string }, deps: CliDeps): Promise<Connector | 1> {
  try {
    const shards = opts.shard ? parseShard(opts.shard).count : undefined;
    return await deps.connect({ emulator: opts.emulator, debug: opts.debug, ...(shards ? { shards } : {}) });
  } catch (error) {
    deps.err(`tenantform: ${error instanceof ConnectError ? error.message : `cannot connect: ${(error as Error).message}`}\n`);
    return 1;
  }
}

/** `--dir` and `--tenant`, alike on every command that reads tenant folders. */
export function tenantOptions(command: Command, tenantHelp = 'tenant name or glob (repeatable)'): Command {
  return command.option('--dir <dir>', 'folder of tenant folders', 'tenants').option('--tenant <name>', tenantHelp, collect, []);
}

/** `--emulator` and `--debug`, alike on every command that talks to tenants. */
export function connectionOptions(command: Command): Command {
  return command
    .option('--emulator [url]', 'use the built-in emulator, or a running one at URL')
    .option('--debug', 'log requests (without secrets) to stderr');
}

/** `--format` of the commands that print text or JSON; undefined, having said why, when it is neither. */
export function textOrJson(format: string | undefined, deps: CliDeps): 'text' | 'json' | undefined {
  const f = format ?? 'text';
  if (f === 'text' || f === 'json') return f;
  deps.err(`tenantform: --format must be text or json, not ${f}\n`);
  return undefined;
}
