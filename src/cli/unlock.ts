// `tenantform unlock TENANT`: removes a tenant's apply lock by hand, after saying who held it. A lock held by a
// running process on this host is left alone unless --force: removing it would let a second writer in.
import { unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_LOCK_DIR, describeHolder, holderState, lockPath, readLock } from '../engine/lock.js';
import { defaultDeps, type CliDeps } from './common.js';

export interface UnlockOptions {
  tenant: string;
  lockDir?: string;
  force?: boolean;
}

const STATE_TEXT = {
  alive: 'a process still running on this host',
  dead: 'a process that no longer exists',
  unknown: 'a process on another host, which cannot be checked from here',
} as const;

export async function runUnlock(opts: UnlockOptions, deps: Pick<CliDeps, 'out' | 'err'> = defaultDeps()): Promise<number> {
  const path = lockPath(resolve(opts.lockDir ?? DEFAULT_LOCK_DIR), opts.tenant);
  let holder: Awaited<ReturnType<typeof readLock>>;
  try {
    holder = await readLock(path);
  } catch (error) {
    deps.err(`tenantform: cannot read the lock of tenant ${opts.tenant}: ${(error as Error).message}\n`);
    return 1;
  }
  if (holder === undefined) {
    deps.err(`tenantform: tenant ${opts.tenant} is not locked (no ${path})\n`);
    return 1;
  }
  const state = holder ? holderState(holder) : undefined;
  if (holder && state === 'alive' && !opts.force) {
    deps.err(
      `tenantform: refusing to unlock tenant ${opts.tenant}: it is held by ${describeHolder(holder)}, ${STATE_TEXT.alive}; ` +
        'stop that run, or pass --force\n',
    );
    return 1;
  }
  deps.out(holder ? `Tenant ${opts.tenant} was locked by ${describeHolder(holder)}, ${STATE_TEXT[state ?? 'unknown']}.\n` : `Tenant ${opts.tenant} had an unreadable lock file.\n`);
  try {
    await unlink(path);
  } catch (error) {
    deps.err(`tenantform: cannot remove ${path}: ${(error as Error).message}\n`);
    return 1;
  }
  deps.out(`Removed ${path}.\n`);
  return 0;
}

export function registerUnlock(program: Command): void {
  program
    .command('unlock')
    .description("remove a tenant's apply lock, naming who held it")
    .argument('<tenant>', 'tenant name')
    .option('--lock-dir <dir>', 'folder of the per-tenant lock files', DEFAULT_LOCK_DIR)
    .option('--force', 'remove the lock even while its holder is running on this host')
    .action(async (tenant: string, opts: { lockDir?: string; force?: boolean }) => {
      process.exitCode = await runUnlock({ tenant, ...opts });
    });
}
