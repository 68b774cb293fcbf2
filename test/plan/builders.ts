// Small builders for plans: renderers, reports and the CLI are pure functions of a Plan, so tests build one directly.
import { summarize } from '../../src/engine/run.js';
import { ABSENT_FINGERPRINT, sealPlan } from '../../src/plan/digest.js';
import { PLAN_FORMAT_VERSION, type Change, type Diagnostic, type Plan, type TenantPlan } from '../../src/plan/types.js';

export function change(tenant: string, n: number, partial: Partial<Change> & Pick<Change, 'address' | 'action'>): Change {
  const deleting = partial.action === 'delete' || partial.action === 'replace';
  return {
    id: `${tenant}/${n}`,
    kind: partial.address.split(':')[0] ?? 'user',
    fields: [],
    before: partial.action === 'create' ? null : {},
    after: partial.action === 'delete' ? null : {},
    liveFingerprint: partial.action === 'create' ? ABSENT_FINGERPRINT : `sha256:${'0'.repeat(63)}${n}`,
    dependsOn: [],
    destructive: deleting,
    reason: partial.action === 'create' ? 'missing' : partial.action === 'delete' ? 'ensure_absent' : 'field_changed',
    ...partial,
  };
}

export function tenant(name: string, partial: Partial<TenantPlan> = {}): TenantPlan {
  const changes = partial.changes ?? [];
  const errored = (partial.diagnostics ?? []).some((d: Diagnostic) => d.severity === 'error');
  return {
    name,
    tenantId: `00000000-0000-4000-8000-${Buffer.from(name).toString('hex').padEnd(12, '0').slice(0, 12)}`,
    status: errored ? 'error' : changes.length > 0 ? 'changes' : 'in_sync',
    changes,
    unmanaged: {},
    ignored: [],
    diagnostics: [],
    ...partial,
  };
}

export function plan(tenants: TenantPlan[], createdAt = '2026-11-22T10:00:00.000Z'): Plan {
  return sealPlan({ formatVersion: PLAN_FORMAT_VERSION, createdAt, source: { commit: 'abc1234', dirty: false }, tenants, summary: summarize(tenants) });
}

/** One plan with every feature a renderer must show: each action, sensitive and list fields, errors, ignored, unmanaged. */
export function samplePlan(): Plan {
  const contoso = tenant('contoso', {
    changes: [
      change('contoso', 1, {
        address: 'user:dana@contoso.com',
        action: 'create',
        fields: [
          { path: 'displayName', after: 'Dana Dahl' },
          { path: 'passwordProfile.password', after: 'hunter2-never-shown', sensitive: true },
        ],
      }),
      change('contoso', 2, { address: 'user:alice@contoso.com', action: 'update', fields: [{ path: 'jobTitle', before: 'Analyst', after: 'Controller' }] }),
      change('contoso', 3, {
        address: 'group:finance',
        action: 'update',
        fields: [{ path: 'members', added: ['user:dana@contoso.com'], removed: ['user:olduser@contoso.com'] }],
        dependsOn: ['contoso/1'],
      }),
      change('contoso', 4, { address: 'user:olduser@contoso.com', action: 'delete', fields: [] }),
      change('contoso', 5, { address: 'group:sales', action: 'replace', fields: [{ path: 'type', before: 'security', after: 'microsoft365' }], reason: 'type_changed' }),
    ],
    unmanaged: { user: 12, group: 3 },
    ignored: [{ address: 'user:ceo@contoso.com', fields: ['jobTitle'], reason: 'set by HR system', expires: '2027-06-30' }],
    diagnostics: [{ severity: 'warning', summary: 'license SPE_E3 has 2 seats left', address: 'user:dana@contoso.com' }],
  });
  const fabrikam = tenant('fabrikam', {
    diagnostics: [
      {
        severity: 'error',
        summary: 'reading user failed: graph 503 ServiceUnavailable: try later',
        detail: 'the live state of this tenant is unknown, so nothing is planned for it',
      },
      { severity: 'error', summary: 'tenantId mismatch', file: 'tenants/fabrikam/tenant.yaml', line: 3, column: 3, path: 'tenant.tenantId' },
    ],
  });
  const northwind = tenant('northwind');
  return plan([contoso, fabrikam, northwind]);
}
