// `npm run bench [name…]`: runs the benchmarks (all, or those named) and prints one table of their figures.
import { benchEmulator } from './emulator.js';
import { benchExchange } from './exchange.js';
import { benchPlan10k } from './plan-10k.js';
import { benchValidate } from './validate.js';

type Figures = Record<string, number | string>;

const benches: Array<[string, () => Promise<Figures>]> = [
  ['validate', benchValidate],
  ['emulator', async () => (await benchEmulator()).figures],
  ['plan-10k', () => benchPlan10k()],
  ['exchange', async () => Object.fromEntries((await benchExchange(2000, () => undefined)).map((r) => [`requests, ${r.scenario}`, r.requests]))],
];

const wanted = process.argv.slice(2);
const rows: Array<[string, string, string]> = [];
for (const [name, run] of benches) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  for (const [metric, value] of Object.entries(await run())) rows.push([name, metric, String(value)]);
}
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['bench', 'metric', 'value'][i]?.length ?? 0));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(['bench', 'metric', 'value']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
