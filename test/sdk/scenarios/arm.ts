// The Azure SDK management clients (@azure/arm-authorization, @azure/arm-managementpartner) against the emulator over
// HTTPS. Stock options apart from the endpoint: `endpoint` is the emulator, and `credentialScopes` names ARM's
// audience, since the clients otherwise derive the token scope from the endpoint (`{endpoint}/.default`).
import { randomUUID } from 'node:crypto';
import { ClientSecretCredential } from '@azure/identity';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ACEProvisioningManagementPartnerAPI } from '@azure/arm-managementpartner';
import { env, Report } from './report.js';

const e = env();
const report = new Report();
const credential = new ClientSecretCredential(e.tenantId, e.clientId, e.clientSecret, { authorityHost: e.url, disableInstanceDiscovery: true });
const options = { endpoint: e.url, credentialScopes: ['https://management.azure.com/.default'] };
const auth = new AuthorizationManagementClient(credential, e.subscriptionId, options);
const partner = new ACEProvisioningManagementPartnerAPI(credential, options);
// A scope as ARM ids write it, with a leading slash: the SDK joins it to the endpoint as `//subscriptions/…`.
const scope = `/subscriptions/${e.subscriptionId}`;
const principalId = process.env.PRINCIPAL_ID ?? '';

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

const reader = await report.step('roleDefinitionsList', async () => {
  const defs = await collect(auth.roleDefinitions.list(scope, { filter: "roleName eq 'Reader'" }));
  const d = defs[0];
  return { count: defs.length, name: d?.name, roleName: d?.roleName, createdOn: d?.createdOn, updatedOn: d?.updatedOn, createdBy: d?.createdBy ?? null };
});

await report.step('roleDefinitionsGet', async () => {
  const d = await auth.roleDefinitions.get(scope, reader?.name ?? 'missing');
  return { id: d.id, roleName: d.roleName, roleType: d.roleType, permissions: d.permissions?.length };
});

const name = randomUUID();
await report.step('roleAssignmentsCreate', async () => {
  const a = await auth.roleAssignments.create(scope, name, {
    roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${reader?.name ?? ''}`,
    principalId, principalType: 'User', description: 'Read access for the audit',
  });
  return { name: a.name, scope: a.scope, principalType: a.principalType, description: a.description, createdOn: a.createdOn, createdBy: a.createdBy };
});

await report.step('roleAssignmentsList', async () => {
  const all = await collect(auth.roleAssignments.listForScope(scope, { filter: 'atScope()' }));
  return { names: all.map((a) => a.name), mine: all.find((a) => a.name === name)?.principalId ?? null };
});

await report.step('roleAssignmentsDelete', async () => {
  const gone = await auth.roleAssignments.delete(scope, name);
  const left = await collect(auth.roleAssignments.listForScope(scope, { filter: 'atScope()' }));
  return { deleted: gone.name, stillListed: left.some((a) => a.name === name) };
});

const MPN = process.env.MPN_ID ?? '';
await report.step('partnerCreate', async () => {
  const p = await partner.partner.create(MPN);
  return { partnerId: p.partnerId, tenantId: p.tenantId, version: p.version, state: p.state };
});

await report.step('partnerGet', async () => {
  const p = await partner.partner.get(MPN);
  return { partnerId: p.partnerId, partnerName: p.partnerName, createdTime: p.createdTime };
});

await report.step('partnerUpdate', async () => {
  const p = await partner.partner.update('4711002');
  return { partnerId: p.partnerId, version: p.version };
});

report.print();
