// Pure diff of revocations: a leaver's sessions valid from before the day it left, or opened while it could sign in,
// are revoked after its sign-in is blocked (so no session is issued after the revocation). The plan's time decides, never the clock: a leaver
// declared with a day still to come is refused, since revoking now would leave sessions "from before" it forever.
import type { Diagnostic } from '../../plan/types.js';
import type { DiffContext, DiffResult, ProposedChange } from '../contract.js';
import { deletionDue, leftAt } from '../shared/lifecycle.js';
import { userAddress } from '../shared/refs.js';
import { addressOf, type DesiredRevocation, type LiveSessions } from './model.js';

function revoke(d: DesiredRevocation, l: LiveSessions): ProposedChange {
  return {
    kind: 'sessionRevocation', address: addressOf(d), action: 'update', reason: 'leaver_sessions',
    fields: [{ path: 'signInSessionsValidFromDateTime', before: l.validFrom, after: `the time of apply (after ${d.since})` }],
    before: { userPrincipalName: d.upn, signInSessionsValidFromDateTime: l.validFrom, accountEnabled: l.enabled }, after: { userPrincipalName: d.upn, since: d.since },
    ops: { op: 'graphWrite', body: {}, id: l.userId },
    dependsOn: [userAddress(d.upn)],
  };
}

export function diffSessions(desired: DesiredRevocation[], live: LiveSessions[], ctx: DiffContext): DiffResult {
  const byUpn = new Map(live.map((l) => [l.upn, l]));
  const changes: ProposedChange[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const d of desired) {
    const left = leftAt(d.spec) as number;
    if (left > ctx.now.getTime()) {
      diagnostics.push({ severity: 'error', summary: `${d.upn}: lifecycle.since ${d.since} is still to come: declare the leaver on or after that day`, address: addressOf(d), path: `${d.path}.since` });
      continue;
    }
    const l = byUpn.get(d.upn);
    if (!l || deletionDue(d.spec, ctx.now)) continue;
    const validFrom = l.validFrom === null ? Number.NEGATIVE_INFINITY : Date.parse(l.validFrom);
    if (!(validFrom >= left) || l.enabled) changes.push(revoke(d, l));
  }
  return { changes, diagnostics };
}
