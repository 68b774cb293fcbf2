// Scenarios (e)–(h) of `npm run bench`: delta drift, an estate of 10,000 tenants alone and in shards, a tenant of
// 20,000 mailboxes with their permissions, and apply paced to the write quota, each client in its own process against its own emulator process (a shared one for shards),
// with tenantform, the computed floor and the naive client side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lastLine } from '../processes.js';
import { total, type Counts } from '../scale/minimum.js';
import type { Sizes } from '../scale/model.js';
import { changedUsers, createFloor, deltaDriftFloor } from './floors.js';
import { mailboxBudgetS, mailboxDrift, mailboxFloor, type NaiveMailboxRead } from './mailboxes.js';
import type { QuotaPhase } from './phases.js';

const CHILD = fileURLToPath(new URL('./child.js', import.meta.url));

export interface QuotaRow {
  scenario: string;
  requests: Counts;
  floor: Counts;
  ms: number;
  simulated?: boolean;
  throttled: number;
  peakMiB: number;
  naive?: { requests: Counts; ms: number; peakMiB: number; note?: string };
  note: string;
}

const node = (args: string[]): ChildProcess =>
  spawn(process.execPath, ['--max-old-space-size=4096', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

async function emulator(variant: string, s: Sizes): Promise<{ url: string; stop: () => void }> {
  const emu = node(['emulator', variant, JSON.stringify(s)]);
  const url = (await lastLine(emu, (l) => l.startsWith('listening on '))).slice('listening on '.length);
  return { url, stop: () => emu.kill('SIGTERM') };
}

interface Ran<T> { result: T; peakRss: number }

async function job<T>(name: string, url: string, s: Sizes, shard = 1, shards = 1): Promise<Ran<T>> {
  return JSON.parse(await lastLine(node(['run', name, url, JSON.stringify(s), String(shard), String(shards)]), (l) => l.startsWith('{'))) as Ran<T>;
}

/** A job against its own freshly seeded emulator. */
async function alone<T>(variant: string, name: string, s: Sizes): Promise<Ran<T>> {
  const emu = await emulator(variant, s);
  try {
    return await job<T>(name, emu.url, s);
  } finally {
    emu.stop();
  }
}

const mib = (bytes: number): number => Math.round(bytes / 1048576);
type NaiveRead = { plan: { counts: Counts; ms: number } };

function checked(p: QuotaPhase, what: string): QuotaPhase {
  if (p.errors.length > 0) throw new Error(`${what}: ${p.errors.slice(0, 3).join('; ')}`);
  return p;
}

/** (e): the second of two drifts, 1% of the users changed in between. */
async function deltaRow(name: string, s: Sizes, print: (l: string) => void): Promise<QuotaRow> {
  print(`running ${name} ${JSON.stringify(s)}`);
  const tf = await alone<{ first: QuotaPhase; second: QuotaPhase; changedUsers: number }>('live', 'delta', s);
  const naive = await alone<NaiveRead>('live', 'naive-read', s);
  const second = checked(tf.result.second, `${name} second drift`);
  const first = checked(tf.result.first, `${name} first drift`);
  const firstFloor = total(deltaDriftFloor(s, () => undefined));
  return {
    scenario: `${name}: second drift, 1% changed`, requests: second.counts, floor: deltaDriftFloor(s, (t) => changedUsers(s, t)),
    ms: second.ms, throttled: first.throttled + second.throttled, peakMiB: mib(tf.peakRss),
    naive: { requests: naive.result.plan.counts, ms: naive.result.plan.ms, peakMiB: mib(naive.peakRss), note: 'reads everything every time' },
    note: `${tf.result.changedUsers} users changed; first drift ${total(first.counts)} requests (floor ${firstFloor}) in ${(first.ms / 1000).toFixed(1)} s`,
  };
}

/** (f): the estate on one runner, then in N shards side by side against one emulator (one app's budget). */
async function shardRows(s: Sizes, shardCounts: number[], naiveTenants: number, print: (l: string) => void): Promise<QuotaRow[]> {
  const rows: QuotaRow[] = [];
  const floor = deltaDriftFloor(s, () => undefined);
  const sample = { ...s, tenants: Math.min(naiveTenants, s.tenants) };
  print(`running (f) naive on ${sample.tenants} tenants`);
  const naive = await alone<NaiveRead>('live', 'naive-read', sample);
  const scale = s.tenants / sample.tenants;
  const naiveRow = {
    requests: Object.fromEntries(Object.entries(naive.result.plan.counts).map(([k, v]) => [k, Math.round(v * scale)])),
    ms: naive.result.plan.ms * scale, peakMiB: mib(naive.peakRss),
    note: scale === 1 ? undefined : `measured on ${sample.tenants} tenants, x${scale}`,
  };
  for (const n of shardCounts) {
    print(`running (f) ${s.tenants} tenants in ${n} shard(s)`);
    const emu = await emulator('live', s);
    try {
      const started = performance.now();
      const runs = await Promise.all(Array.from({ length: n }, (_, k) => job<QuotaPhase>('shard', emu.url, s, k + 1, n)));
      const ms = performance.now() - started;
      const requests: Counts = {};
      for (const r of runs) for (const [k, v] of Object.entries(r.result.counts)) requests[k] = (requests[k] ?? 0) + v;
      const perTenant = (total(requests) / s.tenants).toFixed(2);
      // A tenant that errors (a sign-in timing out on an overloaded machine) is reported, not hidden: it is in the note.
      const errored = runs.reduce((a, r) => a + r.result.errors.length, 0);
      rows.push({
        scenario: `(f) ${s.tenants.toLocaleString('en-US')} tenants x ${s.users} users drift, ${n === 1 ? 'one runner' : `${n} shards in parallel`}`,
        requests, floor, ms, throttled: runs.reduce((a, r) => a + r.result.throttled, 0), peakMiB: Math.max(...runs.map((r) => mib(r.peakRss))),
        naive: naiveRow, note: `${perTenant} requests per tenant; ${n === 1 ? '' : 'peak RSS of the largest shard; '}wall ${(ms / s.tenants).toFixed(1)} ms per tenant${errored ? `; ${errored} tenants errored` : ''}`,
      });
    } finally {
      emu.stop();
    }
  }
  return rows;
}

/** (h): apply of U new licensed users, in simulated time, against the write quota's floor. */
async function createRows(s: Sizes, print: (l: string) => void): Promise<QuotaRow[]> {
  print(`running (h) ${s.users} new licensed users`);
  const tf = await alone<{ plan: QuotaPhase; apply: QuotaPhase }>('empty', 'create', s);
  const naive = await alone<{ apply: { counts: Counts; ms: number } }>('empty', 'naive-create', s);
  const floor = createFloor(s);
  const apply = checked(tf.result.apply, '(h) apply');
  const ratio = (apply.ms / floor.wallMs).toFixed(2);
  return [{
    scenario: `(h) apply of ${s.users.toLocaleString('en-US')} new licensed users (simulated time)`, requests: apply.counts, floor: floor.apply,
    ms: apply.ms, simulated: true, throttled: tf.result.plan.throttled + apply.throttled, peakMiB: mib(tf.peakRss),
    naive: { requests: naive.result.apply.counts, ms: naive.result.apply.ms, peakMiB: mib(naive.peakRss), note: 'one request per write, 429s waited out' },
    note: `${floor.writes} writes; write-quota floor ${(floor.wallMs / 1000).toFixed(0)} s, tenantform ${ratio}x of it; plan ${total(tf.result.plan.counts)} requests`,
  }];
}

/** (g): a plan of M mailboxes with FullAccess, SendAs and calendar entries declared, in simulated time. */
async function mailboxRows(s: Sizes, print: (l: string) => void): Promise<QuotaRow[]> {
  const m = s.mailboxes;
  print(`running (g) ${m} mailboxes`);
  const tf = await alone<QuotaPhase>('mailboxes', 'mailboxes', s);
  const naive = await alone<NaiveMailboxRead & { ms: number }>('mailboxes', 'naive-mailboxes', s);
  const plan = checked(tf.result, '(g) plan');
  const d = mailboxDrift(m);
  const expected = d.settings + d.fullAccess + d.sendAs + d.calendar;
  const scale = m / naive.result.mailboxes;
  const floor = mailboxFloor(m);
  const budgetS = mailboxBudgetS(m);
  return [{
    scenario: `(g) 1 tenant, ${m.toLocaleString('en-US')} mailboxes: plan (simulated time)`, requests: plan.counts, floor,
    ms: plan.ms, simulated: true, throttled: plan.throttled, peakMiB: mib(tf.peakRss),
    naive: {
      requests: Object.fromEntries(Object.entries(naive.result.counts).map(([k, v]) => [k, Math.round(v * scale)])),
      ms: naive.result.ms * scale, peakMiB: mib(naive.peakRss),
      note: `4 cmdlets per mailbox and its 429s (16 in flight)${scale === 1 ? '' : `; measured on ${naive.result.mailboxes.toLocaleString('en-US')} mailboxes, x${scale}`}`,
    },
    note: `${plan.changes} changes (${expected} drifted); the emulator's Exchange model allows the floor's cmdlets in ${budgetS.toFixed(0)} s at best, tenantform took ${(plan.ms / 1000 / Math.max(1, budgetS)).toFixed(2)}x of it`,
  }];
}

/** `BENCH_SCALE` shrinks these as it does (a)–(c); `BENCH_QUOTA=g,f` runs only the scenarios named. */
export async function runQuota(print: (line: string) => void = console.error, scale = Number(process.env.BENCH_SCALE ?? '1'), only = process.env.BENCH_QUOTA): Promise<QuotaRow[]> {
  const n = (x: number): number => Math.max(1, Math.round(x * scale));
  const wanted = new Set((only ?? 'e,f,g,h').split(',').map((x) => x.trim().toLowerCase()));
  const rows: QuotaRow[] = [];
  // Each row is printed as it is measured, so a scenario that fails late loses nothing measured before it.
  const keep = (more: QuotaRow[]): void => {
    rows.push(...more);
    for (const r of more) print(quotaTable([r]).split('\n')[2]!);
  };
  if (wanted.has('e')) {
    keep([await deltaRow('(e) 1,000 tenants x 50 users', { tenants: n(1000), users: 50, groups: 2, membersPerGroup: 25, mailboxes: 0 }, print)]);
    keep([await deltaRow('(e) 1 tenant, 60k users', { tenants: 1, users: n(60_000), groups: n(1000), membersPerGroup: 50, mailboxes: 0 }, print)]);
  }
  if (wanted.has('h')) keep(await createRows({ tenants: 1, users: n(10_000), groups: 0, membersPerGroup: 0, mailboxes: 0 }, print));
  if (wanted.has('g')) keep(await mailboxRows({ tenants: 1, users: 0, groups: 0, membersPerGroup: 0, mailboxes: n(20_000) }, print));
  if (wanted.has('f')) keep(await shardRows({ tenants: n(10_000), users: 20, groups: 0, membersPerGroup: 0, mailboxes: 0 }, [1, 2, 4, 8], n(1000), print));
  return rows;
}

const fmt = (c: Counts): string => Object.entries(c).sort().map(([k, v]) => `${k} ${v}`).join(', ');
const x = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');

export function quotaTable(rows: QuotaRow[]): string {
  const lines = [
    '| scenario | tenantform requests | floor | vs floor | 429s | naive requests | naive / tf | wall (tf) | wall (naive) | peak RSS tf / naive | notes |',
    `|${'---|'.repeat(11)}`,
  ];
  for (const r of rows) {
    const [mine, floor] = [total(r.requests), total(r.floor)];
    const theirs = r.naive ? total(r.naive.requests) : 0;
    const wall = (ms: number): string => `${(ms / 1000).toFixed(1)} s${r.simulated ? ' (sim.)' : ''}`;
    lines.push(`| ${r.scenario} | ${mine} (${fmt(r.requests)}) | ${floor} | ${x(mine, floor)} | ${r.throttled} | ${r.naive ? `${theirs} (${fmt(r.naive.requests)})` : '-'} | ${r.naive ? x(theirs, mine) : '-'} | ${wall(r.ms)} | ${r.naive ? wall(r.naive.ms) : '-'} | ${r.peakMiB} / ${r.naive?.peakMiB ?? '-'} MiB | ${r.note}${r.naive?.note ? `; naive ${r.naive.note}` : ''} |`);
  }
  return lines.join('\n');
}
