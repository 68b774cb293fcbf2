// Delta drift: each tenant's users and groups (with members) as the last drift saw them, and the `$deltatoken` of each
// collection, in `<state-dir>/<tenantId>.json`. A drift reads only the changes since (two requests for an unchanged
// tenant) and rebuilds the live state from the snapshot; without a usable file, or when Graph refuses a token, it
// reads that collection in full and says so. The file is versioned, holds only the properties the reads select (no
// secret is ever read, so none is stored) and is replaced atomically, so overlapping runs never leave half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { needsResync, readDeltaRound } from '../clients/delta.js';
import type { GraphApi } from '../clients/types.js';
import type { DirectoryEntry, DirectoryGroup, LiveDirectory } from '../kinds/contract.js';
import { applyGroupRound, applyUserRound, groupsDelta, usersDelta } from '../kinds/shared/directory.js';
import type { Diagnostic } from '../plan/types.js';
import { describeError } from './errors.js';

export const DRIFT_STATE_FORMAT = 'tenantform-drift-state';
export const DRIFT_STATE_VERSION = 1;

interface Collection<T> { deltaToken: string; objects: T[] }

export interface DriftStateFile {
  format: typeof DRIFT_STATE_FORMAT;
  version: typeof DRIFT_STATE_VERSION;
  tenantId: string;
  /** Absent until a drift needed it (a tenant that declares users but no groups never reads groups). */
  users?: Collection<DirectoryEntry>;
  groups?: Collection<DirectoryGroup>;
}

export interface SyncedDirectory {
  directory: LiveDirectory;
  /** Why a collection was read in full although a state file was there: the drift report carries them as notes. */
  notes: Diagnostic[];
}

/** The state file of a tenant: named by its id, and only by the characters a tenant id can hold. */
export function stateFile(stateDir: string, tenantId: string): string {
  return join(stateDir, `${tenantId.toLowerCase().replace(/[^0-9a-z.-]/g, '_')}.json`);
}

const isCollection = (c: unknown): c is Collection<DirectoryEntry> => {
  const o = c as Collection<DirectoryEntry> | undefined;
  return typeof o?.deltaToken === 'string' && o.deltaToken !== '' && Array.isArray(o.objects) && o.objects.every((x) => typeof x?.id === 'string');
};

/** The stored state, or why it cannot be used (undefined reason: there is none yet, the first drift of this tenant). */
async function load(path: string, tenantId: string): Promise<{ state?: DriftStateFile; reason?: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { reason: `cannot be read (${(error as Error).message})` };
  }
  let raw: Partial<DriftStateFile>;
  try {
    raw = JSON.parse(text) as Partial<DriftStateFile>;
  } catch {
    return { reason: 'is not JSON' };
  }
  if (raw.format !== DRIFT_STATE_FORMAT) return { reason: `is not a tenantform drift state file` };
  if (raw.version !== DRIFT_STATE_VERSION) return { reason: `has version ${String(raw.version)}, this tenantform reads version ${DRIFT_STATE_VERSION}` };
  if (String(raw.tenantId).toLowerCase() !== tenantId.toLowerCase()) return { reason: `belongs to tenant ${String(raw.tenantId)}` };
  const usersOk = raw.users === undefined || isCollection(raw.users);
  const groupsOk = raw.groups === undefined || (isCollection(raw.groups) && raw.groups.objects.every((g) => Array.isArray((g as DirectoryGroup).members)));
  if (!usersOk || !groupsOk) return { reason: 'is damaged (users or groups malformed)' };
  return { state: raw as DriftStateFile };
}

async function save(path: string, dir: string, state: DriftStateFile): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

const note = (summary: string): Diagnostic => ({ severity: 'info', summary });

/**
 * One collection brought up to date: from its stored token when there is one, else (or when Graph refuses the token
 * as expired or invalid) read in full. Any other failure fails the drift of this tenant: unknown is never "unchanged".
 */
async function syncCollection<T>(
  graph: GraphApi, name: string, stored: Collection<T> | undefined, full: string,
  apply: (items: never[], full: boolean) => void, notes: Diagnostic[],
): Promise<string> {
  if (stored) {
    try {
      const round = await readDeltaRound<never>(graph, `/${name}/delta?$deltatoken=${encodeURIComponent(stored.deltaToken)}`);
      apply(round.items, false);
      return round.deltaToken;
    } catch (error) {
      if (!needsResync(error)) throw error;
      notes.push(note(`${name}: Graph refused the stored delta token (${describeError(error)}); ${name} were read in full`));
    }
  }
  const round = await readDeltaRound<never>(graph, full);
  apply(round.items, true);
  return round.deltaToken;
}

/** What a tenant's YAML makes drift read: groups when it declares any, users too when it declares users or groups. */
export interface Wanted { users: boolean; groups: boolean }

/**
 * The tenant's users and groups, up to date, from `<stateDir>/<tenantId>.json` and Graph's delta; the file is
 * rewritten. A collection the YAML does not need is not read, and comes back empty; its stored part is kept as it was.
 */
export async function syncDirectory(graph: GraphApi, tenantId: string, stateDir: string, wanted: Wanted = { users: true, groups: true }): Promise<SyncedDirectory> {
  const path = stateFile(stateDir, tenantId);
  const { state, reason } = await load(path, tenantId);
  const notes: Diagnostic[] = reason ? [note(`the drift state ${path} ${reason}; users and groups were read in full`)] : [];
  const users = new Map((state?.users?.objects ?? []).map((u) => [u.id, u]));
  const groups = new Map((state?.groups?.objects ?? []).map((g) => [g.id, g]));
  const [userToken, groupToken] = await Promise.all([
    wanted.users ? syncCollection(graph, 'users', state?.users, usersDelta(), (items, full) => applyUserRound(users, items, full), notes) : state?.users?.deltaToken,
    wanted.groups ? syncCollection(graph, 'groups', state?.groups, groupsDelta(), (items, full) => applyGroupRound(groups, items, full), notes) : state?.groups?.deltaToken,
  ]);
  await save(path, stateDir, {
    format: DRIFT_STATE_FORMAT, version: DRIFT_STATE_VERSION, tenantId,
    ...(userToken === undefined ? {} : { users: { deltaToken: userToken, objects: [...users.values()] } }),
    ...(groupToken === undefined ? {} : { groups: { deltaToken: groupToken, objects: [...groups.values()] } }),
  });
  const directory = { users: wanted.users ? users : new Map<string, DirectoryEntry>(), groups: wanted.groups ? groups : new Map<string, DirectoryGroup>() };
  return { directory, notes };
}
