// `npm run bench [name…]`: runs the benchmarks (the default set, or those named) and prints their tables.
// `scale` is the issue-8 table (scenarios a–c against the emulator, and d: validating 1,000 tenant folders);
// `quota` is scenarios e–h (delta drift, 10,000 tenants in shards, apply at the write quota);
// `BENCH_SCALE=0.1 npm run bench scale quota` shrinks the scenarios for quick iteration.
import { benchEmulator } from './emulator.js';
import { benchExchange } from './exchange.js';
import { benchPlan10k } from './plan-10k.js';
import { quotaTable, runQuota } from './quota/index.js';
import { markdownTable, runScale } from './scale/index.js';
import { benchValidate } from './validate.js';

type Figures = Record<string, number | string>;

async function scale(): Promise<Figures> {
  const rows = await runScale();
  const started = performance.now();
  const v = await benchValidate();
  const ms = Math.round(performance.now() - started);
  console.log(markdownTable(rows));
  console.log(`| (d) validate 1,000 tenant folders | 0 (no network) | 0 | - | - | - | ${(Number(v['1000 tenants x 25 users (ms)']) / 1000).toFixed(1)} s | - | - | ${Math.round(process.memoryUsage().rss / 1048576)} MiB | whole validate bench ${(ms / 1000).toFixed(1)} s |`);
  console.log('');
  return v;
}

/** Scenarios (e)–(h): delta drift, 10,000 tenants alone and in shards, apply paced to the write quota. */
async function quota(): Promise<Figures> {
  const rows = await runQuota();
  console.log(quotaTable(rows));
  console.log('');
  return Object.fromEntries(rows.map((r) => [r.scenario, `${Object.values(r.requests).reduce((a, b) => a + b, 0)} requests, ${(r.ms / 1000).toFixed(1)} s, ${r.throttled} 429s`]));
}

const benches: Array<[string, () => Promise<Figures>, boolean]> = [
  ['scale', scale, true],
  ['quota', quota, true],
  ['validate', benchValidate, false],
  ['emulator', async () => (await benchEmulator()).figures, false],
  ['exchange', async () => Object.fromEntries((await benchExchange(2000, () => {})).map((r) => [r.scenario, `${r.requests} requests, ${r.ms} ms`])), false],
  ['plan-10k', () => benchPlan10k(), false],
];

const wanted = process.argv.slice(2);
const rows: Array<[string, string, string]> = [];
for (const [name, run, byDefault] of benches) {
  if (wanted.length > 0 ? !wanted.includes(name) : !byDefault) continue;
  for (const [metric, value] of Object.entries(await run())) rows.push([name, metric, String(value)]);
}
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['bench', 'metric', 'value'][i]?.length ?? 0));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(['bench', 'metric', 'value']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
