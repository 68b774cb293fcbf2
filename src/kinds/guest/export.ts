// Export of guests: every guest with a `mail` (the invited address) outside the tenant's domains, by that address,
// with its displayName. Any other guest (no mail, or an internal account marked Guest) has no natural key in the
// YAML model and is left out with a comment.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { readGuests } from './fetch.js';
import { normalKey } from '../shared/reconcile.js';
import type { LiveGuest } from './model.js';

/** The guests export writes: a mail outside the tenant's domains. Group memberships name these by it too. */
export function exportable(live: LiveGuest[], domains: readonly string[]): LiveGuest[] {
  const own = new Set(domains.map((d) => normalKey(d)));
  return live.filter((g) => g.mail !== null && !own.has(normalKey(g.mail.slice(g.mail.lastIndexOf('@') + 1))));
}

export async function exportGuests(ctx: FetchContext): Promise<ExportResult> {
  const live = await readGuests(ctx.clients.graph);
  const keyed = exportable(live, ctx.tenant.tenant.domains);
  const items = [...keyed].sort(byKey((g) => g.email)).map((g) => ({ email: g.email, ...(g.displayName ? { displayName: g.displayName } : {}) }));
  const left = live.length - keyed.length;
  const comments = [count(items.length, 'guest'), 'invitations are not sent again: an exported guest is already invited'];
  if (left) comments.push(`${count(left, 'guest')} without a mail address outside the tenant's domains not exported (no natural key)`);
  return { section: 'guests', items, comments };
}
