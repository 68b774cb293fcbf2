// The floors of scenarios (e), (f) and (h): what a drift with delta state must read, and what creating licensed users
// must write and how long Graph's write quota makes that take at best.
import { BATCH, GRAPH_PAGE, type Counts } from '../scale/minimum.js';
import type { Sizes } from '../scale/model.js';

const pages = (n: number): number => Math.max(1, Math.ceil(n / GRAPH_PAGE));

/** Graph's write quota per app and tenant (concepts/throttling-limits.md): 3,000 writes per 150 s. */
export const WRITES_PER_WINDOW = 3000;
export const WRITE_WINDOW_MS = 150_000;

/**
 * A drift with delta state, per tenant: a token, the organization (tenant id check), the SKU catalogue (licenses are
 * declared), one round of `/users/delta` and, when groups are declared, of `/groups/delta` (with members): a full
 * round on the first drift, the changes since on a later one, each at least one page of 999. The inventory of
 * undeclared objects adds the directory role assignments (one request) and, when groups are not declared (so not
 * synced by delta), one list of the tenant's groups; undeclared users and holders are named from the snapshot.
 */
export function deltaDriftFloor(s: Sizes, changedUsersPerTenant: (t: number) => number | undefined): Counts {
  let graph = 0;
  for (let t = 0; t < s.tenants; t++) {
    const changed = changedUsersPerTenant(t);
    const inventory = 1 + (s.groups > 0 ? 0 : 1);
    graph += 2 + pages(changed ?? s.users) + (s.groups > 0 ? pages(changed === undefined ? s.groups : 0) : 0) + inventory;
  }
  return { login: s.tenants, graph };
}

/** Users changed per tenant by the bench between two drifts: every 100th of the estate (index ≡ 37 mod 100). */
export function changedUsers(s: Sizes, t: number): number {
  let n = 0;
  for (let i = 0; i < s.users; i++) if ((t * s.users + i) % 100 === 37) n++;
  return n;
}

/**
 * Creating U licensed users in an empty tenant. Plan: token, organization, one (empty) users page, the SKU catalogue
 * and deleted items (restore rather than create), and the inventory (directory role assignments, `$count` of users
 * and of groups), which apply's re-derivation does not read. Apply: a token, the same reads again (apply re-derives the plan),
 * then 2U writes (create, assign license) and U readbacks (a created user is read until visible), 20 to a `$batch`.
 */
export function createFloor(s: Sizes): { plan: Counts; apply: Counts; writes: number; wallMs: number } {
  const reads = 4;
  const inventory = 3;
  const writes = 2 * s.users;
  return {
    plan: { login: 1, graph: reads + inventory },
    apply: { login: 1, graph: reads + Math.ceil((writes + s.users) / BATCH) },
    writes,
    wallMs: (writes / WRITES_PER_WINDOW) * WRITE_WINDOW_MS,
  };
}
