// Partner Center (`/v1/customers...`), answered for the partner tenant only: customers with continuation links,
// subscriptions with their quantity and new-commerce term, subscribed SKUs, and a simplified order endpoint that buys
// a new subscription.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route, type ServiceModule } from '../router.js';
import { AUDIENCES } from '../tokens.js';
import { getTenant, initialDomain, type PartnerState, type TenantState } from '../state.js';
import type { SeedCustomer, SeedCustomerSubscription } from '../seed.js';
import { stableGuid } from '../arm/model.js';
import { termOf } from './terms.js';
import { consentRoutes } from './consents.js';

export interface PartnerCenterOptions { pageSize?: number }

type Json = Record<string, unknown>;

function partnerOf(ctx: Ctx): PartnerState {
  const partner = ctx.state.partner;
  if (!partner || ctx.token?.tid.toLowerCase() !== partner.tenantId) {
    throw new ApiError(403, '600041', 'The caller is not a partner: Partner Center is only available to the partner tenant.');
  }
  return partner;
}

export function customerOf(ctx: Ctx): { partner: PartnerState; customer: SeedCustomer; tenant?: TenantState } {
  const partner = partnerOf(ctx);
  const id = (ctx.params.customer ?? '').toLowerCase();
  const customer = partner.customers.find((c) => c.tenantId.toLowerCase() === id);
  if (!customer) throw new ApiError(404, '600026', `Customer '${ctx.params.customer ?? ''}' is not a customer of this partner.`, {}, { errorName: 'CustomerNotFound' });
  return { partner, customer, tenant: getTenant(ctx.state, customer.tenantId) };
}

function customerView(c: SeedCustomer, tenant: TenantState | undefined): Json {
  return {
    id: c.tenantId, relationshipToPartner: c.relationshipToPartner ?? 'reseller',
    companyProfile: { tenantId: c.tenantId, domain: c.domain ?? (tenant ? initialDomain(tenant) : ''), companyName: c.companyName ?? tenant?.displayName ?? '' },
    links: { self: { uri: `/customers/${c.tenantId}`, method: 'GET', headers: [] } },
    attributes: { objectType: 'Customer' },
  };
}

function listCustomers(pageSize: number) {
  return (ctx: Ctx): Reply => {
    const partner = partnerOf(ctx);
    const size = Math.min(Number(ctx.query.get('size') ?? pageSize) || pageSize, pageSize);
    const token = ctx.headers['ms-continuationtoken'];
    const offset = token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0;
    const page = partner.customers.slice(offset, offset + size);
    const links: Json = { self: { uri: `/customers?size=${size}`, method: 'GET', headers: [] } };
    if (offset + size < partner.customers.length) {
      const value = Buffer.from(String(offset + size)).toString('base64url');
      links.next = { uri: `/customers?size=${size}&seek_operation=Next`, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value }] };
    }
    return json(200, {
      totalCount: page.length, items: page.map((c) => customerView(c, getTenant(ctx.state, c.tenantId))), links,
      continuationToken: links.next ? (links.next as { headers: { value: string }[] }).headers[0]?.value : undefined,
      attributes: { objectType: 'Collection' },
    });
  };
}

function subscriptionsOf(customer: SeedCustomer): (SeedCustomerSubscription & { id: string })[] {
  const subs = (customer.subscriptions ??= []);
  for (const s of subs) s.id ??= stableGuid(`${customer.tenantId}|${s.offerName}`);
  return subs as (SeedCustomerSubscription & { id: string })[];
}

function subscriptionView(customer: SeedCustomer, s: SeedCustomerSubscription & { id: string }, now: number): Json {
  return {
    id: s.id, offerId: s.offerId ?? stableGuid(`offer|${s.offerName}`).toUpperCase(), offerName: s.offerName,
    friendlyName: s.offerName, quantity: s.quantity, unitType: 'Licenses', hasPurchasableAddons: false,
    status: s.status ?? 'active', autoRenewEnabled: s.autoRenewEnabled ?? true, isTrial: false, billingType: 'license',
    billingCycle: s.billingCycle ?? 'monthly', termDuration: s.termDuration ?? 'P1Y', contractType: 'subscription',
    ...termOf(s, now),
    links: { self: { uri: `/customers/${customer.tenantId}/subscriptions/${s.id}`, method: 'GET', headers: [] } },
    attributes: { etag: `"${s.quantity}"`, objectType: 'Subscription' },
  };
}

function consumedOf(tenant: TenantState | undefined, skuPartNumber: string | undefined): number {
  const sku = tenant?.skus.find((k) => k.skuPartNumber.toLowerCase() === skuPartNumber?.toLowerCase());
  if (!tenant || !sku) return 0;
  let n = 0;
  for (const u of tenant.users.values()) if (u.licenses.some((l) => l.skuId === sku.skuId)) n++;
  return n;
}

function findSubscription(ctx: Ctx) {
  const found = customerOf(ctx);
  const sub = subscriptionsOf(found.customer).find((s) => s.id.toLowerCase() === (ctx.params.sub ?? '').toLowerCase());
  if (!sub) throw new ApiError(404, '800002', `Subscription '${ctx.params.sub ?? ''}' was not found for this customer.`, {}, { errorName: 'SubscriptionNotFound' });
  return { ...found, sub };
}

/**
 * Licenses can be reduced only within the cancellation window after purchase or renewal (new-commerce cancellation
 * policy, https://learn.microsoft.com/en-us/partner-center/customers/new-commerce-cancellation-policy); increases are
 * allowed at any time. Microsoft documents only that "the API will throw an error" once the window has passed
 * (https://learn.microsoft.com/en-us/partner-center/developer/cancel-an-azure-marketplace-subscription) and publishes
 * neither its text nor its code, so the emulator answers 400 Bad Request with a code and name of its own.
 */
function refuseClosedWindow(sub: SeedCustomerSubscription, now: number): void {
  const until = termOf(sub, now).cancellationAllowedUntilDate;
  if (now <= Date.parse(until)) return;
  throw new ApiError(400, '800071', `The quantity of ${sub.offerName} cannot be reduced: the cancellation window closed at ${until}. Licenses can be reduced only within 7 days of purchase or renewal.`, {}, { errorName: 'CancellationWindowClosed' });
}

function patchSubscription(ctx: Ctx): Reply {
  const { customer, tenant, sub } = findSubscription(ctx);
  const body = jsonBody(ctx);
  const quantity = body.quantity;
  if (quantity !== undefined) {
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      throw new ApiError(400, '800010', 'Quantity must be a positive whole number.', {}, { errorName: 'InvalidQuantity' });
    }
    if (quantity < sub.quantity) refuseClosedWindow(sub, ctx.state.clock.now());
    const consumed = consumedOf(tenant, sub.skuPartNumber);
    if (quantity < consumed) {
      throw new ApiError(400, '800070', `The quantity ${quantity} is below the ${consumed} licenses already assigned for ${sub.offerName}. Unassign licenses before reducing the seat count.`, {}, { errorName: 'QuantityBelowAssigned' });
    }
    sub.quantity = quantity;
    const sku = tenant?.skus.find((k) => k.skuPartNumber.toLowerCase() === sub.skuPartNumber?.toLowerCase());
    if (sku) sku.seats = quantity;
  }
  if (typeof body.autoRenewEnabled === 'boolean') sub.autoRenewEnabled = body.autoRenewEnabled;
  return json(200, subscriptionView(customer, sub, ctx.state.clock.now()));
}

function subscribedSkus(ctx: Ctx): Reply {
  const { tenant } = customerOf(ctx);
  const items = (tenant?.skus ?? []).map((sku) => {
    const consumed = consumedOf(tenant, sku.skuPartNumber);
    return {
      availableUnits: Math.max(0, sku.seats - consumed), activeUnits: sku.seats, consumedUnits: consumed,
      suspendedUnits: sku.suspended ?? 0, totalUnits: sku.seats, warningUnits: sku.warning ?? 0,
      productSku: { id: sku.skuId, name: sku.skuPartNumber, skuPartNumber: sku.skuPartNumber, targetType: 'User', licenseGroupId: 'group1' },
      servicePlans: sku.servicePlans.map((p) => ({ displayName: p.servicePlanName, serviceName: p.servicePlanName, id: p.servicePlanId, capabilityStatus: 'Enabled', targetType: 'User' })),
      capabilityStatus: sku.capabilityStatus ?? 'Enabled', attributes: { objectType: 'SubscribedSku' },
    };
  });
  return json(200, { totalCount: items.length, items, attributes: { objectType: 'Collection' } });
}

/** Offers known to the emulator: every subscription any customer holds. */
function findOffer(partner: PartnerState, offerId: string): SeedCustomerSubscription | undefined {
  for (const c of partner.customers) {
    for (const s of subscriptionsOf(c)) {
      const id = s.offerId ?? stableGuid(`offer|${s.offerName}`).toUpperCase();
      if (id.toLowerCase() === offerId.toLowerCase() || s.offerName.toLowerCase() === offerId.toLowerCase()) return s;
    }
  }
  return undefined;
}

function postOrder(ctx: Ctx): Reply {
  const { partner, customer, tenant } = customerOf(ctx);
  const lines = jsonBody(ctx).lineItems;
  if (!Array.isArray(lines) || lines.length === 0) throw new ApiError(400, '600001', 'The order must have at least one line item.', {}, { errorName: 'InvalidInput' });
  const out = lines.map((raw, i) => {
    const line = raw as { offerId?: string; quantity?: number; friendlyName?: string; lineItemNumber?: number };
    const offer = findOffer(partner, line.offerId ?? '');
    if (!offer) throw new ApiError(400, '400009', `Offer '${line.offerId ?? ''}' was not found in the catalog.`, {}, { errorName: 'OfferNotFound' });
    const quantity = line.quantity ?? 1;
    const sub: SeedCustomerSubscription = {
      id: randomUUID(), offerId: offer.offerId, offerName: offer.offerName, skuPartNumber: offer.skuPartNumber, quantity, status: 'active',
      creationDate: ctx.state.clock.iso(),
    };
    (customer.subscriptions ??= []).push(sub);
    const sku = tenant?.skus.find((k) => k.skuPartNumber.toLowerCase() === offer.skuPartNumber?.toLowerCase());
    if (sku) sku.seats += quantity;
    return { lineItemNumber: line.lineItemNumber ?? i, offerId: line.offerId, subscriptionId: sub.id, quantity, friendlyName: line.friendlyName ?? offer.offerName };
  });
  return json(201, {
    id: randomUUID().replace(/-/g, ''), referenceCustomerId: customer.tenantId, billingCycle: 'monthly', lineItems: out,
    status: 'completed', creationDate: ctx.state.clock.iso(), attributes: { objectType: 'Order' },
  });
}

export function partnerCenterRoutes(pageSize: number): Route[] {
  const c = '/v1/customers/:customer';
  return [
    { method: 'GET', pattern: '/v1/customers', handler: listCustomers(pageSize) },
    { method: 'GET', pattern: c, handler: (ctx) => { const f = customerOf(ctx); return json(200, customerView(f.customer, f.tenant)); } },
    { method: 'GET', pattern: `${c}/subscriptions`, handler: (ctx) => {
      const { customer } = customerOf(ctx);
      const items = subscriptionsOf(customer).map((s) => subscriptionView(customer, s, ctx.state.clock.now()));
      return json(200, { totalCount: items.length, items, links: {}, attributes: { objectType: 'Collection' } });
    } },
    { method: 'GET', pattern: `${c}/subscriptions/:sub`, handler: (ctx) => { const f = findSubscription(ctx); return json(200, subscriptionView(f.customer, f.sub, ctx.state.clock.now())); } },
    { method: 'PATCH', pattern: `${c}/subscriptions/:sub`, handler: patchSubscription, write: true },
    { method: 'GET', pattern: `${c}/subscribedskus`, handler: subscribedSkus },
    { method: 'POST', pattern: `${c}/orders`, handler: postOrder, write: true },
    ...consentRoutes,
  ];
}

/**
 * App-only calls need the Partner Center API permission granted to the app in the partner tenant (the app registered
 * for Partner Center API access); the token carries it in `roles` (see README, emulator access model).
 */
function authorizePartnerCenter(ctx: Ctx): void {
  // A caller outside the partner tenant is refused by the routes themselves, as not a partner.
  if (!ctx.token || ctx.token.tid.toLowerCase() !== ctx.state.partner?.tenantId || ctx.token.roles?.includes('user_impersonation')) return;
  throw new ApiError(403, 'Forbidden', `The application '${ctx.token?.appid ?? ''}' is not granted access to the Partner Center API.`);
}

export function partnerCenterService(o: PartnerCenterOptions = {}): ServiceModule {
  return {
    name: 'partnerCenter',
    audience: AUDIENCES.partnerCenter,
    faults: true,
    matches: (path) => /^\/v1\/customers(\/|$)/i.test(path),
    errorReply: (ctx, err) => json(err.status, {
      code: Number(err.code) || err.code, description: err.message, errorName: err.extra.errorName, data: [], source: 'PartnerFD',
    }, { 'MS-CorrelationId': ctx.clientRequestId, 'MS-RequestId': ctx.requestId }),
    authorize: authorizePartnerCenter,
    routes: partnerCenterRoutes(o.pageSize ?? 100),
  };
}
