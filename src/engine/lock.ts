// One writer per tenant: apply holds a lock file per tenant while it writes, so two applies of the same plan cannot
// both create its objects. The file appears atomically with its content complete (written aside, then hard-linked
// into place, which fails if the name exists), names its holder, and is removed on completion, error or signal. A
// lock whose holder was a process on this host that no longer exists (SIGKILL, power loss) is broken as stale.
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const DEFAULT_LOCK_DIR = '.tenantform/locks';

export interface LockHolder {
  tenant: string;
  owner: string;
  host: string;
  pid: number;
  /** ISO time the lock was taken. */
  since: string;
  planDigest?: string;
  command: string;
  /** Random per acquisition: release removes the file only while it is still this acquisition's. */
  id: string;
}

export interface LockOptions {
  dir: string;
  /** How long to wait for a held lock before refusing; 0 refuses at once. */
  timeoutMs?: number;
  pollMs?: number;
  planDigest?: string;
  command?: string;
  /** Where the notice of a broken stale lock goes (stderr in the CLI). */
  warn?: (line: string) => void;
}

export interface HeldLock {
  holder: LockHolder;
  release(): Promise<void>;
}

/** Lock file of a tenant; the name is encoded so that no tenant name can point outside the lock directory. */
export function lockPath(dir: string, tenant: string): string {
  return join(dir, `${encodeURIComponent(tenant)}.lock`);
}

/** `30s`, `5m`, `1h`, `250ms` or a plain number of milliseconds; throws with the accepted forms otherwise. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration: use e.g. 0, 30s, 5m, 1h or a number of milliseconds`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

function currentOwner(): string {
  if (process.env.GITHUB_ACTOR) return process.env.GITHUB_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The holder named in a lock file; undefined when there is none, null when it cannot be read as a lock. */
export async function readLock(path: string): Promise<LockHolder | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h === 'object' && h !== null && typeof h.pid === 'number' && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** alive / dead for a holder on this host; unknown on another host, where its process cannot be checked. */
export function holderState(h: LockHolder): 'alive' | 'dead' | 'unknown' {
  if (h.host !== hostname()) return 'unknown';
  try {
    process.kill(h.pid, 0);
    return 'alive';
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH' ? 'dead' : 'alive';
  }
}

export function describeHolder(h: LockHolder): string {
  const plan = h.planDigest ? `, plan ${h.planDigest.slice(0, 19)}` : '';
  return `${h.owner} on ${h.host} (pid ${h.pid}, since ${h.since}${plan}, running "${h.command}")`;
}

const sameHolder = (a: LockHolder | null | undefined, b: LockHolder): boolean =>
  !!a && a.id === b.id && a.pid === b.pid && a.host === b.host && a.since === b.since;

const asidePath = (path: string, holder: LockHolder): string => `${path}.${holder.id}.tmp`;

/** Creates the lock file with its content in one step; false when another holder has it. */
async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  const aside = asidePath(path, holder);
  await writeFile(aside, JSON.stringify(holder, null, 2) + '\n', { flag: 'wx' });
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

/**
 * Removes a stale lock, but only that one: it is first moved aside, so that of two runs breaking the same stale lock
 * one wins, and a lock another run took in between is put back rather than deleted.
 */
async function breakStale(path: string, stale: LockHolder, warn: (line: string) => void): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (sameHolder(await readLock(aside), stale)) {
    await unlink(aside);
    warn(`tenantform: broke the stale lock of tenant ${stale.tenant}: held by ${describeHolder(stale)}, a process that no longer exists\n`);
    return;
  }
  await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/**
 * A run killed between writing its lock's content and linking it leaves that content aside (`<lock>.<id>.tmp`); it
 * holds nothing, so a dead holder's leftover on this host is swept before the next run takes the lock.
 */
async function sweepAsides(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = (await readdir(dirname(path))).filter((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
  for (const name of names) {
    const file = join(dirname(path), name);
    const holder = await readLock(file);
    if (holder && holderState(holder) === 'dead') await unlink(file).catch(() => undefined);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Takes the tenant's lock, waiting up to the timeout; a refusal message naming the holder when it cannot. */
export async function acquireLock(tenant: string, opts: LockOptions): Promise<HeldLock | string> {
  await mkdir(opts.dir, { recursive: true });
  const path = lockPath(opts.dir, tenant);
  await sweepAsides(path);
  const holder: LockHolder = {
    tenant, owner: currentOwner(), host: hostname(), pid: process.pid, since: '',
    ...(opts.planDigest ? { planDigest: opts.planDigest } : {}), command: opts.command ?? 'tenantform', id: randomBytes(8).toString('hex'),
  };
  // Registered before the file exists, so a signal arriving the moment it appears still removes it.
  heldLocks.set(holder.id, { path, holder });
  watchSignals();
  let result: true | string = 'not taken';
  try {
    result = await takeOrWait(path, holder, opts);
  } finally {
    if (result !== true) forget(holder.id);
  }
  return result === true ? held(path, holder) : result;
}

async function takeOrWait(path: string, holder: LockHolder, opts: LockOptions): Promise<true | string> {
  const timeoutMs = opts.timeoutMs ?? 0;
  const deadline = Date.now() + timeoutMs;
  const warn = opts.warn ?? ((line: string) => process.stderr.write(line));
  let announced = false;
  for (;;) {
    holder.since = new Date().toISOString();
    if (await tryCreate(path, holder)) return true;
    const other = await readLock(path);
    if (other === undefined) continue;
    if (other && holderState(other) === 'dead') {
      await breakStale(path, other, warn);
      continue;
    }
    if (Date.now() >= deadline) return refusal(holder.tenant, path, other, timeoutMs);
    if (!announced && other) warn(`tenantform: tenant ${holder.tenant} is locked by ${describeHolder(other)}; waiting up to ${timeoutMs / 1000}s\n`);
    announced = true;
    await sleep(Math.min(opts.pollMs ?? 250, Math.max(1, deadline - Date.now())));
  }
}

function refusal(tenant: string, path: string, other: LockHolder | null, timeoutMs: number): string {
  const waited = timeoutMs > 0 ? ` after waiting ${timeoutMs / 1000}s` : '';
  if (!other) return `tenant ${tenant} is locked${waited}, but its lock file ${path} cannot be read; remove it with tenantform unlock ${tenant}`;
  return `tenant ${tenant} is locked by ${describeHolder(other)}${waited}; nothing was applied. If that run is gone, tenantform unlock ${tenant}`;
}

function forget(id: string): void {
  heldLocks.delete(id);
  if (heldLocks.size === 0) unwatchSignals();
}

function held(path: string, holder: LockHolder): HeldLock {
  return {
    holder,
    async release() {
      forget(holder.id);
      if (sameHolder(await readLock(path), holder)) await unlink(path).catch(() => undefined);
    },
  };
}

// Locks this process holds, released synchronously when it is interrupted or exits without releasing them.
const heldLocks = new Map<string, { path: string; holder: LockHolder }>();

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}

function releaseAllSync(): void {
  for (const { path, holder } of heldLocks.values()) {
    unlinkQuietly(asidePath(path, holder));
    try {
      if (sameHolder(JSON.parse(readFileSync(path, 'utf8')) as LockHolder, holder)) unlinkQuietly(path);
    } catch {
      // Gone, unreadable or replaced (unlocked by hand): not ours to remove.
    }
  }
  heldLocks.clear();
}

const onSignal = (signal: NodeJS.Signals): void => {
  releaseAllSync();
  // The exit code a shell reports for death by this signal, as if it had not been caught.
  process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
};

function watchSignals(): void {
  if (process.listeners('exit').includes(releaseAllSync)) return;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', releaseAllSync);
}

function unwatchSignals(): void {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', releaseAllSync);
}
