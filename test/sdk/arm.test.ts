// The Azure SDK's management clients (@azure/arm-authorization 2022-04-01, @azure/arm-managementpartner 2018-02-01)
// with ClientSecretCredential, unmodified, against the emulator over HTTPS (scenarios/arm.ts in a child process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Outcome } from './scenarios/report.js';
import { servicePrincipalId } from '../../src/emulator/graph/service-principals.js';
import { CLIENT_ID, MPN_ID, runScenario, startTls } from './kit.js';
import { CONTOSO, SUB } from '../support/seed.js';

let emu: RunningEmulator & { caPath: string };
let steps: Record<string, Outcome>;
let carol: string;

const value = (name: string): Record<string, unknown> => {
  const o = steps[name];
  if (!o?.ok) throw new Error(`step ${name} failed: ${o ? o.error : 'not run'}`);
  return o.value as Record<string, unknown>;
};

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

beforeAll(async () => {
  emu = await startTls();
  carol = emu.state.tenants.get(CONTOSO)?.upnIndex.get('carol@contoso.com') ?? '';
  steps = await runScenario('arm', emu, { PRINCIPAL_ID: carol });
});
afterAll(async () => emu?.close());

describe('@azure/arm-authorization against the emulator', () => {
  // shared/reference/arm/GetRoleDefinitionByName.json and the 2022-04-01 RoleDefinitionProperties (createdOn, updatedOn,
  // createdBy, updatedBy; Azure/bicep-types-az generated/authorization/microsoft.authorization/2022-04-01/types.md).
  it('lists role definitions by roleName with their audit fields', () => {
    expect(value('roleDefinitionsList')).toEqual({
      count: 1, name: READER, roleName: 'Reader', createdOn: expect.stringMatching(ISO), updatedOn: expect.stringMatching(ISO), createdBy: null,
    });
  });

  // shared/reference/arm/GetRoleDefinitionByName.json: `GET {scope}/providers/Microsoft.Authorization/roleDefinitions/{id}`.
  it('gets a role definition by id', () => {
    expect(value('roleDefinitionsGet')).toEqual({
      id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, roleName: 'Reader', roleType: 'BuiltInRole', permissions: 1,
    });
  });

  // shared/reference/arm/RoleAssignments_CreateForSubscription.json (201) and RoleAssignmentProperties 2022-04-01
  // (description, createdBy: the caller's object id, here the app's service principal). The scope `/subscriptions/{id}` reaches the emulator as `//subscriptions/{id}/…`.
  it('creates a role assignment with a leading-slash scope, description and createdBy', () => {
    expect(value('roleAssignmentsCreate')).toMatchObject({
      scope: `/subscriptions/${SUB}`, principalType: 'User', description: 'Read access for the audit', createdOn: expect.stringMatching(ISO), createdBy: servicePrincipalId(CONTOSO, CLIENT_ID),
    });
  });

  // shared/reference/arm/RoleAssignments_ListForScope.json with `$filter=atScope()`.
  it('lists role assignments at the scope', () => {
    const v = value('roleAssignmentsList');
    expect(v.names).toContain(value('roleAssignmentsCreate').name);
    expect(v.mine).toBe(carol);
  });

  // shared/reference/arm/RoleAssignments_Delete.json: 200 with the deleted assignment.
  it('deletes the role assignment', () => {
    expect(value('roleAssignmentsDelete')).toEqual({ deleted: value('roleAssignmentsCreate').name, stillListed: false });
  });
});

describe('@azure/arm-managementpartner (Partner Admin Link) against the emulator', () => {
  // Azure/azure-rest-api-specs specification/managementpartner/resource-manager/Microsoft.ManagementPartner/preview/
  // 2018-02-01/examples/PutPartnerDetails.json: `PUT /providers/Microsoft.ManagementPartner/partners/{partnerId}`.
  it('creates the link', () => {
    expect(value('partnerCreate')).toEqual({ partnerId: MPN_ID, tenantId: CONTOSO, version: 1, state: 'Active' });
  });

  // …/examples/GetPartnerDetails.json: `GET .../partners/{partnerId}` returns the link with its times and state.
  it('gets the link', () => {
    expect(value('partnerGet')).toEqual({ partnerId: MPN_ID, partnerName: 'Fabrikam CSP', createdTime: expect.stringMatching(ISO) });
  });

  // …/examples/PatchPartnerDetails.json: `PATCH .../partners/{partnerId}` moves the link; the version grows.
  it('updates the link to another partner id', () => {
    expect(value('partnerUpdate')).toEqual({ partnerId: '4711002', version: 2 });
  });
});
