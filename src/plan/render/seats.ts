// How a seat change reads in the text and markdown renderings: an increase is a billable commitment for the rest of
// the subscription's term and must stand out from a plain update; a decrease says until when Partner Center allows
// it. Both name the term and billing cycle. The rules behind the numbers are in src/kinds/seats/terms.ts.
import type { Change, Plan, SeatBilling } from '../types.js';

const seats = (n: number): string => `${n > 0 ? '+' : ''}${n} seat${Math.abs(n) === 1 ? '' : 's'}`;

const minute = (iso: string): string => iso.replace(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}).*$/, '$1 $2 UTC');

function term(b: SeatBilling): string {
  const name = b.termDuration ? `the ${b.termDuration} term` : 'the term';
  const ends = b.commitmentEndDate ? ` ending ${b.commitmentEndDate.slice(0, 10)}` : '';
  const cycle = b.billingCycle ? `, billed ${b.billingCycle}` : '';
  return `${name}${ends}${cycle}`;
}

/** `+5 seats, billable for the rest of the P1Y term ending 2027-03-01, billed monthly`. */
export function billingText(b: SeatBilling): string {
  if (b.billable && !b.termDuration) return `${seats(b.delta)}, billable: a new subscription, billed from purchase for the offer's term`;
  if (b.billable) return `${seats(b.delta)}, billable for the rest of ${term(b)}`;
  const until = b.cancellationAllowedUntilDate ? ` until ${minute(b.cancellationAllowedUntilDate)}` : '';
  return `${seats(b.delta)}, allowed${until} (the cancellation window after purchase or renewal); ${term(b)}`;
}

/** The marker line of a seat change: `Billable: …` for an increase, `Note: …` for a decrease. */
export function billingLine(change: Change): string | undefined {
  const b = change.billing;
  if (!b) return undefined;
  return `${b.billable ? 'Billable' : 'Note'}: ${billingText(b)}`;
}

function* billableItems(plan: Plan): Generator<string> {
  for (const t of plan.tenants) {
    for (const c of t.changes) if (c.billing?.billable) yield `> - \`${t.name}\`: \`${c.address}\` ${billingText(c.billing)}`;
  }
}

/** The PR comment's note on billable seat changes, under the summary; empty when the plan buys nothing. */
export function billableNote(plan: Plan, budget: number): string[] {
  const items: string[] = [];
  let count = 0;
  let size = 0;
  for (const item of billableItems(plan)) {
    count++;
    if (size + item.length + 1 <= budget) items.push(item);
    size += item.length + 1;
  }
  if (count === 0) return [];
  if (items.length < count) items.push(`> - … and ${count - items.length} more; see the full plan`);
  return ['> [!WARNING]', `> **Billable: ${count} seat increase${count === 1 ? '' : 's'}** — billed, prorated, for the rest of each term:`, ...items, ''];
}
