// The per-tenant writer lock: taking it, refusing a second writer with the holder named, waiting for a release,
// breaking the lock of a process that died, releasing only its own lock; and apply holding it around each tenant.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan, type ApplyLogEntry } from '../../src/engine/apply.js';
import { acquireLock, describeHolder, lockPath, parseDuration, type HeldLock, type LockHolder } from '../../src/engine/lock.js';
import { planRun } from '../../src/engine/run.js';
import { tenantIdOf } from '../support/folders.js';
import { loaded, memoryKind, MemoryStore, orgClients } from '../support/memory-kind.js';

let dir: string;
const actor = process.env.GITHUB_ACTOR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenantform-lock-'));
  process.env.GITHUB_ACTOR = 'octocat';
});
afterEach(() => {
  if (actor === undefined) delete process.env.GITHUB_ACTOR;
  else process.env.GITHUB_ACTOR = actor;
});

const held = (r: HeldLock | string): HeldLock => {
  if (typeof r === 'string') throw new Error(`expected the lock, got: ${r}`);
  return r;
};

/** The pid of a process that has exited: a lock naming it on this host is stale. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.on('exit', r));
  return child.pid as number;
}

describe('acquireLock', () => {
  it('creates one lock file naming owner, host, pid, start, plan and command, and removes it on release', async () => {
    const lock = held(await acquireLock('contoso', { dir, planDigest: 'sha256:abc', command: 'tenantform apply plan.json' }));
    const file = JSON.parse(readFileSync(lockPath(dir, 'contoso'), 'utf8')) as LockHolder;
    expect(file).toMatchObject({ tenant: 'contoso', owner: 'octocat', host: hostname(), pid: process.pid, planDigest: 'sha256:abc', command: 'tenantform apply plan.json' });
    expect(Number.isNaN(Date.parse(file.since))).toBe(false);
    expect(readdirSync(dir)).toEqual(['contoso.lock']);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a second writer of the same tenant at once, naming the holder; other tenants are free', async () => {
    const first = held(await acquireLock('contoso', { dir, command: 'tenantform apply a.json' }));
    const second = await acquireLock('contoso', { dir, timeoutMs: 0 });
    expect(typeof second).toBe('string');
    expect(second).toContain(`tenant contoso is locked by octocat on ${hostname()} (pid ${process.pid}, since ${first.holder.since}`);
    expect(second).toContain('running "tenantform apply a.json"');
    const other = held(await acquireLock('fabrikam', { dir }));
    await other.release();
    await first.release();
  });

  it('waits for the holder to release, then takes the lock', async () => {
    const first = held(await acquireLock('contoso', { dir }));
    const notices: string[] = [];
    const waiting = acquireLock('contoso', { dir, timeoutMs: 60_000, pollMs: 10, warn: (l) => notices.push(l) });
    let settled = false;
    void waiting.then(() => (settled = true));
    // It says it waits once it has found the lock held; until the release it keeps waiting.
    for (let i = 0; i < 1000 && notices.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    expect(notices).toEqual([`tenantform: tenant contoso is locked by ${describeHolder(first.holder)}; waiting up to 60s\n`]);
    await first.release();
    const second = held(await waiting);
    expect(second.holder.id).not.toBe(first.holder.id);
    expect((JSON.parse(readFileSync(lockPath(dir, 'contoso'), 'utf8')) as LockHolder).id).toBe(second.holder.id);
    await second.release();
  });

  it('gives up after the timeout with the holder named', async () => {
    const first = held(await acquireLock('contoso', { dir }));
    const refused = await acquireLock('contoso', { dir, timeoutMs: 50, pollMs: 10, warn: () => undefined });
    expect(refused).toMatch(/^tenant contoso is locked by octocat .* after waiting 0.05s; nothing was applied/);
    await first.release();
  });

  it('breaks the stale lock of a dead process on this host, saying so, and takes it', async () => {
    const pid = await deadPid();
    const stale: LockHolder = { tenant: 'contoso', owner: 'mallory', host: hostname(), pid, since: '2026-01-01T00:00:00.000Z', command: 'tenantform apply', id: 'x' };
    writeFileSync(lockPath(dir, 'contoso'), JSON.stringify(stale));
    const warnings: string[] = [];
    const lock = held(await acquireLock('contoso', { dir, warn: (l) => warnings.push(l) }));
    expect(warnings).toEqual([expect.stringContaining(`broke the stale lock of tenant contoso: held by mallory on ${hostname()} (pid ${pid}`)]);
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not break a lock held on another host, whose process it cannot check', async () => {
    const remote: LockHolder = { tenant: 'contoso', owner: 'ci', host: 'runner-7', pid: await deadPid(), since: '2026-01-01T00:00:00.000Z', command: 'tenantform apply', id: 'y' };
    writeFileSync(lockPath(dir, 'contoso'), JSON.stringify(remote));
    expect(await acquireLock('contoso', { dir })).toContain('locked by ci on runner-7');
  });

  it('releases only its own lock: one removed by hand and taken by another run stays', async () => {
    const first = held(await acquireLock('contoso', { dir }));
    writeFileSync(lockPath(dir, 'contoso'), JSON.stringify({ ...first.holder, id: 'someone-else' }));
    await first.release();
    expect(readdirSync(dir)).toEqual(['contoso.lock']);
  });
});

describe('parseDuration', () => {
  it('reads ms numbers and s/m/h units, and rejects anything else', () => {
    expect([parseDuration('0'), parseDuration('1500'), parseDuration('30s'), parseDuration('5m'), parseDuration('1h')]).toEqual([0, 1500, 30_000, 300_000, 3_600_000]);
    expect(() => parseDuration('5x')).toThrow('"5x" is not a duration: use e.g. 0, 30s, 5m, 1h or a number of milliseconds');
    expect(() => parseDuration('-1s')).toThrow('is not a duration');
  });
});

describe('applyPlan with a lock', () => {
  it('refuses a locked tenant before reading it, applies the others, and releases each lock when done', async () => {
    const stores = new Map([['contoso', new MemoryStore()], ['fabrikam', new MemoryStore()]]);
    const kind = memoryKind((config) => stores.get(config.tenant.name) as MemoryStore);
    const tenants = [loaded('contoso', { items: [{ name: 'a', value: '1' }] }), loaded('fabrikam', { items: [{ name: 'b', value: '2' }] })];
    const contacted: string[] = [];
    const clientsFor = (t: LoadedTenant) => (contacted.push(t.name), orgClients(tenantIdOf(t.name)));
    const plan = await planRun({ tenants, kinds: [kind], clientsFor, now: new Date() });
    contacted.length = 0;
    const blocker = held(await acquireLock('contoso', { dir, command: 'tenantform apply other.json' }));
    const log: ApplyLogEntry[] = [];
    const lock = (tenant: string) => acquireLock(tenant, { dir });
    const summary = await applyPlan({ plan, tenants, kinds: [kind], clientsFor, log: (e) => log.push(e), lock });
    expect(summary.tenants.map((t) => [t.name, t.status])).toEqual([['contoso', 'refused'], ['fabrikam', 'applied']]);
    expect(summary.tenants[0]?.message).toContain('running "tenantform apply other.json"');
    expect(log.find((e) => e.tenant === 'contoso')).toMatchObject({ status: 'refused' });
    expect(contacted).toEqual(['fabrikam']);
    expect(stores.get('contoso')?.items.size).toBe(0);
    expect(readdirSync(dir)).toEqual(['contoso.lock']);
    await blocker.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
