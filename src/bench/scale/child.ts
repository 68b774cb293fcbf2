// Child processes of the scale bench, so that each side is measured alone: `emulator SIZES` serves the scenario's
// seed (30 ms latency, throttling on) and prints its URL; `phase CLIENT SIZES URL APPLY` runs one client's phases
// and prints their figures with the process's peak resident memory as JSON on its last line.
import { startEmulator } from '../../emulator/index.js';
import { defaultModules } from '../../emulator/modules.js';
import { exchangeModule } from '../../emulator/exchange/service.js';
import { seedFor, type Sizes } from './model.js';
import { naivePhases, tenantformPhases } from './run.js';
import { withBenchApps } from '../access.js';

export const LATENCY_MS = 30;

async function serve(sizes: Sizes): Promise<void> {
  // Instant consistency: the counts measure the read and write strategy, comparable across runs; waits for replication
  // depend on the delay model and are tested on their own (test/clients/read-after-write.test.ts).
  const emu = await startEmulator({ seed: withBenchApps(seedFor(sizes)), latencyMs: LATENCY_MS, throttling: true, replicationDelayMs: 0, modules: [...defaultModules(), exchangeModule()] });
  console.log(`listening on ${emu.url}`);
  process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
}

async function phase(client: string, sizes: Sizes, url: string, apply: boolean): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const result = client === 'naive' ? await naivePhases(url, sizes, apply) : await tenantformPhases(url, sizes, apply);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ ...result, peakRss: peak }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'emulator') await serve(JSON.parse(args[0]!) as Sizes);
else if (mode === 'phase') await phase(args[0]!, JSON.parse(args[1]!) as Sizes, args[2]!, args[3] === 'apply');
else throw new Error(`unknown mode ${mode}`);
