// Running tenantform's commands in tests: in-process, with the real kinds and `connect()` (so the real clients reach
// the emulator over HTTP) or a stand-in connector, capturing what they print; and as a process, the built CLI in
// dist/ (the suite's globalSetup builds it once).
import { execFile } from 'node:child_process';
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runApply } from '../../src/cli/apply.js';
import type { CliDeps } from '../../src/cli/common.js';
import { connect, type Connector } from '../../src/cli/connect.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { kinds as allKinds } from '../../src/kinds/index.js';
import type { Plan } from '../../src/plan/types.js';
import { AGENT_RT, APP, APP_SECRET } from './estates.js';
import { CLI_MAIN } from './examples.js';
import { NOW } from './folders.js';
import { orgClients } from './memory-kind.js';
import { PARTNER } from './seed.js';

export interface Captured {
  deps: CliDeps;
  out: () => string;
  err: () => string;
  /** The questions `confirm` was asked. */
  questions: string[];
}

export interface CliOptions {
  kinds?: Kind[];
  /** The environment `connect()` reads credentials from; none by default (the emulator's any-client sign-in). */
  env?: NodeJS.ProcessEnv;
  /** Instead of the real `connect()`. */
  connect?: CliDeps['connect'];
  /** A terminal: interactive, and `confirm` answers `answer`. */
  isTTY?: boolean;
  answer?: boolean;
  now?: () => Date;
  /** Also hands what the commands print to these, for tests that gather it across several commands. */
  sink?: { out(t: string): void; err(t: string): void };
}

/** The commands' dependencies, output captured: the real kinds and `connect()`, no terminal, real time by default. */
export function cli(o: CliOptions = {}): Captured {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const env = o.env ?? {};
  const deps: CliDeps = {
    kinds: o.kinds ?? allKinds,
    connect: o.connect ?? ((c) => connect({ ...c, env })),
    out: (t) => {
      out += t;
      o.sink?.out(t);
    },
    err: (t) => {
      err += t;
      o.sink?.err(t);
    },
    isTTY: o.isTTY ?? false,
    interactive: o.isTTY ?? false,
    confirm: async (q) => {
      questions.push(q);
      return o.answer ?? false;
    },
    now: o.now ?? (() => new Date()),
  };
  return { deps, out: () => out, err: () => err, questions };
}

/** The environment a CI job of the partner has: its app, and its Admin Agent's refresh token for Partner Center. */
export const partnerEnv = (refreshToken = AGENT_RT): NodeJS.ProcessEnv => ({
  AZURE_CLIENT_ID: APP, AZURE_CLIENT_SECRET: APP_SECRET, AZURE_TENANT_ID: PARTNER, TENANTFORM_PARTNER_REFRESH_TOKEN: refreshToken,
});

export const partnerCli = (env: NodeJS.ProcessEnv = partnerEnv()): Captured => cli({ env });

export interface MemoryCli extends Captured { connects: number; closed: number }

/** Commands over the memory kinds: a connector that counts its use and reads only the organization; a fixed clock. */
export function captureDeps(kinds: Kind[], o: { isTTY?: boolean; answer?: boolean; connectError?: Error } = {}): MemoryCli {
  const connector: Connector = {
    clientsFor: async (t) => orgClients(t.config.tenant.tenantId),
    close: async () => {
      m.closed++;
    },
  };
  const connectFake = async (): Promise<Connector> => {
    if (o.connectError) throw o.connectError;
    m.connects++;
    return connector;
  };
  const m: MemoryCli = { ...cli({ kinds, connect: connectFake, isTTY: o.isTTY, answer: o.answer, now: () => NOW }), connects: 0, closed: 0 };
  return m;
}

export interface Planned { code: number; plan: Plan; out: string; err: string }

/** `tenantform plan --detailed-exitcode` in-process, saving to `<root>/<name>`; answers the saved plan. */
export async function cliPlan(emu: RunningEmulator, dir: string, root: string, name = 'plan.json'): Promise<Planned> {
  const file = join(root, name);
  const c = cli();
  const code = await runPlan({ dir, emulator: emu.url, out: file, detailedExitcode: true }, c.deps);
  return { code, plan: JSON.parse(readFileSync(file, 'utf8')) as Plan, out: c.out(), err: c.err() };
}

/** `tenantform apply --auto-approve` of a saved plan in-process, logging to `<root>/apply.jsonl`. */
export async function cliApply(emu: RunningEmulator, dir: string, root: string, planFile: string): Promise<{ code: number; out: string; err: string }> {
  const c = cli();
  const code = await runApply({ plan: planFile, dir, emulator: emu.url, autoApprove: true, log: join(root, 'apply.jsonl') }, c.deps);
  return { code, out: c.out(), err: c.err() };
}

/**
 * `tenantform <args>` through a commander program holding the commands `register` adds, in-process; answers what
 * it wrote to stdout (for commands that print with process.stdout rather than through CliDeps).
 */
export async function runCommand(register: (program: Command) => void, args: string[]): Promise<string> {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out.push(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const program = new Command('tenantform').exitOverride();
    register(program);
    await program.parseAsync(['node', 'tenantform', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}

export interface Run { code: number; stdout: string; stderr: string }

/** The built CLI as a process in `cwd`, with only PATH and `env` in its environment. */
export async function runBuilt(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [CLI_MAIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
