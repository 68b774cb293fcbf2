// Runs the benchmarks (`npm run bench`, optionally with names to run a subset) and prints their figures.
import { benchEmulator, type BenchResult } from './emulator.js';

const benchmarks: Record<string, () => Promise<BenchResult>> = {
  emulator: () => benchEmulator(),
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(benchmarks)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const result = await run();
  process.stdout.write(`${result.name}\n`);
  for (const [k, v] of Object.entries(result.figures)) process.stdout.write(`  ${k}: ${v}\n`);
}
