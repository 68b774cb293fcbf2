// The Microsoft Graph JavaScript client (@microsoft/microsoft-graph-client) against the emulator over HTTPS, set up as
// its README shows for client credentials: ClientSecretCredential → TokenCredentialAuthenticationProvider →
// Client.initWithMiddleware. Only the endpoint differs: the authority host, baseUrl and customHosts.
import { ClientSecretCredential } from '@azure/identity';
import { BatchRequestContent, BatchResponseContent, Client, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { env, Report } from './report.js';

const e = env();
const report = new Report();
const credential = new ClientSecretCredential(e.tenantId, e.clientId, e.clientSecret, { authorityHost: e.url, disableInstanceDiscovery: true });
const client = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] }),
  baseUrl: `${e.url}/`,
  customHosts: new Set([new URL(e.url).hostname]),
});

interface Obj { id: string; displayName?: string; userPrincipalName?: string; '@odata.type'?: string }

await report.step('listUsersPaged', async () => {
  const first = (await client.api('/users').select(['id', 'userPrincipalName']).top(2).get()) as PageCollection;
  const upns: string[] = [];
  await new PageIterator(client, first, (u: Obj) => {
    upns.push(u.userPrincipalName ?? '');
    return true;
  }).iterate();
  return { upns, firstPageSize: first.value.length };
});

const alice = (await client.api('/users/alice@contoso.com').select('id').get()) as Obj;
const bob = (await client.api('/users/bob@contoso.com').select('id').get()) as Obj;

const group = await report.step('createGroup', async () => {
  const g = (await client.api('/groups').post({
    displayName: 'Sdk Auditors', mailNickname: 'sdk-auditors', mailEnabled: false, securityEnabled: true, groupTypes: [],
  })) as Obj;
  return { id: g.id, displayName: g.displayName };
});
const gid = group?.id ?? 'missing';

await report.step('addMembers', async () => {
  await client.api(`/groups/${gid}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${alice.id}` });
  await client.api(`/groups/${gid}/members/$ref`).post({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${bob.id}` });
  const members = (await client.api(`/groups/${gid}/members`).select('id').get()) as PageCollection;
  return { ids: members.value.map((m: Obj) => m.id).sort() };
});

await report.step('membersCastAndCount', async () => {
  const users = (await client.api(`/groups/${gid}/members/microsoft.graph.user`).select(['id', 'userPrincipalName']).get()) as PageCollection;
  const count = (await client.api(`/groups/${gid}/members/$count`).header('ConsistencyLevel', 'eventual').get()) as unknown;
  const userCount = (await client.api(`/groups/${gid}/members/microsoft.graph.user/$count`).header('ConsistencyLevel', 'eventual').get()) as unknown;
  return { upns: users.value.map((u: Obj) => u.userPrincipalName).sort(), count, userCount };
});

await report.step('removeMember', async () => {
  await client.api(`/groups/${gid}/members/${bob.id}/$ref`).delete();
  const members = (await client.api(`/groups/${gid}/members`).select('id').get()) as PageCollection;
  return { ids: members.value.map((m: Obj) => m.id) };
});

await report.step('batch', async () => {
  const content = new BatchRequestContent([
    { id: '1', request: new Request(`${e.url}/v1.0/users/alice@contoso.com?$select=id,displayName`, { method: 'GET' }) },
    { id: '2', request: new Request(`${e.url}/v1.0/groups/${gid}?$select=id,displayName`, { method: 'GET' }) },
    { id: '3', request: new Request(`${e.url}/v1.0/users/nobody@contoso.com`, { method: 'GET' }) },
  ]);
  const res = new BatchResponseContent(await client.api('/$batch').post(await content.getContent()));
  const one = res.getResponseById('1');
  const three = res.getResponseById('3');
  return {
    statuses: [one.status, res.getResponseById('2').status, three.status], contentType: one.headers.get('content-type'),
    alice: ((await one.json()) as Obj).displayName, group: ((await res.getResponseById('2').json()) as Obj).displayName,
    errorCode: ((await three.json()) as { error: { code: string } }).error.code,
  };
});

await report.step('groupsDelta', async () => {
  let page = (await client.api('/groups/delta').select(['id', 'displayName']).get()) as PageCollection & { '@odata.deltaLink'?: string };
  const names: string[] = page.value.map((g: Obj) => g.displayName ?? '');
  while (page['@odata.nextLink']) {
    page = (await client.api(page['@odata.nextLink']).get()) as typeof page;
    names.push(...page.value.map((g: Obj) => g.displayName ?? ''));
  }
  return { names: names.sort(), hasDeltaLink: Boolean(page['@odata.deltaLink']) };
});

// A security group is deleted for good (only Microsoft 365 groups go to deletedItems): reading it again is a 404
// that the client raises as a GraphError.
await report.step('deleteGroup', async () => {
  await client.api(`/groups/${gid}`).delete();
  try {
    await client.api(`/groups/${gid}`).get();
    return { afterDelete: 200 };
  } catch (err) {
    const ge = err as { statusCode: number; code: string };
    return { afterDelete: ge.statusCode, code: ge.code };
  }
});

report.print();
