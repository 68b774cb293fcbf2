// Seats: the quantity of the customer's Partner Center subscription per offer. The plan warns when the YAML assigns
// more licenses of the SKU than the declared seats and refuses a quantity below the licenses already consumed. Every
// increase carries what it bills and every decrease is checked against the cancellation window (./terms.ts).
import type { Issue } from '../../config/kind-spec.js';
import { checkSkuName } from '../shared/licensing-names.js';
import type { SeatSpec, TenantConfig } from '../../config/model.js';
import type { Diagnostic, ProposedChange } from '../../plan/types.js';
import type { DiffContext, DiffResult, Kind } from '../contract.js';
import { reconcile, type Collection } from '../shared/reconcile.js';
import { partnerCenterOf } from '../azure/api.js';
import { exportSeats } from './export.js';
import { closedWindowError, purchaseBilling, seatVerdict, type SubscriptionTerms } from './terms.js';

export interface DesiredSeats extends SeatSpec { path: string }
export interface LiveSeats extends SubscriptionTerms { id: string; sku: string; offerId: string; offerName: string; quantity: number }

interface PcSubscription extends SubscriptionTerms { id: string; offerId: string; offerName: string; friendlyName?: string; quantity: number; status: string }
interface PcSubscribedSku { consumedUnits: number; productSku: { skuPartNumber: string } }

const address = (o: { sku: string }): string => `seats:${o.sku}`;

function matches(spec: SeatSpec, s: PcSubscription): boolean {
  const key = (spec.offer ?? spec.sku).toLowerCase();
  return s.status !== 'deleted' && [s.offerName, s.offerId, s.friendlyName].some((v) => v?.toLowerCase() === key);
}

/** Licenses of this SKU that the YAML assigns directly to users that are not being removed. */
export function yamlAssigned(config: TenantConfig, sku: string): number {
  return (config.users ?? []).filter((u) => u.ensure !== 'absent' && (u.licenses ?? []).some((l) => l.sku.toLowerCase() === sku.toLowerCase())).length;
}

/** Quantities Partner Center would refuse, and more licenses assigned in the YAML than seats declared. */
function seatDiagnostics(d: DesiredSeats, ctx: DiffContext): Diagnostic[] {
  const used = ((ctx.facts.consumed ?? {}) as Record<string, number>)[d.sku.toLowerCase()] ?? 0;
  const assigned = yamlAssigned(ctx.tenant, d.sku);
  const out: Diagnostic[] = [];
  if (d.quantity < used) {
    out.push({ severity: 'error', summary: `seats for ${d.sku}: ${d.quantity} is below the ${used} licenses already assigned`, detail: 'unassign licenses first; Partner Center refuses to reduce a subscription below what is consumed', address: address(d), path: `${d.path}.quantity` });
  }
  if (assigned > d.quantity) {
    out.push({ severity: 'warning', summary: `the YAML assigns ${assigned} ${d.sku} licenses but declares ${d.quantity} seats`, address: address(d), path: `${d.path}.quantity` });
  }
  return out;
}

/** The new-commerce properties the rules read; absent ones stay absent so a legacy subscription reads as before. */
function termsOf(s: PcSubscription): SubscriptionTerms {
  const out: SubscriptionTerms = {};
  for (const key of ['termDuration', 'billingCycle', 'commitmentEndDate', 'cancellationAllowedUntilDate'] as const) {
    if (s[key] !== undefined) (out as Record<string, unknown>)[key] = s[key];
  }
  return out;
}

const after = (d: DesiredSeats) => ({ sku: d.sku, offer: d.offer ?? d.sku, quantity: d.quantity });

/** A resize as Partner Center's rules allow it now, or the reason it is refused (pushed to `refused`). */
function resize(d: DesiredSeats, l: LiveSeats, now: Date, refused: Diagnostic[]): ProposedChange | undefined {
  if (l.quantity === d.quantity) return undefined;
  const verdict = seatVerdict(l.quantity, d.quantity, l, now);
  if (!verdict.allowed) {
    refused.push({ ...closedWindowError(d.sku, l.quantity, d.quantity, l, verdict.closedAt), address: address(d), path: `${d.path}.quantity` });
    return undefined;
  }
  return {
    kind: 'seats', address: address(d), action: 'update', before: { ...l }, after: { ...after(d), id: l.id }, reason: 'field_changed',
    fields: [{ path: 'quantity', before: l.quantity, after: d.quantity }], billing: verdict.billing,
  };
}

function diffSeats(desired: DesiredSeats[], live: LiveSeats[], ctx: DiffContext): DiffResult {
  const refused: Diagnostic[] = [];
  const seats: Collection<DesiredSeats, LiveSeats> = {
    kind: 'seats',
    address,
    id: (l) => l.id,
    path: (d) => d.path,
    // Subscriptions are bought or resized here, never cancelled; the read covers declared offers only.
    absent: () => false,
    create: (d) => ({
      kind: 'seats', address: address(d), action: 'create', before: null, after: after(d), reason: 'missing',
      fields: [{ path: 'quantity', after: d.quantity }], billing: purchaseBilling(d.quantity),
    }),
    update: (d, l) => resize(d, l, ctx.now, refused),
    remove: () => undefined,
  };
  const out = reconcile(seats, desired, live, ctx);
  return { changes: out.changes, diagnostics: [...desired.flatMap((d) => seatDiagnostics(d, ctx)), ...refused, ...out.diagnostics] };
}

export const seatsKind: Kind<DesiredSeats, LiveSeats> = {
  kind: 'seats',
  // Partner Center names the product by its published String ID; an unknown one is a warning at validate.
  checks: [(c) => {
    const out: Issue[] = [];
    (c.partner?.seats ?? []).forEach((s, i) => checkSkuName(s.sku, `partner.seats[${i}].sku`, out));
    return out;
  }],
  shape: 'collection', section: 'partner.seats', listKey: ['sku'], keyLabel: 'seat sku', prefix: 'seats', schema: 'partner.schema.json',
  // Partner Center's API is App+User: an Admin Agent of the partner tenant, through the user_impersonation scope.
  permissions: { read: { partnerCenter: ['user_impersonation'] }, write: {} },
  select: (config) => (config.partner?.seats ?? []).map((s, i) => ({ ...s, path: `partner.seats[${i}]` })),
  address,
  export: exportSeats,
  async fetch(ctx, desired) {
    if (desired.length === 0) return { live: [], complete: true };
    const pc = partnerCenterOf(ctx.clients);
    const customer = `/v1/customers/${ctx.tenant.tenant.tenantId}`;
    const subs = await pc.list<PcSubscription>(`${customer}/subscriptions`);
    const skus = await pc.list<PcSubscribedSku>(`${customer}/subscribedskus`);
    const consumed: Record<string, number> = {};
    for (const k of skus) consumed[k.productSku.skuPartNumber.toLowerCase()] = k.consumedUnits;
    // Every subscription of the offer: a customer may hold two (a monthly and an annual term), and resizing one of
    // them at a guess would be wrong.
    const live = desired.flatMap((d) => subs.filter((x) => matches(d, x))
      .map((s): LiveSeats => ({ id: s.id, sku: d.sku, offerId: s.offerId, offerName: s.offerName, quantity: s.quantity, ...termsOf(s) })));
    return { live, complete: false, facts: { consumed } };
  },
  diff: diffSeats,
  async apply(change, ctx) {
    const pc = partnerCenterOf(ctx.clients);
    const customer = `/v1/customers/${ctx.tenant.tenant.tenantId}`;
    const after = change.after as { offer: string; quantity: number; id?: string };
    if (change.action === 'update' && after.id) {
      const current = await pc.get<PcSubscription>(`${customer}/subscriptions/${after.id}`);
      await pc.patch(`${customer}/subscriptions/${after.id}`, { ...current, quantity: after.quantity });
      return { id: after.id };
    }
    if (change.action === 'create') {
      const order = await pc.post<{ lineItems: { subscriptionId: string }[] }>(`${customer}/orders`, { lineItems: [{ lineItemNumber: 0, offerId: after.offer, quantity: after.quantity }] });
      return { id: order.lineItems[0]?.subscriptionId, message: `ordered ${after.quantity} × ${after.offer}` };
    }
    throw new Error(`seats cannot ${change.action}: subscriptions are bought or resized, never deleted here`);
  },
};
