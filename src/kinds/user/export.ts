// Export of users: every active user with the managed fields that are set, and its manager by UPN. Passwords are
// never readable; null fields are left out, which the diff treats as "not managed".
import type { ExportResult, FetchContext } from '../contract.js';
import { byKey, count } from '../shared/export.js';
import { normalKey } from '../shared/reconcile.js';
import { fetchUsers, readManagers } from './fetch.js';
import { USER_FIELDS, type LiveUser } from './model.js';

/** The YAML schema allows one business phone (Graph accepts only one on write). */
const MAX_PHONES = 1;

export function userToYaml(l: LiveUser, notes: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { userPrincipalName: l.userPrincipalName };
  for (const f of USER_FIELDS) {
    const v = l[f];
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (f === 'businessPhones' && Array.isArray(v) && v.length > MAX_PHONES) {
      notes.push(`businessPhones not exported: ${v.length} numbers, the YAML model takes one`);
      continue;
    }
    out[f] = v;
  }
  if (l.manager) {
    if (l.manager.includes('@')) out.manager = l.manager;
    else notes.push('manager not exported: it is not a user of this tenant');
  }
  return out;
}

/**
 * The accounts of the tenant's mail users (Get-MailUser): they are exported under mailUsers, and a users entry for one
 * would be refused. Without an Exchange client there are none to tell apart; a failed read fails the export.
 */
async function mailUserAccounts(ctx: FetchContext): Promise<Set<string>> {
  const ex = ctx.clients.exchange;
  if (!ex) return new Set();
  const rows = await ex.invoke<Record<string, unknown>>('Get-MailUser', { ResultSize: 'Unlimited' });
  return new Set(rows.map((r) => normalKey(String(r.MicrosoftOnlineServicesID ?? r.UserPrincipalName ?? ''))));
}

export async function exportUsers(ctx: FetchContext): Promise<ExportResult> {
  const [{ live }, mailUsers] = await Promise.all([fetchUsers({ ...ctx, prune: true }, []), mailUserAccounts(ctx)]);
  const users = live.filter((u) => !u.deleted && !mailUsers.has(normalKey(u.userPrincipalName))).sort(byKey((u) => u.userPrincipalName));
  await readManagers(ctx.clients.graph, users);
  const notes: Record<string, string[]> = {};
  const items = users.map((u) => {
    const n: string[] = [];
    const item = userToYaml(u, n);
    if (n.length) notes[u.userPrincipalName] = n;
    return item;
  });
  return {
    section: 'users',
    items,
    comments: [
      count(items.length, 'user'),
      'passwords not exported: users created from this file get TENANTFORM_INITIAL_PASSWORD or a generated one',
      ...(mailUsers.size > 0 ? [`${mailUsers.size} mail users' accounts are in mailUsers`] : []),
    ],
    notes,
  };
}
