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

function objectId(change: Change): string | undefined {
  const id = change.before?.id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}

function actorOf(a: DirectoryAudit): string | undefined {
  const user = a.initiatedBy?.user;
  const app = a.initiatedBy?.app;
  return user?.userPrincipalName || user?.displayName || (app?.displayName ? `app ${app.displayName}` : undefined);
}

export async function auditFacts(graph: GraphApi, changes: Change[], max = MAX_AUDIT_LOOKUPS): Promise<Record<string, DriftFacts>> {
  const facts: Record<string, DriftFacts> = {};
  for (const change of changes.filter((c) => c.action !== 'create').slice(0, max)) {
    const id = objectId(change);
    if (!id) continue;
    const filter = encodeURIComponent(`targetResources/any(t:t/id eq '${id}')`);
    try {
      // Graph lists audits newest first; a few are read and the newest taken, so the order is not relied upon.
      const page = await graph.get<{ value?: DirectoryAudit[] }>(`/auditLogs/directoryAudits?$filter=${filter}&$top=5`);
      const latest = [...(page.value ?? [])].sort((a, b) => (b.activityDateTime ?? '').localeCompare(a.activityDateTime ?? ''))[0];
      if (latest) facts[change.address] = { actor: actorOf(latest), time: latest.activityDateTime, activity: latest.activityDisplayName };
    } catch {
      // Unreadable audit log (no permission or licence): the rest would fail the same way, so stop asking.
      break;
    }
  }
  return facts;
}
