// Export of FullAccess, SendAs and SendOnBehalf per mailbox. A trustee without an address (a bare name or a SID)
// makes the mailbox's permissions additive, so the plan keeps it and reports nothing.
import type { MailboxSpec } from '../../config/model.js';
import type { ExportResult, FetchContext, FetchResult } from '../contract.js';
import { fetchForAllMailboxes, writableReference } from '../exchange/export.js';
import { byKey, count, sortStrings } from '../shared/export.js';
import type { PermissionLive } from './index.js';

type Fetch = (ctx: FetchContext, desired: MailboxSpec[]) => Promise<FetchResult<PermissionLive>>;

export function permissionsToYaml(l: PermissionLive, notes: string[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let left = 0;
  for (const key of ['fullAccess', 'sendAs', 'sendOnBehalf'] as const) {
    const ok = sortStrings(l[key].filter(writableReference));
    left += l[key].length - ok.length;
    if (ok.length) out[key] = key === 'fullAccess' ? ok.map((user) => ({ user })) : ok;
  }
  if (left) {
    out.mode = 'additive';
    notes.push(`${count(left, 'permission')} of trustees without an address not exported`);
  }
  return Object.keys(out).length ? out : undefined;
}

export async function exportMailboxPermissions(ctx: FetchContext, fetch: Fetch): Promise<ExportResult> {
  const live = await fetchForAllMailboxes(ctx, fetch, { permissions: {} });
  const items: Record<string, unknown>[] = [];
  const notes: Record<string, string[]> = {};
  for (const l of [...live].sort(byKey((p) => p.address))) {
    const n: string[] = [];
    const permissions = permissionsToYaml(l, n);
    if (permissions) items.push({ address: l.address, permissions });
    if (n.length) notes[l.address] = n;
  }
  return { section: 'mailboxes', items, notes, comments: ['FullAccess is written without autoMapping: Exchange does not report it back'] };
}
