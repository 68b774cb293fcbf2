// The same endpoints through Microsoft's own Graph SDK, as tenantform's clients will drive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client, GraphError, HTTPMessageHandler, PageIterator, type Context, type Middleware, type PageCollection,
} from '@microsoft/microsoft-graph-client';
import type { User, SubscribedSku } from '@microsoft/microsoft-graph-types';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { token } from '../support/http.js';
import { E3 } from '../support/seed.js';
import { startSmall } from '../support/world.js';

let emu: RunningEmulator;
let client: Client;

/**
 * The SDK treats only https URLs as absolute and its AuthenticationHandler attaches tokens to https URLs only. Against
 * the plain-http emulator this step undoes the SDK's joining of an absolute nextLink onto the base URL and attaches
 * the token fetched from the emulator's token endpoint (src/clients does the same with its verbatim-URL and auth steps).
 */
class EmulatorBearer implements Middleware {
  private next?: Middleware;
  constructor(private readonly getToken: () => Promise<string>) {}
  async execute(context: Context): Promise<void> {
    if (typeof context.request === 'string') context.request = context.request.replace(/^https?:\/\/[^/]+\/v1\.0\/(https?:)\/+/, '$1//');
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${await this.getToken()}`);
    context.options = { ...(context.options ?? {}), headers: Object.fromEntries(headers) };
    await this.next?.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

beforeAll(async () => {
  emu = await startSmall();
  client = Client.initWithMiddleware({
    baseUrl: emu.url,
    customHosts: new Set([new URL(emu.url).hostname]),
    middleware: [new EmulatorBearer(() => token(emu.url)), new HTTPMessageHandler()],
  });
});
afterAll(() => emu.close());

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GraphError) return err;
    throw err;
  }
  throw new Error('expected a GraphError');
}

describe('through @microsoft/microsoft-graph-client', () => {
  it('creates users and reads them all with PageIterator', async () => {
    for (let i = 0; i < 12; i++) {
      await client.api('/users').post({
        accountEnabled: true, displayName: `Sdk ${i}`, mailNickname: `sdk${i}`, userPrincipalName: `sdk${i}@contoso.com`,
        passwordProfile: { password: 'Secret-123!' },
      });
    }
    const first = (await client.api('/users').select(['id', 'userPrincipalName']).top(5).get()) as PageCollection;
    const seen: User[] = [];
    await new PageIterator(client, first, (u: User) => {
      seen.push(u);
      return true;
    }).iterate();
    expect(seen).toHaveLength(15);
    expect(new Set(seen.map((u) => u.id)).size).toBe(15);
  });

  it('filters, patches, assigns licenses and reads SKUs', async () => {
    const found = (await client.api('/users').filter("startsWith(userPrincipalName,'sdk1')").get()) as { value: User[] };
    expect(found.value.map((u) => u.userPrincipalName).sort()).toEqual(['sdk10@contoso.com', 'sdk11@contoso.com', 'sdk1@contoso.com']);
    await client.api('/users/sdk1@contoso.com').patch({ usageLocation: 'SE' });
    const user = (await client.api('/users/sdk1@contoso.com/assignLicense').post({ addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] })) as User;
    expect(user.userPrincipalName).toBe('sdk1@contoso.com');
    const skus = (await client.api('/subscribedSkus').get()) as { value: SubscribedSku[] };
    expect(skus.value.find((s) => s.skuId === E3)?.consumedUnits).toBe(3);
  });

  it('surfaces the documented errors as GraphError', async () => {
    const dup = await graphError(client.api('/users').post({
      accountEnabled: true, displayName: 'A', mailNickname: 'a', userPrincipalName: 'alice@contoso.com', passwordProfile: { password: 'Secret-123!' },
    }));
    expect([dup.statusCode, dup.code, dup.message]).toEqual([400, 'Request_BadRequest', 'Another object with the same value for property userPrincipalName already exists.']);
    const usage = await graphError(client.api('/users/sdk2@contoso.com/assignLicense').post({ addLicenses: [{ skuId: E3 }], removeLicenses: [] }));
    expect(usage.message).toBe('License assignment cannot be done for user with invalid usage location.');
    await client.api('/users/sdk2@contoso.com').patch({ usageLocation: 'SE' });
    const seats = await graphError(client.api('/users/sdk2@contoso.com/assignLicense').post({ addLicenses: [{ skuId: E3 }], removeLicenses: [] }));
    expect(seats.message).toBe(`Subscription with SKU ${E3} does not have any available licenses.`);
    const top = await graphError(client.api('/users').top(1000).get());
    expect([top.statusCode, top.code]).toEqual([400, 'Request_UnsupportedQuery']);
    const missing = await graphError(client.api('/users/nobody@contoso.com').get());
    expect([missing.statusCode, missing.code]).toEqual([404, 'Request_ResourceNotFound']);
    expect(missing.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const mailbox = await graphError(client.api('/users/sdk3@contoso.com/mailboxSettings').get());
    expect([mailbox.statusCode, mailbox.code]).toEqual([404, 'MailboxNotEnabledForRESTAPI']);
  });

  it('deletes, restores, sets the manager and reads the audit log', async () => {
    const u = (await client.api('/users/sdk4@contoso.com').get()) as User;
    await client.api(`/users/${String(u.id)}`).delete();
    const deleted = (await client.api('/directory/deletedItems/microsoft.graph.user').get()) as { value: User[] };
    expect(deleted.value.map((d) => d.id)).toContain(u.id);
    await client.api(`/directory/deletedItems/${String(u.id)}/restore`).post({});
    const alice = (await client.api('/users/alice@contoso.com').get()) as User;
    await client.api(`/users/${String(u.id)}/manager/$ref`).put({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${String(alice.id)}` });
    expect(((await client.api(`/users/${String(u.id)}/manager`).get()) as User).userPrincipalName).toBe('alice@contoso.com');
    const audits = (await client.api('/auditLogs/directoryAudits').filter("activityDisplayName eq 'Restore user'").get()) as { value: { targetResources: { id: string }[] }[] };
    expect(audits.value[0]?.targetResources[0]?.id).toBe(u.id);
    const org = (await client.api('/organization').get()) as { value: { verifiedDomains: { name: string }[] }[] };
    expect(org.value[0]?.verifiedDomains.map((d) => d.name)).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
  });
});
