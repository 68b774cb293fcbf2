// Export helpers shared by the Exchange kinds: each reads through its own kind's fetch (so export and plan see the
// same values), asking for every mailbox by declaring them all, then keeps only values that differ from what an
// undeclared field means (unmanaged), so the files stay short and plan to zero changes.
import type { MailboxSpec } from '../../config/model.js';
import type { FetchContext, FetchResult } from '../contract.js';
import { exchangeClient, lower, readMailboxes, type Row } from './common.js';

/** Every mailbox's Get-Mailbox row by primary SMTP address (lower case), sorted by it. */
export async function allMailboxes(ctx: FetchContext): Promise<Map<string, Row>> {
  const rows = await readMailboxes(exchangeClient(ctx.clients), [], true);
  return new Map([...rows].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A reference the YAML can hold: an address (`a@b`) or `group:<alias>`; anything else (a bare name, a SID) cannot. */
export const writableReference = (ref: string): boolean => ref.startsWith('group:') || /^[^\s@:\\]+@[^\s@]+\.[^\s@]+$/.test(ref);

type Fetch<L> = (ctx: FetchContext, desired: MailboxSpec[]) => Promise<FetchResult<L>>;

/** Runs a mailbox-scoped kind's fetch over every mailbox, as if the YAML declared `extra` on each. */
export async function fetchForAllMailboxes<L>(ctx: FetchContext, fetch: Fetch<L>, extra: Partial<MailboxSpec>): Promise<L[]> {
  const addresses = [...(await allMailboxes(ctx)).keys()];
  const desired = addresses.map((address) => ({ address: lower(address), ...extra }) as MailboxSpec);
  return (await fetch({ ...ctx, prune: false }, desired)).live;
}
