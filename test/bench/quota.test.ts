// Smoke test of scenarios (e)–(h) of the bench at small sizes, under the emulator's full throttling model:
// a second drift with delta state costs its delta floor (a few requests, not the first drift's pages), shards of an
// estate add up to the estate's floor, a tenant's mailboxes with their permissions are planned within 1.25x of the
// Exchange floor with few 429s, and creating licensed users meets no 429 with the write quota paced.
import { afterEach, describe, expect, it } from 'vitest';
import { changedUsers, createFloor, deltaDriftFloor } from '../../src/bench/quota/floors.js';
import { createUsers, deltaDrifts, planMailboxes, shardDrift } from '../../src/bench/quota/phases.js';
import { mailboxConfig, mailboxDrift, mailboxFloor, mailboxSeed, naiveMailboxRead } from '../../src/bench/quota/mailboxes.js';
import { VirtualTime } from '../../src/bench/quota/virtual-time.js';
import { NaiveSession } from '../../src/bench/scale/naive.js';
import { total } from '../../src/bench/scale/minimum.js';
import { driftOf, seedFor, type Sizes } from '../../src/bench/scale/model.js';
import { exchangeModule } from '../../src/emulator/exchange/service.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { withBenchApps } from '../../src/bench/access.js';
import { defaultModules } from '../../src/emulator/modules.js';
import type { SeedDocument } from '../../src/emulator/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

// Instant consistency, as in the bench: the counts measure the read and write strategy (a readback per created user);
// waits for replication are tested on their own (test/clients/read-after-write.test.ts).
const start = async (seed: SeedDocument): Promise<RunningEmulator> =>
  (emu = await startEmulator({ seed: withBenchApps(seed), throttling: true, replicationDelayMs: 0, modules: [...defaultModules(), exchangeModule()] }));

describe('(e) the second drift reads deltas', () => {
  it('one large tenant: the second drift costs its floor of six requests (one of them the inventory\'s), not the first drift\'s pages', async () => {
    const s: Sizes = { tenants: 1, users: 2500, groups: 40, membersPerGroup: 10, mailboxes: 0 };
    await start(seedFor(s));
    const r = await deltaDrifts(emu!.url, s);
    expect(r.changedUsers).toBe(25);
    expect(total(r.first.counts)).toBeLessThanOrEqual(1.25 * total(deltaDriftFloor(s, () => undefined)));
    expect(total(r.second.counts)).toBe(total(deltaDriftFloor(s, () => 25)));
    expect(total(r.second.counts)).toBe(6);
    // The changed users are found on top of the seeded drift, from the snapshot plus the delta.
    const d = driftOf(s);
    expect(r.second.changes).toBe(r.first.changes + 25);
    expect(r.first.changes).toBe(d.users + d.groups + d.membershipGroups);
    expect(r.first.throttled + r.second.throttled).toBe(0);
  }, 60_000);

  it('many small tenants: within 1.25x of the delta floor, every tenant planned', async () => {
    const s: Sizes = { tenants: 12, users: 50, groups: 2, membersPerGroup: 25, mailboxes: 0 };
    await start(seedFor(s));
    const r = await deltaDrifts(emu!.url, s);
    expect(r.second.errors).toEqual([]);
    expect(total(r.second.counts)).toBeLessThanOrEqual(1.25 * total(deltaDriftFloor(s, (t) => changedUsers(s, t))));
    expect(r.second.changes - r.first.changes).toBe(r.changedUsers);
  }, 60_000);
});

describe('(f) shards of an estate', () => {
  it('the shards of an estate plan every tenant once, at the estate\'s floor, without a 429', async () => {
    const s: Sizes = { tenants: 24, users: 20, groups: 0, membersPerGroup: 0, mailboxes: 0 };
    await start(seedFor(s));
    const shards = await Promise.all([1, 2, 3].map((k) => shardDrift(emu!.url, s, k, 3)));
    const requests = shards.reduce((n, r) => n + total(r.counts), 0);
    expect(requests).toBe(total(deltaDriftFloor(s, () => undefined)));
    expect(shards.reduce((n, r) => n + r.changes, 0)).toBe(s.tenants * driftOf(s).users);
    expect(shards.every((r) => r.throttled === 0 && r.errors.length === 0)).toBe(true);
  }, 60_000);
});

describe('(h) creating licensed users', () => {
  it('plans and applies every create and license in $batch calls, within 1.25x of the floor and without a 429', async () => {
    const s: Sizes = { tenants: 1, users: 120, groups: 0, membersPerGroup: 0, mailboxes: 0 };
    const seed = seedFor({ ...s, users: 0 });
    seed.tenants[0]!.skus![0]!.seats = 500;
    await start(seed);
    const r = await createUsers(emu!.url, s);
    const floor = createFloor(s);
    expect(r.plan.changes).toBe(2 * s.users);
    expect(total(r.plan.counts)).toBeLessThanOrEqual(1.25 * total(floor.plan));
    expect(r.apply.errors).toEqual([]);
    expect(r.apply.changes).toBe(2 * s.users);
    expect(total(r.apply.counts)).toBeLessThanOrEqual(1.25 * total(floor.apply));
    expect(r.plan.throttled + r.apply.throttled).toBe(0);
  }, 60_000);
});

// FullAccess has no tenant-wide read: Get-MailboxPermission requires -Identity
// (https://learn.microsoft.com/powershell/module/exchange/get-mailboxpermission); SendAs has one
// (Get-RecipientPermission -ResultSize Unlimited, https://learn.microsoft.com/powershell/module/exchange/get-recipientpermission).
// Microsoft publishes no rate for the admin API, so the client paces by the 429s it meets (src/clients/adaptive.ts).
describe('(g) a tenant\'s mailboxes with FullAccess, SendAs and calendar permissions', () => {
  it('plans every drift within 1.25x of the Exchange floor, with few 429s, in simulated time', async () => {
    const m = 300;
    await start(mailboxSeed(m));
    const r = await planMailboxes(emu!.url, m);
    const floor = mailboxFloor(m);
    const d = mailboxDrift(m);
    expect(r.errors).toEqual([]);
    expect(r.changes).toBe(d.settings + d.fullAccess + d.sendAs + d.calendar);
    expect(r.counts.exchange).toBeGreaterThanOrEqual(floor.exchange!);
    expect(total(r.counts)).toBeLessThanOrEqual(1.25 * total(floor));
    expect({ login: r.counts.login, graph: r.counts.graph }).toEqual({ login: floor.login, graph: floor.graph });
    // Slow start overshoots the budget the emulator's burst of 100 hides, and comes down in a few cuts of four
    // refusals each (four cmdlets in flight), about 30 once per run; the cmdlets after it meet about one per rate cycle.
    expect(r.throttled).toBeLessThanOrEqual(45);
    expect(r.counts.exchange! - r.throttled).toBeLessThanOrEqual(floor.exchange! + Math.ceil(m / 1000));
  }, 120_000);

  it('the naive script finds the same drift with four cmdlets per mailbox', async () => {
    const m = 200;
    await start(mailboxSeed(m));
    const config = mailboxConfig(m);
    const time = new VirtualTime(emu!.url, 1000);
    const r = await naiveMailboxRead(new NaiveSession(emu!.url, config.tenant.tenantId, time.sleep), config);
    const d = mailboxDrift(m);
    expect(r.changes).toBe(d.settings + d.fullAccess + d.sendAs + d.calendar);
    expect(r.counts.exchange).toBeGreaterThanOrEqual(4 * m);
  }, 120_000);
});
