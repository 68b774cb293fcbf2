// A drift report with every status, audit facts, sensitive and list fields, and accepted drift.
import { buildDriftReport } from '../../src/report/build.js';
import { plan, samplePlan, tenant } from '../plan/builders.js';

export function sampleReport() {
  const p = samplePlan();
  p.tenants.push(tenant('woodgrove', { diagnostics: [{ severity: 'error', summary: 'tenantId mismatch: YAML says a, credentials reach b', path: 'tenant.tenantId' }] }));
  const facts = { contoso: { 'user:alice@contoso.com': { actor: 'admin@contoso.com', time: '2026-11-21T08:15:00Z', activity: 'Update user' } } };
  return buildDriftReport(plan(p.tenants), facts);
}
