// The emulator's Conditional Access, named location and security defaults endpoints, over HTTP. Microsoft's pages
// (microsoft-graph-docs-contrib, api-reference/v1.0/api/): conditionalaccessroot-post-policies.md (201, the policy
// needs an application rule, a user rule or a control; the response's empty collections and nulls),
// conditionalaccesspolicy-update.md and -delete.md (204), conditionalaccessroot-post-namedlocations.md (the derived
// `@odata.type` is required, and each ipRange's), identitysecuritydefaultsenforcementpolicy-get.md and -update.md,
// and each page's permissions table. The refusal of security defaults beside an enabled policy is the admin center's
// (Graph documents none): modelled as a 400 with the portal's sentence, both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { check, readCsdl } from '../emulator/csdl.js';
import { startEmulator } from '../support/world.js';
import { type Call, graph, token } from '../support/http.js';
import { CONTOSO, smallSeed } from '../support/seed.js';

const READER = '0000abcd-0000-4000-8000-000000000001';
const ADMIN_APP = '0000abcd-0000-4000-8000-000000000002';
// Exactly what the writes and the audit reads of these tests take (the permissions tables of the pages above, and
// directoryaudit-list.md's AuditLog.Read.All).
const ADMIN_ROLES = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.ReadWrite.SecurityDefaults', 'AuditLog.Read.All'];
let emu: RunningEmulator;
let call: Call;
const types = readCsdl();
const MFA = { displayName: 'MFA for all', state: 'enabledForReportingButNotEnforced', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } };

beforeAll(async () => {
  const seed = smallSeed();
  seed.tenants[0]!.securityDefaults = true;
  seed.tenants[0]!.apps = [{ clientId: READER, clientSecret: 's', roles: ['Policy.Read.All'] }, { clientId: ADMIN_APP, clientSecret: 's', roles: ADMIN_ROLES }];
  emu = await startEmulator({ seed });
  call = graph(emu.url, await token(emu.url, CONTOSO, 'https://graph.microsoft.com/.default', ADMIN_APP));
});
afterAll(() => emu.close());

describe('conditional access policies', () => {
  it('serves only CSDL properties, with every declared property of what the request set', async () => {
    const created = await call('POST', '/identity/conditionalAccess/policies', {
      ...MFA, sessionControls: { signInFrequency: { isEnabled: true, type: 'hours', value: 4 } },
      grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000004' } },
    });
    expect(created.status).toBe(201);
    const body = created.body;
    expect(check(types, 'conditionalAccessPolicy', body)).toEqual([]);
    expect(body).toMatchObject({ state: 'enabledForReportingButNotEnforced', conditions: { users: { excludeUsers: [], includeUsers: ['All'] }, platforms: null } });
    expect((body.grantControls as { authenticationStrength: { displayName: string } }).authenticationStrength.displayName).toBe('Phishing-resistant MFA');
    const list = await call('GET', '/identity/conditionalAccess/policies');
    expect((list.body.value as unknown[]).flatMap((p) => check(types, 'conditionalAccessPolicy', p))).toEqual([]);
  });

  it('refuses an undeclared property, a value outside an enumeration and an empty policy', async () => {
    const unknown = await call('POST', '/identity/conditionalAccess/policies', { ...MFA, conditions: { ...MFA.conditions, users: { includeUsers: ['All'], includeEveryone: true } } });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("Property 'includeEveryone' does not exist on type 'microsoft.graph.conditionalAccessUsers'");
    const state = await call('POST', '/identity/conditionalAccess/policies', { ...MFA, state: 'on' });
    expect(state.status).toBe(400);
    expect((await call('POST', '/identity/conditionalAccess/policies', { displayName: 'empty', state: 'disabled' })).status).toBe(400);
  });

  it('refuses an enabled policy while security defaults are on, and security defaults beside an enabled policy', async () => {
    const refused = await call('POST', '/identity/conditionalAccess/policies', { ...MFA, displayName: 'on', state: 'enabled' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('You must first disable Security defaults');
    expect((await call('PATCH', '/policies/identitySecurityDefaultsEnforcementPolicy', { isEnabled: false })).status).toBe(204);
    const sd = await call('GET', '/policies/identitySecurityDefaultsEnforcementPolicy');
    expect(check(types, 'identitySecurityDefaultsEnforcementPolicy', sd.body)).toEqual([]);
    expect(sd.body).toMatchObject({ id: '00000000-0000-0000-0000-000000000005', isEnabled: false });
    const on = await call('POST', '/identity/conditionalAccess/policies', { ...MFA, displayName: 'on', state: 'enabled' });
    expect(on.status).toBe(201);
    expect((await call('PATCH', '/policies/identitySecurityDefaultsEnforcementPolicy', { isEnabled: true })).status).toBe(400);
    expect((await call('PATCH', `/identity/conditionalAccess/policies/${String(on.body.id)}`, { state: 'disabled' })).status).toBe(204);
    expect((await call('PATCH', '/policies/identitySecurityDefaultsEnforcementPolicy', { isEnabled: true })).status).toBe(204);
    expect((await call('PATCH', `/identity/conditionalAccess/policies/${String(on.body.id)}`, { state: 'enabled' })).status).toBe(400);
    expect((await call('DELETE', `/identity/conditionalAccess/policies/${String(on.body.id)}`)).status).toBe(204);
    expect((await call('GET', `/identity/conditionalAccess/policies/${String(on.body.id)}`)).status).toBe(404);
  });

  it('audits each write under the Conditional Access service with the policy as target', async () => {
    const audits = (await call('GET', '/auditLogs/directoryAudits')).body.value as { activityDisplayName: string; loggedByService: string; targetResources: { type: string }[] }[];
    const ca = audits.filter((a) => a.loggedByService === 'Conditional Access');
    expect(ca.map((a) => a.activityDisplayName)).toEqual(expect.arrayContaining(['Add conditional access policy', 'Update conditional access policy', 'Delete conditional access policy']));
    expect(ca.every((a) => a.targetResources[0]?.type === 'Policy')).toBe(true);
    expect(audits.flatMap((a) => check(types, 'directoryAudit', a))).toEqual([]);
  });

  it('takes Policy.Read.All for reads and Policy.ReadWrite.ConditionalAccess for writes', async () => {
    const reader = graph(emu.url, await token(emu.url, CONTOSO, 'https://graph.microsoft.com/.default', READER));
    expect((await reader('GET', '/identity/conditionalAccess/policies')).status).toBe(200);
    expect((await reader('GET', '/identity/conditionalAccess/namedLocations')).status).toBe(200);
    expect((await reader('POST', '/identity/conditionalAccess/policies', MFA)).status).toBe(403);
    expect((await reader('PATCH', '/policies/identitySecurityDefaultsEnforcementPolicy', { isEnabled: false })).status).toBe(403);
  });
});

describe('named locations', () => {
  it('requires the derived type, serves CSDL properties, and checks each range', async () => {
    expect((await call('POST', '/identity/conditionalAccess/namedLocations', { displayName: 'HQ', ipRanges: [] })).status).toBe(400);
    const ip = await call('POST', '/identity/conditionalAccess/namedLocations', {
      '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'HQ', isTrusted: true,
      ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }, { '@odata.type': '#microsoft.graph.iPv6CidrRange', cidrAddress: '2001:db8::/48' }],
    });
    expect(ip.status).toBe(201);
    expect(check(types, 'ipNamedLocation', ip.body)).toEqual([]);
    const wrongFamily = await call('POST', '/identity/conditionalAccess/namedLocations', { '@odata.type': '#microsoft.graph.ipNamedLocation', displayName: 'x', ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '2001:db8::/48' }] });
    expect(wrongFamily.status).toBe(400);
    const country = await call('POST', '/identity/conditionalAccess/namedLocations', { '@odata.type': '#microsoft.graph.countryNamedLocation', displayName: 'Nordics', countriesAndRegions: ['SE', 'NO'] });
    expect(country.status).toBe(201);
    expect((await call('PATCH', `/identity/conditionalAccess/namedLocations/${String(country.body.id)}`, { '@odata.type': '#microsoft.graph.countryNamedLocation', countriesAndRegions: ['SE'] })).status).toBe(204);
    const list = (await call('GET', '/identity/conditionalAccess/namedLocations')).body.value as Record<string, unknown>[];
    expect(list.map((l) => l['@odata.type'])).toEqual(['#microsoft.graph.ipNamedLocation', '#microsoft.graph.countryNamedLocation']);
    expect(list.flatMap((l) => check(types, String(l['@odata.type']).replace('#microsoft.graph.', ''), l))).toEqual([]);
    expect(list[1]).toMatchObject({ countriesAndRegions: ['SE'] });
  });
});
