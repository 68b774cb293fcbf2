// The directory audit log: every write through Graph (or the control endpoint) records who did what to which
// object, with the properties it changed, as `/auditLogs/directoryAudits` serves them.
import { randomUUID } from 'node:crypto';
import type { Ctx } from '../router.js';
import type { AuditEntry } from '../state.js';
import { tenantOf } from './common.js';

export type Actor =
  | { kind: 'app'; appId: string; displayName: string }
  | { kind: 'user'; id: string; userPrincipalName: string; displayName: string };

const actors = new WeakMap<Ctx, Actor>();

/** Makes the writes of this request appear under a portal admin (control endpoint). */
export function actAs(ctx: Ctx, actor: Actor): void {
  actors.set(ctx, actor);
}

export function actorOf(ctx: Ctx): Actor {
  const set = actors.get(ctx);
  if (set) return set;
  const appId = ctx.token?.appid ?? '';
  return { kind: 'app', appId, displayName: ctx.token?.app_displayname ?? appId };
}

export interface ModifiedProperty { displayName: string; oldValue: string | null; newValue: string | null }

export interface AuditTarget {
  id: string;
  displayName: string | null;
  type: 'User' | 'Group' | 'ServicePrincipal' | 'Role' | 'Policy' | 'Other';
  userPrincipalName?: string | null;
  groupType?: string | null;
}

export interface AuditInput {
  activity: string;
  category?: string;
  /** The service that logs it (`loggedByService`): Core Directory unless said (Conditional Access logs its own). */
  service?: string;
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  target: AuditTarget;
  modified?: ModifiedProperty[];
  details?: Record<string, string>;
}

/** Graph encodes modified values as JSON arrays in strings, e.g. `["Controller"]`. */
export function modifiedProperties(before: Record<string, unknown>, after: Record<string, unknown>, names: string[]): ModifiedProperty[] {
  const enc = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v === null ? [] : [v]));
  return names
    .filter((n) => JSON.stringify(before[n] ?? null) !== JSON.stringify(after[n] ?? null))
    .map((n) => ({ displayName: n, oldValue: enc(before[n] ?? null), newValue: enc(after[n] ?? null) }));
}

export function recordAudit(ctx: Ctx, input: AuditInput): AuditEntry {
  const actor = actorOf(ctx);
  const initiatedBy = actor.kind === 'app'
    ? { app: { appId: actor.appId, displayName: actor.displayName, servicePrincipalId: actor.appId, servicePrincipalName: actor.displayName }, user: null }
    : { app: null, user: { id: actor.id, displayName: actor.displayName, userPrincipalName: actor.userPrincipalName, ipAddress: '127.0.0.1' } };
  const entry: AuditEntry = {
    id: `Directory_${randomUUID()}`, category: input.category ?? 'UserManagement', correlationId: ctx.clientRequestId,
    result: 'success', resultReason: '', activityDisplayName: input.activity, activityDateTime: ctx.state.clock.iso(),
    loggedByService: input.service ?? 'Core Directory', operationType: input.operationType, initiatedBy,
    targetResources: [{
      id: input.target.id, displayName: input.target.displayName, type: input.target.type,
      userPrincipalName: input.target.userPrincipalName ?? null, groupType: input.target.groupType ?? null,
      modifiedProperties: input.modified ?? [],
    }],
    additionalDetails: Object.entries(input.details ?? {}).map(([key, value]) => ({ key, value })),
  };
  tenantOf(ctx).audit.push(entry);
  return entry;
}
