// Microsoft's new-commerce rules for changing the quantity of a license-based subscription, decided at plan time from
// the subscription Partner Center reports and the plan's `now`:
// - an increase is allowed at any time and is billed, prorated, for the rest of the term;
// - a decrease is allowed only within the cancellation window, seven days after purchase or renewal, and the window
//   does not reopen until the subscription renews into a new term.
// https://learn.microsoft.com/en-us/partner-center/customers/new-commerce-cancellation-policy
// https://learn.microsoft.com/en-us/partner-center/developer/subscription-resources (the properties read here)
import type { Diagnostic, SeatBilling } from '../../plan/types.js';

/** The new-commerce properties of a subscription, as the Subscription resource names them. */
export interface SubscriptionTerms {
  termDuration?: string;
  billingCycle?: string;
  commitmentEndDate?: string;
  /** Null when Partner Center allows no cancellation of the subscription (subscription resources). */
  cancellationAllowedUntilDate?: string | null;
}

/** `2026-01-12 09:00 UTC`: the minute a window closes is what a reviewer acts on. */
export function utcMinute(iso: string): string {
  return iso.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}).*$/, '$1 $2 UTC');
}

/** The day of an ISO date-time; new-commerce term end dates are inclusive, so the day is the last one billed. */
export const day = (iso: string): string => iso.slice(0, 10);

function termFields(t: SubscriptionTerms): Omit<SeatBilling, 'delta' | 'billable'> {
  return {
    ...(t.termDuration ? { termDuration: t.termDuration } : {}),
    ...(t.billingCycle ? { billingCycle: t.billingCycle } : {}),
    ...(t.commitmentEndDate ? { commitmentEndDate: t.commitmentEndDate } : {}),
  };
}

/** A purchase of a new subscription: billable from the day it is bought, for the offer's term. */
export function purchaseBilling(quantity: number): SeatBilling {
  return { delta: quantity, billable: true };
}

export type Verdict = { allowed: true; billing: SeatBilling } | { allowed: false; closedAt?: string };

/** Whether changing `from` seats to `to` is allowed now, and what it commits the partner to. */
export function seatVerdict(from: number, to: number, t: SubscriptionTerms, now: Date): Verdict {
  const delta = to - from;
  if (delta > 0) return { allowed: true, billing: { delta, billable: true, ...termFields(t) } };
  const until = t.cancellationAllowedUntilDate ?? undefined;
  if (until === undefined || now.getTime() > Date.parse(until)) return { allowed: false, ...(until ? { closedAt: until } : {}) };
  return { allowed: true, billing: { delta, billable: false, ...termFields(t), cancellationAllowedUntilDate: until } };
}

/** The plan-time error for a decrease Partner Center would refuse, with the date and what to do instead. */
export function closedWindowError(sku: string, from: number, to: number, t: SubscriptionTerms, closedAt: string | undefined): Omit<Diagnostic, 'address' | 'path'> {
  const why = closedAt ? `the cancellation window closed on ${utcMinute(closedAt)}` : 'Partner Center allows no cancellation of this subscription';
  const term = t.termDuration ? `the ${t.termDuration} term` : 'the term';
  const ends = t.commitmentEndDate ? ` ends on ${day(t.commitmentEndDate)}` : ' ends';
  return {
    severity: 'error',
    summary: `seats for ${sku}: lowering ${from} to ${to} is refused: ${why}`,
    detail: [
      'New-commerce licenses can be reduced only within 7 days (168 hours) of purchase or renewal; until then the quantity is committed.',
      `Keep ${from} seats until ${term}${ends}, then lower the quantity within 7 days of the renewal;`,
      'or lower it at renewal in Partner Center: schedule the smaller quantity for the next term, or turn autoRenewEnabled off to let the subscription end.',
    ].join('\n'),
  };
}
