// The Kiota-based Microsoft Graph SDK (@microsoft/msgraph-sdk with its users and directory packages) against the
// emulator over HTTPS, configured as its README shows: ClientSecretCredential → AzureIdentityAuthenticationProvider →
// GraphRequestAdapter. Only the endpoint differs: the authority host, the adapter's base URL and the allowed host.
import { ClientSecretCredential } from '@azure/identity';
import { AzureIdentityAuthenticationProvider } from '@microsoft/kiota-authentication-azure';
import { createGraphServiceClient, GraphRequestAdapter } from '@microsoft/msgraph-sdk';
import { PageIterator } from '@microsoft/msgraph-sdk-core';
import { createUserCollectionResponseFromDiscriminatorValue, type User } from '@microsoft/msgraph-sdk/models/index.js';
import { createODataErrorFromDiscriminatorValue } from '@microsoft/msgraph-sdk/models/oDataErrors/index.js';
import '@microsoft/msgraph-sdk-users';
import '@microsoft/msgraph-sdk-directory';
import { env, Report } from './report.js';

const e = env();
const report = new Report();
const credential = new ClientSecretCredential(e.tenantId, e.clientId, e.clientSecret, {
  authorityHost: e.url, disableInstanceDiscovery: true,
});
const host = new URL(e.url).hostname;
const auth = new AzureIdentityAuthenticationProvider(credential, ['https://graph.microsoft.com/.default'], undefined, new Set([host]));
const adapter = new GraphRequestAdapter(auth);
adapter.baseUrl = `${e.url}/v1.0`;
const client = createGraphServiceClient(adapter);

await report.step('listUsersPaged', async () => {
  const first = await client.users.get({ queryParameters: { select: ['id', 'userPrincipalName'], top: 2 } });
  const seen: string[] = [];
  const iterator = new PageIterator<User>(adapter, first as never, (u) => {
    seen.push(u.userPrincipalName ?? '');
    return true;
  }, createUserCollectionResponseFromDiscriminatorValue as never, { XXX: createODataErrorFromDiscriminatorValue });
  await iterator.iterate();
  return { upns: seen, firstPageSize: first?.value?.length, firstHasNext: Boolean(first?.odataNextLink) };
});

const created = await report.step('createUser', async () => {
  const u = await client.users.post({
    accountEnabled: true, displayName: 'Kiota Created', mailNickname: 'kiota.created', userPrincipalName: 'kiota.created@contoso.com',
    passwordProfile: { password: 'P@ssw0rd-kiota-1', forceChangePasswordNextSignIn: true },
  });
  return { id: u?.id, userPrincipalName: u?.userPrincipalName };
});
const id = created?.id ?? 'missing';

await report.step('patchUser', async () => {
  await client.users.byUserId(id).patch({ jobTitle: 'Auditor', usageLocation: 'SE' });
  const u = await client.users.byUserId(id).get({ queryParameters: { select: ['jobTitle', 'usageLocation'] } });
  return { jobTitle: u?.jobTitle, usageLocation: u?.usageLocation };
});

await report.step('usersDelta', async () => {
  let page = await client.users.delta.get({ queryParameters: { select: ['id', 'userPrincipalName'] } });
  const upns = (page?.value ?? []).map((u) => u.userPrincipalName);
  while (page?.odataNextLink) {
    page = await client.users.delta.withUrl(page.odataNextLink).get();
    upns.push(...(page?.value ?? []).map((u) => u.userPrincipalName));
  }
  return { upns, deltaLink: page?.odataDeltaLink ?? null };
});

await report.step('deleteAndListDeleted', async () => {
  await client.users.byUserId(id).delete();
  const deleted = await client.directory.deletedItems.graphUser.get({ queryParameters: { select: ['id', 'userPrincipalName', 'deletedDateTime'] } });
  return { ids: (deleted?.value ?? []).map((u) => u.id), deletedDateTime: deleted?.value?.[0]?.deletedDateTime ?? null };
});

report.print();
