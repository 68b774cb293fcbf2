// What `tenantform permissions` lists beyond the kinds' own grants: the optional grants some commands use when they
// are there (drift's actor from the directory audit log, directoryaudit-list.md in microsoftgraph/
// microsoft-graph-docs-contrib: AuditLog.Read.All; doctor's Partner Center customer record and GDAP relationships),
// and the grants a kind's full read needs only while it prunes (users: Get-MailUser, so that a mail user's account
// is never taken for an undeclared user).
import { describe, expect, it } from 'vitest';
import { renderPermissions } from '../../src/cli/permissions.js';
import { permissionsFor } from '../../src/kinds/permissions.js';
import { loadedTenant } from '../support/folders.js';

const users = { users: [{ userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }] };

describe('tenantform permissions', () => {
  it('lists the optional grants, saying what each is for, and that without them those reads are unknown', () => {
    const needs = permissionsFor([loadedTenant(users).config]);
    expect(needs.optional.map((o) => `${o.service}:${o.grant}`)).toEqual([
      'graph:AuditLog.Read.All', 'partnerCenter:user_impersonation', 'partnerGraph:DelegatedAdminRelationship.Read.All',
    ]);
    expect(needs.apply.graph).not.toContain('AuditLog.Read.All');
    const text = renderPermissions(needs);
    expect(text).toContain('Optional (without them these read as "unknown"; nothing else fails):');
    expect(text).toContain('  - AuditLog.Read.All (Microsoft Graph application permissions (customer tenants)): drift: who changed a drifted object');
  });

  it('leaves out an optional grant that the declared kinds already hold, or one that includes it', () => {
    const gdap = loadedTenant({ ...users, partner: { gdap: [{ name: 'contoso-helpdesk', roles: ['Helpdesk Administrator'], duration: 'P730D' }] } } as never);
    const needs = permissionsFor([gdap.config]);
    expect(needs.apply.partnerGraph).toContain('DelegatedAdminRelationship.ReadWrite.All');
    expect(needs.optional.map((o) => o.grant)).not.toContain('DelegatedAdminRelationship.Read.All');
  });

  it('adds Exchange read to a tenant that prunes users, and only then', () => {
    const plain = permissionsFor([loadedTenant(users).config]);
    expect(plain.plan.exchange).toEqual([]);
    const pruning = permissionsFor([loadedTenant(users, 'contoso', { policy: { prune: { users: true } } }).config]);
    expect(pruning.plan.exchange).toEqual(['Exchange.ManageAsApp']);
    expect(pruning.plan.gdapRoles).toContain('Global Reader');
  });
});
