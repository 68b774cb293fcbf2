// The pure consent diff on the reconcile core: a declared app without consent is consented with exactly the grants
// its access needs for the tenant's declared kinds; a consent holding other grants (widened or narrowed out of band,
// or the declared kinds changed) is consented again with exactly those; `ensure: absent` removes the consent.
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { declaredEntries, reconcile, type Collection } from '../shared/reconcile.js';
import type { ConsentOps } from '../../plan/types.js';
import { neededGrants } from './grants.js';
import { KIND, address, toWire, type DesiredConsent, type LiveConsent, type ResourceGrants } from './model.js';

const minus = (a: string[], b: string[]): string[] => a.filter((x) => !b.includes(x));

function grantFields(before: ResourceGrants | undefined, after: ResourceGrants) {
  const fields = [];
  for (const service of ['graph', 'exchange', 'sharepoint'] as const) {
    const was = before?.[service] ?? [];
    const added = minus(after[service], was);
    const removed = minus(was, after[service]);
    if (added.length || removed.length) fields.push({ path: `grants.${service}`, ...(before ? { before: was } : {}), after: after[service], added, removed });
  }
  return fields;
}

export function diffConsents(desired: DesiredConsent[], live: LiveConsent[], ctx: Pick<DiffContext, 'tenant' | 'complete' | 'caller'>): DiffResult {
  const plan = (d: DesiredConsent, l: LiveConsent | undefined): ProposedChange | undefined => {
    const grants = neededGrants(ctx.tenant, d.access);
    const fields = grantFields(l, grants);
    if (l && fields.length === 0) return undefined;
    const displayName = d.displayName ?? l?.displayName;
    const applicationId = d.applicationId.toLowerCase();
    // As Microsoft's own consent samples do, a changed consent is removed and given again with the new grants.
    const ops: ConsentOps = { op: 'consent', applicationId, removeFirst: l !== undefined, grant: toWire(applicationId, displayName, grants) };
    return {
      kind: KIND, address: address(d), action: l ? 'update' : 'create', before: l ? { ...l } : null,
      after: { applicationId, access: d.access, ...(displayName ? { displayName } : {}), ...grants }, ops,
      reason: l ? 'field_changed' : 'missing', fields,
      // The consent call needs the partner user's GDAP roles: a relationship change in the same plan goes first.
      dependsOn: (ctx.tenant.partner?.gdap ?? []).map((g) => `gdap:${g.displayName}`),
    };
  };
  const consents: Collection<DesiredConsent, LiveConsent> = {
    ...declaredEntries<DesiredConsent, LiveConsent>(KIND, address, (l) => l.applicationId),
    // The consent of tenantform's own app is its access to the customer: `ensure: absent` on it is refused.
    grantee: (l) => [l.applicationId],
    create: (d) => plan(d, undefined),
    update: (d, l) => plan(d, l),
    remove: (l, reason) => ({
      kind: KIND, address: address(l), action: 'delete', before: { ...l }, after: null, destructive: true, reason, fields: [],
      ops: { op: 'consent', applicationId: l.applicationId, removeFirst: true },
    }),
  };
  // Consents are never pruned: removing one cuts tenantform (or another partner app) off from the customer.
  const out = reconcile(consents, desired, live, { prune: false, complete: ctx.complete, caller: ctx.caller });
  return { changes: out.changes, diagnostics: out.diagnostics, unmanaged: out.unmanaged };
}
