// `npm run bench`: runs every benchmark and prints one table. Each benchmark returns its own named figures.
import { benchValidate } from './validate.js';

const benches: Array<[string, () => Promise<Record<string, number | string>>]> = [['validate', benchValidate]];

const rows: Array<[string, string, string]> = [];
for (const [name, run] of benches) {
  for (const [metric, value] of Object.entries(await run())) rows.push([name, metric, String(value)]);
}
const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['bench', 'metric', 'value'][i]?.length ?? 0));
const line = (r: string[]) => r.map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
console.log(line(['bench', 'metric', 'value']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
