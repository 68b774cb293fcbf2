// `tenantform emulator`: runs the local emulator until interrupted; prints the fixed readiness line.
import { Command, InvalidArgumentError } from 'commander';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { parseFaults } from '../emulator/faults.js';

function intOption(name: string, min: number, max: number) {
  return (raw: string): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

function faultsOption(raw: string): string {
  try {
    parseFaults(raw);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return raw;
}

export interface EmulatorFlags { port: number; state?: string; seed?: string; latency: number; faults?: string; replicationDelay: number; throttling: boolean }

/** Starts the emulator from parsed flags and prints the readiness line that scripts wait for. */
export async function runEmulator(flags: EmulatorFlags, out: (line: string) => void): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    port: flags.port, statePath: flags.state, seed: flags.seed, latencyMs: flags.latency, faults: flags.faults,
    replicationDelayMs: flags.replicationDelay, throttling: flags.throttling,
  });
  out(`listening on ${emulator.url}`);
  return emulator;
}

export function emulatorCommand(): Command {
  return new Command('emulator')
    .description('run the local emulator of Graph and the other Microsoft APIs tenantform uses')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', intOption('--port', 0, 65535), 0)
    .option('--state <file>', 'state file: loaded when it exists, written on every change')
    .option('--seed <file>', 'seed (YAML or JSON) used when the state file does not exist yet')
    .option('--latency <ms>', 'added latency per request', intOption('--latency', 0, 60_000), 0)
    .option('--faults <spec>', 'random faults, e.g. "429:0.1,503:0.05,reset:0.02,seed:7"', faultsOption)
    .option('--replication-delay <ms>', 'new objects stay invisible to reads this long', intOption('--replication-delay', 0, 600_000), 0)
    .option('--no-throttling', 'switch off the resource-unit throttling budget')
    .action(async (flags: EmulatorFlags) => {
      let emulator: RunningEmulator;
      try {
        emulator = await runEmulator(flags, (line) => process.stdout.write(`${line}\n`));
      } catch (err) {
        process.stderr.write(`tenantform emulator: ${(err as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const stop = (): void => {
        void emulator.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
