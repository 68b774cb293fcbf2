// Persistence of the emulator state to one JSON file, written atomically (temp file + rename) and debounced, so
// that consecutive processes (plan, then apply) see one tenant.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState, GroupObject, TenantState, UserObject } from './state.js';
import { addUser, newTenant } from './state.js';
import { Clock } from './clock.js';

const FORMAT = 1;

type Json = Record<string, unknown>;

function tenantToJson(t: TenantState): Json {
  const group = (g: GroupObject): Json => ({ ...g, members: [...g.members], owners: [...g.owners] });
  return {
    ...t,
    users: [...t.users.values()], upnIndex: undefined, groups: [...t.groups.values()].map(group),
    deletedUsers: [...t.deletedUsers.values()], deletedGroups: [...t.deletedGroups.values()].map(group),
    roleAssignments: [...t.roleAssignments.values()],
  };
}

function tenantFromJson(j: Json): TenantState {
  // The file's own createdMs overwrites this placeholder below.
  const t = newTenant(String(j.tenantId), String(j.displayName), j.domains as string[], 0);
  const group = (g: Json): GroupObject => ({
    ...(g as unknown as GroupObject), members: new Set(g.members as string[]), owners: new Set(g.owners as string[]),
  });
  Object.assign(t, {
    countryLetterCode: j.countryLetterCode, createdMs: j.createdMs, skus: j.skus, audit: j.audit,
    tombstones: j.tombstones, version: j.version, apps: j.apps, exchange: j.exchange, azure: j.azure, ext: j.ext ?? {},
  });
  for (const u of j.users as UserObject[]) addUser(t, u);
  for (const g of j.groups as Json[]) t.groups.set(String(g.id), group(g));
  for (const u of j.deletedUsers as UserObject[]) t.deletedUsers.set(u.id, u);
  for (const g of j.deletedGroups as Json[]) t.deletedGroups.set(String(g.id), group(g));
  for (const r of j.roleAssignments as TenantState['roleAssignments'] extends Map<string, infer R> ? R[] : never) {
    t.roleAssignments.set(r.id, r);
  }
  return t;
}

export function serializeState(state: EmulatorState): string {
  return JSON.stringify({
    format: FORMAT, signingKey: state.signingKey, partner: state.partner,
    tenants: [...state.tenants.values()].map(tenantToJson),
  });
}

export function deserializeState(text: string, source: string, clock = new Clock()): EmulatorState {
  const j = JSON.parse(text) as Json;
  if (j.format !== FORMAT) throw new Error(`${source}: not an emulator state file of format ${FORMAT}`);
  const state: EmulatorState = {
    tenants: new Map(), signingKey: String(j.signingKey), partner: j.partner as EmulatorState['partner'], clock,
  };
  for (const t of j.tenants as Json[]) {
    const tenant = tenantFromJson(t);
    state.tenants.set(tenant.tenantId, tenant);
  }
  return state;
}

export function loadStateFile(path: string, clock?: Clock): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  return deserializeState(readFileSync(path, 'utf8'), path, clock);
}

export class StateStore {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(private readonly path: string, private readonly state: EmulatorState, private readonly debounceMs = 50) {}

  /** Marks the state changed; the write follows after the debounce interval. */
  changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.debounceMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, serializeState(this.state));
    renameSync(tmp, this.path);
  }
}
