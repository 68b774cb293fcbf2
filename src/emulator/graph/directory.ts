// Tenant-wide reads: /organization and /auditLogs/directoryAudits.
import { json, type Ctx, type Reply, type Route } from '../router.js';
import type { AuditEntry, TenantState } from '../state.js';
import { initialDomain } from '../state.js';
import { notFound, odataContext, tenantOf } from './common.js';
import { compileFilter, page, parseTop } from './odata.js';

function orgView(tenant: TenantState): Record<string, unknown> {
  const initial = initialDomain(tenant);
  const defaultDomain = tenant.domains.find((d) => d !== initial) ?? initial;
  return {
    id: tenant.tenantId, deletedDateTime: null, businessPhones: [], city: null, country: null,
    countryLetterCode: tenant.countryLetterCode, createdDateTime: new Date(tenant.createdMs).toISOString(),
    defaultUsageLocation: null, displayName: tenant.displayName, marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null, onPremisesSyncEnabled: null, postalCode: null, preferredLanguage: 'en',
    securityComplianceNotificationMails: [], securityComplianceNotificationPhones: [], state: null, street: null,
    technicalNotificationMails: [], tenantType: 'AAD', assignedPlans: [], provisionedPlans: [], privacyProfile: null,
    verifiedDomains: tenant.domains.map((name) => ({
      capabilities: name === initial ? 'Email, OfficeCommunicationsOnline' : 'Email', isDefault: name === defaultDomain,
      isInitial: name === initial, name, type: 'Managed',
    })),
  };
}

function listOrganization(ctx: Ctx): Reply {
  return json(200, { '@odata.context': odataContext(ctx, 'organization'), value: [orgView(tenantOf(ctx))] });
}

function getOrganization(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  if ((ctx.params.id ?? '').toLowerCase() !== tenant.tenantId) throw notFound(ctx.params.id ?? '');
  return json(200, { '@odata.context': odataContext(ctx, 'organization/$entity'), ...orgView(tenant) });
}

const AUDIT_FILTERABLE = new Set(['activityDateTime', 'activityDisplayName', 'category', 'correlationId', 'initiatedBy', 'targetResources', 'result', 'loggedByService', 'operationType', 'id']);

function listAudits(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  let items: AuditEntry[] = [...tenant.audit].reverse();
  const filter = ctx.query.get('$filter');
  if (filter !== null) {
    const pred = compileFilter(filter, AUDIT_FILTERABLE, 'directoryAudit', true);
    items = items.filter((e) => pred(e));
  }
  const { slice, nextLink } = page(ctx, items, parseTop(ctx, 999, 1000));
  return json(200, {
    '@odata.context': odataContext(ctx, 'auditLogs/directoryAudits'),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value: slice,
  });
}

function getAudit(ctx: Ctx): Reply {
  const entry = tenantOf(ctx).audit.find((e) => e.id === ctx.params.id);
  if (!entry) throw notFound(ctx.params.id ?? '');
  return json(200, { '@odata.context': odataContext(ctx, 'auditLogs/directoryAudits/$entity'), ...entry });
}

export const organizationRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/organization', handler: listOrganization },
  { method: 'GET', pattern: '/v1.0/organization/:id', handler: getOrganization },
];

export const auditRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/auditLogs/directoryAudits', handler: listAudits },
  { method: 'GET', pattern: '/v1.0/auditLogs/directoryAudits/:id', handler: getAudit },
];
