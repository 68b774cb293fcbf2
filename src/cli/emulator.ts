// `tenantform emulator`: runs the local emulator until interrupted; prints the fixed readiness line.
import { dirname, join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { parseFaults } from '../emulator/faults.js';
import { DEFAULT_REPLICATION_DELAY_MS } from '../emulator/replication.js';
import { seedFromFolders } from '../emulator/seed-from.js';
import { emulatorCredentials } from '../clients/index.js';
import { loadTenants } from '../config/index.js';
import { kinds } from '../kinds/index.js';
import type { LoadedTenant } from '../config/model.js';
import { formatDiagnostic } from './common.js';

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

export interface EmulatorFlags {
  port: number; state?: string; seed?: string; latency: number; faults?: string; replicationDelay: number; throttling: boolean;
  tls?: boolean; caOut?: string;
  /** Folder of tenant folders whose tenants the emulator should know; `consent: false` leaves them unconsented. */
  seedFrom?: string; consent?: boolean;
}

/** The folders of `--seed-from`, loaded and validated as every command loads them; bad YAML stops the start. */
async function foldersOf(dir: string): Promise<LoadedTenant[]> {
  const loaded = await loadTenants({ dir, now: new Date(), kinds });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`--seed-from ${dir}: the configuration has errors:\n${errors.map(formatDiagnostic).join('\n')}`);
  return loaded.tenants;
}

/** The CA file goes beside the state file, or into the working folder's `.tenantform/`. */
export function defaultCaPath(state: string | undefined): string {
  return join(state ? dirname(state) : '.tenantform', 'emulator-ca.pem');
}

/**
 * Starts the emulator from parsed flags and prints the readiness line that scripts wait for. With `--tls` the CA
 * line comes first, so that the CA file exists and is named by the time the readiness line appears.
 */
export async function runEmulator(flags: EmulatorFlags, out: (line: string) => void): Promise<RunningEmulator> {
  if (flags.caOut && !flags.tls) throw new Error('--ca-out needs --tls: a plain-HTTP emulator has no certificate.');
  const folders = flags.seedFrom ? await foldersOf(flags.seedFrom) : [];
  const emulator = await startEmulator({
    port: flags.port, statePath: flags.state, seed: flags.seed, latencyMs: flags.latency, faults: flags.faults,
    replicationDelayMs: flags.replicationDelay, throttling: flags.throttling,
    tls: flags.tls, caOut: flags.tls ? (flags.caOut ?? defaultCaPath(flags.state)) : undefined,
  });
  if (flags.seedFrom) {
    const apps = [{ clientId: process.env.AZURE_CLIENT_ID || emulatorCredentials().clientId, access: 'write' as const }];
    const added = seedFromFolders(emulator.state, folders, { consent: flags.consent !== false, apps });
    emulator.server.changed();
    if (flags.state) emulator.server.flush();
    const how = flags.consent === false ? 'without consent (rehearse onboarding)' : 'with the partner apps consented';
    out(added.length ? `added ${added.length} tenant(s) from ${flags.seedFrom} ${how}: ${added.join(', ')}` : `every tenant in ${flags.seedFrom} is already known to the emulator`);
  }
  if (emulator.caPath) out(`CA certificate written to ${emulator.caPath}: trust it with NODE_EXTRA_CA_CERTS=${emulator.caPath}`);
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
    .option('--replication-delay <ms>', 'eventual consistency: the longest a new object stays invisible to reads (0 = off)', intOption('--replication-delay', 0, 600_000), DEFAULT_REPLICATION_DELAY_MS)
    .option('--no-throttling', 'switch off the resource-unit throttling budget')
    .option('--tls', 'serve HTTPS with a certificate from a CA generated at start (for stock SDKs)')
    .option('--seed-from <dir>', 'add an empty customer for each tenant folder the emulator does not know (tenantId, domains, seats)')
    .option('--no-consent', 'with --seed-from: leave the partner apps unconsented, to rehearse onboarding')
    .option('--ca-out <file>', 'with --tls: where to write the CA certificate (default: emulator-ca.pem beside --state, else in .tenantform/)')
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
