// New-commerce terms of a Partner Center subscription: when its current term began and ends, and until when its
// quantity may be lowered. The properties and their meaning are those of the Subscription resource,
// https://learn.microsoft.com/en-us/partner-center/developer/subscription-resources (creationDate, effectiveStartDate,
// commitmentEndDate, cancellationAllowedUntilDate, termDuration, billingCycle).
import type { SeedCustomerSubscription } from '../seed.js';

const HOUR_MS = 3_600_000;

/**
 * License-based new-commerce subscriptions can be cancelled, or their licenses reduced, within seven calendar days of
 * purchase or renewal, and the window does not reopen until the subscription renews into a new term:
 * https://learn.microsoft.com/en-us/partner-center/customers/new-commerce-cancellation-policy
 */
export const CANCELLATION_WINDOW_MS = 168 * HOUR_MS;

/** Months in an ISO 8601 term duration (P1M, P1Y, P3Y); 12 when the duration is not one of these forms. */
export function termMonths(termDuration: string): number {
  const m = /^P(\d+)([MY])$/.exec(termDuration);
  if (!m) return 12;
  return Number(m[1]) * (m[2] === 'Y' ? 12 : 1);
}

function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export interface SubscriptionTerm {
  creationDate: string;
  effectiveStartDate: string;
  commitmentEndDate: string;
  cancellationAllowedUntilDate: string;
}

/** The seeded subscription's creation date, stamped on first sight when the seed gives none (a fresh purchase). */
export function creationOf(s: SeedCustomerSubscription, now: number): string {
  s.creationDate ??= new Date(now).toISOString();
  return s.creationDate;
}

/**
 * The dates of the current term (`now`, the emulator's clock, stamps a creation the seed left out). It starts at the last renewal (seeded `renewalDate`), else at creation.
 * "New commerce end dates are inclusive, meaning the term end date is end of day" (subscription resources), so a
 * P1Y term bought on 2026-03-02 ends on 2027-03-01, as the resource's own example shows for a P3Y term.
 */
export function termOf(s: SeedCustomerSubscription, now: number): SubscriptionTerm {
  const creationDate = creationOf(s, now);
  const startMs = Date.parse(s.renewalDate ?? creationDate);
  const start = new Date(startMs);
  const startDay = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const endDay = addMonthsUtc(startDay, termMonths(s.termDuration ?? 'P1Y')) - 24 * HOUR_MS;
  return {
    creationDate,
    effectiveStartDate: new Date(startMs).toISOString(),
    commitmentEndDate: new Date(endDay).toISOString().replace('.000Z', 'Z'),
    cancellationAllowedUntilDate: new Date(startMs + CANCELLATION_WINDOW_MS).toISOString(),
  };
}
