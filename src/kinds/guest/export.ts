// Export of guests: every guest with a `mail` (the invited address), by that address, with its displayName.
// A guest without one has no natural key in the YAML model and is left out with a comment.
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { readGuests } from './fetch.js';

export async function exportGuests(ctx: FetchContext): Promise<ExportResult> {
  const live = await readGuests(ctx.clients.graph);
  const keyed = live.filter((g) => g.email.includes('@') && !g.email.includes('#ext#'));
  const items = [...keyed].sort(byKey((g) => g.email)).map((g) => ({ email: g.email, ...(g.displayName ? { displayName: g.displayName } : {}) }));
  const left = live.length - keyed.length;
  const comments = [count(items.length, 'guest'), 'invitations are not sent again: an exported guest is already invited'];
  if (left) comments.push(`${count(left, 'guest')} without a mail address not exported (no natural key)`);
  return { section: 'guests', items, comments };
}
