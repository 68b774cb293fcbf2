import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveGdapRelationship } from '../../src/emulator/graph/gdap-model.js';
import { startAzure, type World } from '../support/clients.js';
import { callAs as call } from '../support/http.js';
import { CONTOSO, PARTNER } from '../support/seed.js';

const PC = 'https://api.partnercenter.microsoft.com' as const;
const GRAPH = 'https://graph.microsoft.com' as const;
const REL = '/v1.0/tenantRelationships/delegatedAdminRelationships';
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';

let w: World;
beforeAll(async () => { w = await startAzure({ pageSize: 1 }); });
afterAll(async () => { await w.close(); });
const pc = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(w.url, PARTNER, PC, method, path, body, headers);
const graph = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(w.url, PARTNER, GRAPH, method, path, body, headers);

describe('Partner Center', () => {
  it('lists customers page by page with continuation links', async () => {
    const first = await pc('GET', '/v1/customers');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.items[0].companyProfile).toMatchObject({ tenantId: CONTOSO, companyName: 'Contoso Ltd', domain: 'contoso.onmicrosoft.com' });
    const next = first.body.links.next;
    expect(next.uri).toBe('/customers?size=1&seek_operation=Next');
    const second = await pc('GET', `/v1${next.uri}`, undefined, { [next.headers[0].key]: next.headers[0].value });
    expect(second.body.items[0].companyProfile.companyName).toBe('Orphan Inc');
    expect(second.body.links.next).toBeUndefined();
  });

  it('refuses callers other than the partner', async () => {
    const r = await call(w.url, CONTOSO, PC, 'GET', '/v1/customers');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 600041 });
  });

  it('changes a quantity, refuses one below the assigned seats in Partner Center\'s error shape', async () => {
    const subs = await pc('GET', `/v1/customers/${CONTOSO}/subscriptions`);
    const sub = subs.body.items[0];
    expect(sub).toMatchObject({ offerName: 'Microsoft 365 E3', quantity: 10, unitType: 'Licenses' });
    const low = await pc('PATCH', `/v1/customers/${CONTOSO}/subscriptions/${sub.id}`, { ...sub, quantity: 2 });
    expect(low.status).toBe(400);
    expect(low.body).toMatchObject({ code: 800070, errorName: 'QuantityBelowAssigned' });
    expect(low.body.description).toMatch(/3 licenses already assigned/);
    const ok = await pc('PATCH', `/v1/customers/${CONTOSO}/subscriptions/${sub.id}`, { ...sub, quantity: 12 });
    expect(ok.body.quantity).toBe(12);
    const skus = await pc('GET', `/v1/customers/${CONTOSO}/subscribedskus`);
    expect(skus.body.items[0]).toMatchObject({ totalUnits: 12, consumedUnits: 3, productSku: { skuPartNumber: 'SPE_E3' } });
  });

  it('buys through an order, and 404s unknown customers and subscriptions', async () => {
    const order = await pc('POST', `/v1/customers/${CONTOSO}/orders`, { lineItems: [{ lineItemNumber: 0, offerId: 'CFQ7TTC0LFLZ:0001', quantity: 5 }] });
    expect(order.status).toBe(201);
    expect(order.body.lineItems[0].subscriptionId).toBeTruthy();
    expect((await pc('POST', `/v1/customers/${CONTOSO}/orders`, { lineItems: [{ offerId: 'nope', quantity: 1 }] })).body.errorName).toBe('OfferNotFound');
    expect((await pc('GET', '/v1/customers/00000000-0000-4000-8000-000000000000/subscriptions')).status).toBe(404);
    expect((await pc('PATCH', `/v1/customers/${CONTOSO}/subscriptions/nope`, { quantity: 1 })).status).toBe(404);
  });
});

describe('GDAP relationships', () => {
  const create = (displayName: string, roles = [HELPDESK], extra: Record<string, unknown> = {}) => graph('POST', REL, {
    displayName, duration: 'P730D', customer: { tenantId: CONTOSO }, accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) }, ...extra,
  });

  it('goes created → approvalPending → active, with endDateTime from duration', async () => {
    const r = await create('contoso-helpdesk');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'created', autoExtendDuration: 'PT0S', customer: { tenantId: CONTOSO } });
    expect((await create('contoso-helpdesk')).status).toBe(400);
    const lock = await graph('POST', `${REL}/${r.body.id}/requests`, { action: 'lockForApproval' });
    expect(lock.status).toBe(201);
    expect(lock.body).toMatchObject({ action: 'lockForApproval', status: 'succeeded' });
    expect((await graph('POST', `${REL}/${r.body.id}/requests`, { action: 'lockForApproval' })).status).toBe(400);
    approveGdapRelationship(w.server.state, r.body.id, new Date('2026-01-01T00:00:00Z'));
    const got = await graph('GET', `${REL}/${r.body.id}`);
    expect(got.body).toMatchObject({ status: 'active', endDateTime: '2028-01-01T00:00:00.000Z' });
  });

  it('validates duration, roles and auto-extension with Global Administrator', async () => {
    expect((await create('bad-duration', [HELPDESK], { duration: 'P3Y' })).status).toBe(400);
    expect((await create('bad-role', ['00000000-0000-0000-0000-000000000000'])).status).toBe(400);
    const ga = await create('ga', ['62e90394-69f5-4237-9190-012177145e10'], { autoExtendDuration: 'P180D' });
    expect(ga.body.error.message).toMatch(/Global Administrator/);
  });

  it('needs If-Match to change a created relationship and answers 412 on a stale etag', async () => {
    const r = await create('contoso-patch');
    expect((await graph('PATCH', `${REL}/${r.body.id}`, { duration: 'P30D' })).status).toBe(400);
    const ok = await graph('PATCH', `${REL}/${r.body.id}`, { duration: 'P30D' }, { 'If-Match': r.body['@odata.etag'] });
    expect(ok.body.duration).toBe('P30D');
    expect((await graph('PATCH', `${REL}/${r.body.id}`, { duration: 'P60D' }, { 'If-Match': r.body['@odata.etag'] })).status).toBe(412);
  });

  it('creates access assignments only on active relationships with the relationship\'s roles, with etags', async () => {
    const r = await create('contoso-access', [HELPDESK, USER_ADMIN]);
    const group = [...w.server.state.tenants.get(PARTNER)!.groups.values()].find((g) => g.props.displayName === 'Partner Helpdesk Agents')!;
    const body = { accessContainer: { accessContainerId: group.id, accessContainerType: 'securityGroup' }, accessDetails: { unifiedRoles: [{ roleDefinitionId: HELPDESK }] } };
    expect((await graph('POST', `${REL}/${r.body.id}/accessAssignments`, body)).status).toBe(400);
    await graph('POST', `${REL}/${r.body.id}/requests`, { action: 'lockForApproval' });
    approveGdapRelationship(w.server.state, r.body.id);
    const a = await graph('POST', `${REL}/${r.body.id}/accessAssignments`, body);
    expect(a.status).toBe(201);
    // delegatedadminrelationship-post-accessassignments.md: the Location header names the created assignment.
    expect(a.headers.get('location')).toBe(`${w.url}${REL}/${r.body.id}/accessAssignments/${a.body.id}`);
    expect((await graph('POST', `${REL}/${r.body.id}/accessAssignments`, body)).status).toBe(409);
    const outside = { ...body, accessDetails: { unifiedRoles: [{ roleDefinitionId: '29232cdf-9323-42fd-ade2-1d097af3e4de' }] } };
    expect((await graph('PATCH', `${REL}/${r.body.id}/accessAssignments/${a.body.id}`, outside, { 'If-Match': a.body['@odata.etag'] })).status).toBe(400);
    const both = { accessDetails: { unifiedRoles: [{ roleDefinitionId: HELPDESK }, { roleDefinitionId: USER_ADMIN }] } };
    expect((await graph('PATCH', `${REL}/${r.body.id}/accessAssignments/${a.body.id}`, both, { 'If-Match': 'W/"stale"' })).status).toBe(412);
    const patched = await graph('PATCH', `${REL}/${r.body.id}/accessAssignments/${a.body.id}`, both, { 'If-Match': a.body['@odata.etag'] });
    expect(patched.body.accessDetails.unifiedRoles).toHaveLength(2);
    const term = await graph('POST', `${REL}/${r.body.id}/requests`, { action: 'terminate' });
    expect(term.status).toBe(201);
    expect((await graph('GET', `${REL}/${r.body.id}`)).body.status).toBe('terminated');
  });

  it('filters by customer and refuses non-partner callers', async () => {
    const list = await graph('GET', `${REL}?$filter=customer/tenantId eq '${CONTOSO}'`);
    expect(list.body.value.length).toBeGreaterThan(0);
    expect((await call(w.url, CONTOSO, GRAPH, 'GET', REL)).status).toBe(403);
  });
});
