// From a plan to a drift report: every change of a plan is drift (the live tenant differs from the YAML), seen from
// the other side: desired versus live, and who changed it when the audit log says.
import { joinChunks } from '../plan/render/common.js';
import { canonicalChunks } from '../plan/render/json.js';
import type { Change, Diagnostic, Plan, TenantPlan } from '../plan/types.js';
import { DRIFT_REPORT_VERSION, type DriftFacts, type DriftObject, type DriftOrigin, type DriftReport, type DriftStatus, type DriftTenant, type FactsByTenant, type SourceRef, type SourcesByTenant } from './types.js';

/**
 * A tenant whose identity or access cannot be established is "unlinked" (the partner relationship is missing or
 * broken), which needs a different fix from a tenant whose read failed for a transient reason.
 */
const UNLINKED = /tenantId mismatch|AADSTS|\b401\b|\b403\b|Authorization_RequestDenied|Forbidden|Unauthorized|no (GDAP|delegated) /i;

export function isUnlinked(diagnostics: Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' && (d.path === 'tenant.tenantId' || UNLINKED.test(d.summary)));
}

function driftObject(c: Change): DriftObject {
  const drift = c.action === 'create' ? 'missing' : c.action === 'delete' ? 'unwanted' : 'changed';
  const fields = c.fields.map((f) => {
    if (f.sensitive) return { path: f.path, sensitive: true };
    return {
      path: f.path,
      ...(f.after !== undefined ? { desired: f.after } : {}),
      ...(f.before !== undefined ? { live: f.before } : {}),
      // In the plan `added` is what apply adds: present in the YAML, missing live.
      ...(f.added ? { added: f.added } : {}),
      ...(f.removed ? { removed: f.removed } : {}),
    };
  });
  return { kind: c.kind, address: c.address, action: c.action, drift, fields };
}

/** Pending (declared, not yet applied) or out of band (changed in the tenant); undefined when it cannot be told. */
export function originOf(c: Change, f: DriftFacts | undefined): DriftOrigin | undefined {
  if (c.action === 'create' && c.reason === 'missing') return 'pending';
  if (c.reason === 'pruned') return 'out_of_band';
  if (f?.byTenantform) return 'pending';
  return f?.actor ? 'out_of_band' : undefined;
}

function driftTenant(t: TenantPlan, facts: Record<string, DriftFacts> = {}, sources: Record<string, SourceRef> = {}): DriftTenant {
  // A tenant pending access is not yet managed: unlinked, with the steps it waits for as its diagnostics.
  const status: DriftStatus = t.status === 'error' ? (isUnlinked(t.diagnostics) ? 'unlinked' : 'errored')
    : t.status === 'pending_access' ? 'unlinked' : t.changes.length > 0 ? 'drifted' : 'in_sync';
  const objects = t.changes.map((c) => {
    const o = driftObject(c);
    const f = facts[c.address];
    const source = sources[c.address];
    const origin = originOf(c, f);
    return { ...o, ...(f ? { facts: f } : {}), ...(source ? { source } : {}), ...(origin ? { origin } : {}) };
  });
  const counts: Record<string, number> = {};
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return { name: t.name, tenantId: t.tenantId, status, counts, objects, accepted: t.ignored, unmanaged: t.unmanaged, ...(t.inventory ? { inventory: t.inventory } : {}), diagnostics: t.diagnostics };
}

export function summarizeDrift(tenants: DriftTenant[]): DriftReport['summary'] {
  const summary = { in_sync: 0, drifted: 0, errored: 0, unlinked: 0, tenants: tenants.length, objects: 0 };
  for (const t of tenants) {
    summary[t.status]++;
    summary.objects += t.objects.length;
  }
  return summary;
}

export function buildDriftReport(plan: Plan, facts: FactsByTenant = {}, sources: SourcesByTenant = {}): DriftReport {
  const tenants = plan.tenants.map((t) => driftTenant(t, facts[t.name], sources[t.name])).sort((a, b) => a.name.localeCompare(b.name));
  return { reportVersion: DRIFT_REPORT_VERSION, type: 'drift', createdAt: plan.createdAt, source: plan.source, tenants, summary: summarizeDrift(tenants) };
}

/** Canonical JSON in pieces: report → tenants → tenant → objects → one drifted object per chunk. */
export function* driftJsonChunks(report: DriftReport): Generator<string> {
  yield* canonicalChunks(report, 4);
  yield '\n';
}

export function renderDriftJson(report: DriftReport): string {
  return joinChunks(driftJsonChunks(report));
}

/**
 * 1 when any tenant errored or its folder is unlinked (an error); 2 on drift with detailed codes; else 0. Customers
 * without a folder are reported but fail nothing: onboarding them is a choice.
 */
export function driftExitCode(report: DriftReport, detailed: boolean): 0 | 1 | 2 {
  const failed = report.tenants.some((t) => (t.status === 'errored' || t.status === 'unlinked') && t.diagnostics.some((d) => d.severity === 'error'));
  if (failed) return 1;
  return detailed && report.summary.drifted > 0 ? 2 : 0;
}
