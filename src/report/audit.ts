// Who changed a drifted object, and when: the newest directory audit event that targets the object's id. Audit
// access is optional (it needs AuditLog.Read.All and a Premium licence), so a failed lookup means "unknown", never an
// error of the drift run.
import type { GraphApi } from '../clients/types.js';
import type { Change } from '../plan/types.js';
import type { DriftFacts } from './types.js';

interface DirectoryAudit {
  activityDateTime?: string;
  activityDisplayName?: string;
  initiatedBy?: { user?: { userPrincipalName?: string; displayName?: string } | null; app?: { displayName?: string; appId?: string } | null };
}

/** Lookups per tenant; beyond this the report says "unknown" rather than spending the throttling budget. */
export const MAX_AUDIT_LOOKUPS = 50;

const GUID = /^[0-9a-f-]{36}$/i;

/**
 * The directory object the audit events of a change target: the id in `before` when the kind keeps it, else resolved
 * from the natural key (users for user, license and role addresses; groups by mailNickname). Undefined when unknown.
 */
async function objectId(graph: GraphApi, change: Change): Promise<string | undefined> {
  const id = change.before?.id;
  if (typeof id === 'string' && GUID.test(id)) return id;
  const [, kind, key] = /^([A-Za-z]+):([^/|]+)/.exec(change.address) ?? [];
  if (!key) return undefined;
  if (kind === 'user' || kind === 'license' || kind === 'directoryRole') {
    return (await graph.get<{ id?: string }>(`/users/${encodeURIComponent(key)}?$select=id`)).id;
  }
  if (kind === 'group' || kind === 'membership') {
    const filter = encodeURIComponent(`mailNickname eq '${key.replace(/'/g, "''")}'`);
    return (await graph.get<{ value?: { id?: string }[] }>(`/groups?$filter=${filter}&$select=id`)).value?.[0]?.id;
  }
  return undefined;
}

function actorOf(a: DirectoryAudit): string | undefined {
  const user = a.initiatedBy?.user;
  const app = a.initiatedBy?.app;
  return user?.userPrincipalName || user?.displayName || (app?.displayName ? `app ${app.displayName}` : undefined);
}

export async function auditFacts(graph: GraphApi, changes: Change[], ownApps: string[] = [], max = MAX_AUDIT_LOOKUPS): Promise<Record<string, DriftFacts>> {
  const own = new Set(ownApps.map((a) => a.toLowerCase()));
  const facts: Record<string, DriftFacts> = {};
  for (const change of changes.filter((c) => c.action !== 'create').slice(0, max)) {
    // An object that cannot be found is unknown; only a failing audit read stops the lookups.
    const id = await objectId(graph, change).catch(() => undefined);
    if (!id) continue;
    try {
      const filter = encodeURIComponent(`targetResources/any(t:t/id eq '${id}')`);
      // Graph lists audits newest first; a few are read and the newest taken, so the order is not relied upon.
      const page = await graph.get<{ value?: DirectoryAudit[] }>(`/auditLogs/directoryAudits?$filter=${filter}&$top=5`);
      const latest = [...(page.value ?? [])].sort((a, b) => (b.activityDateTime ?? '').localeCompare(a.activityDateTime ?? ''))[0];
      if (!latest) continue;
      const byTenantform = own.has((latest.initiatedBy?.app?.appId ?? '').toLowerCase());
      facts[change.address] = { actor: actorOf(latest), time: latest.activityDateTime, activity: latest.activityDisplayName, ...(byTenantform ? { byTenantform } : {}) };
    } catch {
      // Unreadable audit log (no permission or licence): the rest would fail the same way, so stop asking.
      break;
    }
  }
  return facts;
}
