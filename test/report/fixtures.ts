// A drift report with every status, audit facts, sensitive and list fields, a pending create, YAML positions, every
// severity of diagnostic and accepted drift.
import { buildDriftReport } from '../../src/report/build.js';
import { change, plan, samplePlan, tenant } from '../plan/builders.js';

/** Where the objects of contoso are declared, as `driftSources` finds them for a loaded tenant. */
export const CONTOSO_SOURCES = {
  'user:dana@contoso.com': { file: 'tenants/contoso/users.yaml', line: 12 },
  'user:alice@contoso.com': { file: 'tenants/contoso/users.yaml', line: 4 },
  'group:finance': { file: 'tenants/contoso/groups.yaml', line: 2 },
  'user:olduser@contoso.com': { file: 'tenants/contoso/users.yaml', line: 20 },
  'group:sales': { file: 'tenants/contoso/groups.yaml', line: 9 },
  'user:erik.lindqvist-johansson@contoso.com': { file: 'tenants/contoso/users.yaml', line: 30 },
};

function samplePlanWithInfo() {
  const p = samplePlan();
  p.tenants.push(tenant('woodgrove', { diagnostics: [{ severity: 'error', summary: 'tenantId mismatch: YAML says a, credentials reach b', path: 'tenant.tenantId' }] }));
  const contoso = p.tenants[0]!;
  contoso.diagnostics.push({ severity: 'info', summary: '1 foreign-principal role assignment (CSP Admin Agents) is left alone' });
  return p;
}

export function sampleReport() {
  const p = samplePlanWithInfo();
  const facts = { contoso: { 'user:alice@contoso.com': { actor: 'admin@contoso.com', time: '2026-11-21T08:15:00Z', activity: 'Update user' } } };
  return buildDriftReport(plan(p.tenants), facts, { contoso: CONTOSO_SOURCES });
}

/**
 * The sample with values that test a narrow layout: a field named `department` (which must never break inside the
 * word), long values with spaces, and a long address without any.
 */
export function wideReport() {
  const p = samplePlanWithInfo();
  p.tenants[0]!.changes.push(
    change('contoso', 6, {
      address: 'user:erik.lindqvist-johansson@contoso.com',
      action: 'update',
      fields: [
        { path: 'department', before: 'Finance and Accounting', after: 'Corporate Finance, Treasury and Investor Relations' },
        { path: 'officeLocation', before: 'Stockholm HQ, floor 4', after: 'Gothenburg regional office, building C, floor 2' },
        { path: 'employeeOrgData.costCenter', before: 'CC-000123-FIN', after: 'CC-000456-TREASURY-AND-INVESTOR-RELATIONS' },
      ],
    }),
  );
  return buildDriftReport(plan(p.tenants), {}, { contoso: CONTOSO_SOURCES });
}
