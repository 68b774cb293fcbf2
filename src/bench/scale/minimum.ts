// The analytical floor of requests for a scenario: what must be read (collections in pages of 999, Exchange lists in
// pages of 1000, one members page per group fetched 20 to a `$batch`) and written (Graph writes 20 to a `$batch`,
// Exchange cmdlets one each), per tenant, times the tenants. Tokens: one per tenant and resource.
import { driftOf, type Sizes } from './model.js';

export const GRAPH_PAGE = 999;
export const EXCHANGE_PAGE = 1000;
export const BATCH = 20;

const pages = (n: number, size: number): number => Math.max(1, Math.ceil(n / size));
const batches = (n: number): number => Math.ceil(n / BATCH);

export type Counts = Record<string, number>;

/** graph: the Graph-side reads of one tenant, the same for plan and for apply's re-derivation. */
function graphReads(s: Sizes): number {
  return 1 /* organization: the tenant id check */
    + pages(s.users, GRAPH_PAGE) /* users with their license fields */
    + 1 /* subscribedSkus */
    + pages(s.groups, GRAPH_PAGE) /* groups */
    + batches(s.groups) * Math.ceil(Math.min(s.membersPerGroup, s.users) / GRAPH_PAGE); /* members: a page per group */
}

const exchangeReads = (s: Sizes): number => (s.mailboxes > 0 ? pages(s.mailboxes, EXCHANGE_PAGE) : 0);

/**
 * The inventory of undeclared objects, read by plan (not by apply's re-derivation): the directory role assignments
 * (one page) and `$count` of users and groups, one request each. The seeds hold no undeclared privileged holder, so
 * no `$batch` naming them.
 */
export const INVENTORY_READS = 3;

/**
 * Plan, per tenant: login = 1 + (mailboxes ? 1 : 0);
 * graph = 1 + ⌈U/999⌉ + 1 + ⌈G/999⌉ + ⌈G/20⌉·⌈members per group/999⌉ + 3 (inventory); exchange = ⌈M/1000⌉.
 */
export function planMinimum(s: Sizes): Counts {
  const login = 1 + (s.mailboxes > 0 ? 1 : 0);
  return { login: login * s.tenants, graph: (graphReads(s) + INVENTORY_READS) * s.tenants, exchange: exchangeReads(s) * s.tenants };
}

/**
 * Apply, per tenant: the re-derivation reads what plan reads (apply plans the tenant again before it writes),
 * then graph writes ⌈(drifted users + drifted groups + groups missing members)/20⌉ (one PATCH of up to 20
 * `members@odata.bind` per group) and one Set-Mailbox per drifted mailbox.
 */
export function applyMinimum(s: Sizes): Counts {
  const d = driftOf(s);
  const login = 1 + (s.mailboxes > 0 ? 1 : 0);
  const writes = batches(d.users + d.groups + d.membershipGroups);
  return { login: login * s.tenants, graph: (graphReads(s) + writes) * s.tenants, exchange: (exchangeReads(s) + d.mailboxes) * s.tenants };
}

export const total = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);
