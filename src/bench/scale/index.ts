// The scale scenarios of `npm run bench`: each client runs in its own process against its own freshly seeded emulator
// process, and every figure is set against the analytical minimum and against the naive client.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lastLine } from '../processes.js';
import { applyMinimum, planMinimum, total, type Counts } from './minimum.js';
import type { Sizes } from './model.js';
import type { PhaseResult } from './run.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

export interface Scenario {
  name: string;
  sizes: Sizes;
  apply: boolean;
}

/** `BENCH_SCALE=0.1` shrinks every scenario for quick iteration; the default is the sizes. */
export function scenarios(scale = Number(process.env.BENCH_SCALE ?? '1')): Scenario[] {
  const n = (x: number): number => Math.max(1, Math.round(x * scale));
  return [
    { name: '(a) 1 tenant, 10k users', sizes: { tenants: 1, users: n(10_000), groups: n(1_000), membersPerGroup: 50, mailboxes: n(2_000) }, apply: true },
    { name: '(b) 1 tenant, 60k users', sizes: { tenants: 1, users: n(60_000), groups: n(1_000), membersPerGroup: 50, mailboxes: n(2_000) }, apply: false },
    { name: '(c) 1,000 tenants x 50 users', sizes: { tenants: n(1_000), users: 50, groups: 2, membersPerGroup: 25, mailboxes: 0 }, apply: false },
  ];
}

interface ClientRun {
  plan: PhaseResult;
  apply?: PhaseResult;
  replan?: PhaseResult;
  peakRss: number;
}

async function runClient(client: 'tenantform' | 'naive', s: Scenario): Promise<ClientRun> {
  const node = (args: string[]): ChildProcess => spawn(process.execPath, ['--max-old-space-size=4096', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const emu = node(['emulator', JSON.stringify(s.sizes)]);
  try {
    const url = (await lastLine(emu, (l) => l.startsWith('listening on '))).slice('listening on '.length);
    const worker = node(['phase', client, JSON.stringify(s.sizes), url, s.apply ? 'apply' : 'plan']);
    return JSON.parse(await lastLine(worker, (l) => l.startsWith('{'))) as ClientRun;
  } finally {
    emu.kill('SIGTERM');
  }
}

export interface Row {
  scenario: string;
  requests: Counts;
  minimum: Counts;
  ms: number;
  peakMiB: number;
  naiveRequests: Counts;
  naiveMs: number;
  naivePeakMiB: number;
  note: string;
}

function add(a: Counts, b: Counts): Counts {
  const out: Counts = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const mib = (bytes: number): number => Math.round(bytes / 1048576);

function checked(r: PhaseResult | undefined, what: string): PhaseResult {
  if (!r) throw new Error(`${what}: no result`);
  if (r.errors.length > 0) throw new Error(`${what}: ${r.errors.slice(0, 3).join('; ')}`);
  return r;
}

export async function runScale(print: (line: string) => void = console.error): Promise<Row[]> {
  const rows: Row[] = [];
  for (const s of scenarios()) {
    print(`running ${s.name} ${JSON.stringify(s.sizes)}`);
    const tf = await runClient('tenantform', s);
    const naive = await runClient('naive', s);
    const plan = checked(tf.plan, `${s.name} plan`);
    const row = (phase: string, mine: PhaseResult, theirs: PhaseResult, minimum: Counts, note: string): Row => ({
      scenario: `${s.name} ${phase}`, requests: mine.counts, minimum, ms: mine.ms, peakMiB: mib(tf.peakRss),
      naiveRequests: theirs.counts, naiveMs: theirs.ms, naivePeakMiB: mib(naive.peakRss), note,
    });
    rows.push(row('plan', plan, naive.plan, planMinimum(s.sizes), `${plan.changes} changes`));
    if (s.apply) {
      const applied = checked(tf.apply, `${s.name} apply`);
      const replan = checked(tf.replan, `${s.name} re-plan`);
      if (replan.changes !== 0) throw new Error(`${s.name}: re-plan after apply found ${replan.changes} changes`);
      rows.push(row('apply', applied, naive.apply!, applyMinimum(s.sizes), `${applied.changes} applied; re-plan: 0 changes`));
      const both = (x: PhaseResult, y: PhaseResult): PhaseResult => ({ counts: add(x.counts, y.counts), ms: x.ms + y.ms, changes: y.changes, errors: [] });
      rows.push(row('plan + apply', both(plan, applied), both(naive.plan, naive.apply!), add(planMinimum(s.sizes), applyMinimum(s.sizes)), 'the whole job, end to end'));
    }
  }
  return rows;
}

const fmt = (c: Counts): string => Object.entries(c).sort().map(([k, v]) => `${k} ${v}`).join(', ');
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

export function markdownTable(rows: Row[]): string {
  const head = '| scenario | tenantform requests | minimum | vs min | naive requests | naive / tf | wall (tf) | wall (naive) | naive / tf | peak RSS tf / naive | notes |';
  const lines = [head, `|${'---|'.repeat(11)}`];
  for (const r of rows) {
    const [mine, min, theirs] = [total(r.requests), total(r.minimum), total(r.naiveRequests)];
    lines.push(`| ${r.scenario} | ${mine} (${fmt(r.requests)}) | ${min} (${fmt(r.minimum)}) | ${ratio(mine, min)} | ${theirs} (${fmt(r.naiveRequests)}) | ${ratio(theirs, mine)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.naiveMs / 1000).toFixed(1)} s | ${ratio(r.naiveMs, r.ms)} | ${r.peakMiB} / ${r.naivePeakMiB} MiB | ${r.note} |`);
  }
  return lines.join('\n');
}
