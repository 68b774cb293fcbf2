// Child processes of scenarios (e)–(h), so that each client is measured alone: `emulator VARIANT SIZES` serves the
// scenario's seed (30 ms latency, the full throttling model) and prints its URL; `run JOB URL SIZES [K N]` runs one
// client's job and prints its figures with the process's peak resident memory as JSON on its last line.
import { startEmulator } from '../../emulator/index.js';
import { defaultModules } from '../../emulator/modules.js';
import { exchangeModule } from '../../emulator/exchange/service.js';
import type { SeedDocument } from '../../emulator/seed.js';
import { seedFor, type Sizes } from '../scale/model.js';
import { withBenchApps } from '../access.js';
import { naiveTenant } from '../scale/naive.js';
import { naivePhases } from '../scale/run.js';
import { createUsers, deltaDrifts, planMailboxes, shardDrift } from './phases.js';
import { mailboxConfig, mailboxSeed, naiveMailboxRead, NAIVE_MAILBOX_SAMPLE } from './mailboxes.js';
import { NaiveSession } from '../scale/naive.js';
import { VirtualTime } from './virtual-time.js';

/** As in scenarios (a)–(d). */
const LATENCY_MS = 30;

/**
 * `live`: the scenario's tenants as seeded by the scale bench; `empty`: its tenants without users, seats for all;
 * `mailboxes`: scenario (g)'s tenant of mailboxes with their permissions.
 */
function seedOf(variant: string, s: Sizes): SeedDocument {
  if (variant === 'live') return seedFor(s);
  if (variant === 'mailboxes') return mailboxSeed(s.mailboxes);
  const seed = seedFor({ ...s, users: 0, groups: 0 });
  for (const t of seed.tenants) for (const sku of t.skus ?? []) sku.seats = s.users + 100;
  return seed;
}

async function serve(variant: string, sizes: Sizes): Promise<void> {
  // Instant consistency, as in the scale bench: the counts measure the read and write strategy.
  const emu = await startEmulator({ seed: withBenchApps(seedOf(variant, sizes)), replicationDelayMs: 0, latencyMs: LATENCY_MS, throttling: true, modules: [...defaultModules(), exchangeModule()] });
  console.log(`listening on ${emu.url}`);
  process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
}

/** The naive script creating every user, waiting out its 429s in simulated time as tenantform's apply does. */
async function naiveCreate(url: string, s: Sizes) {
  const time = new VirtualTime(url);
  const started = performance.now();
  const r = await naiveTenant(url, s, 0, true, undefined, time.sleep);
  return { plan: { counts: r.read, ms: r.readMs }, apply: { counts: r.write, ms: performance.now() - started - r.readMs + time.skippedMs, simulated: true }, changes: r.changes };
}

/** The naive script reading (g)'s first mailboxes (a sample: its rate is the same throughout), in simulated time. */
async function naiveMailboxes(url: string, s: Sizes) {
  const time = new VirtualTime(url, 1000);
  const started = performance.now();
  const config = mailboxConfig(Math.min(s.mailboxes, NAIVE_MAILBOX_SAMPLE));
  const read = await naiveMailboxRead(new NaiveSession(url, config.tenant.tenantId, time.sleep), config);
  return { ...read, ms: performance.now() - started + time.skippedMs };
}

async function job(name: string, url: string, sizes: Sizes, shard: number, shards: number): Promise<unknown> {
  switch (name) {
    case 'delta': return deltaDrifts(url, sizes);
    case 'shard': return shardDrift(url, sizes, shard, shards);
    case 'create': return createUsers(url, sizes);
    case 'naive-read': return naivePhases(url, sizes, false);
    case 'naive-create': return naiveCreate(url, sizes);
    case 'mailboxes': return planMailboxes(url, sizes.mailboxes);
    case 'naive-mailboxes': return naiveMailboxes(url, sizes);
    default: throw new Error(`unknown job ${name}`);
  }
}

async function run(name: string, url: string, sizes: Sizes, shard: number, shards: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const result = await job(name, url, sizes, shard, shards);
  clearInterval(sampler);
  console.log(JSON.stringify({ result, peakRss: Math.max(peak, process.memoryUsage().rss) }));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'emulator') await serve(args[0]!, JSON.parse(args[1]!) as Sizes);
else if (mode === 'run') await run(args[0]!, args[1]!, JSON.parse(args[2]!) as Sizes, Number(args[3] ?? 1), Number(args[4] ?? 1));
else throw new Error(`unknown mode ${mode}`);
