// While no declared GDAP relationship with the customer is active, the partner's users hold no roles there: the
// consent cannot be given and the customer side cannot be read. Each such relationship says what it waits for.
import type { AccessBlock } from '../contract.js';
import { normalKey } from '../shared/reconcile.js';
import { address, approvalLink, type DesiredGdap, type LiveGdap } from './model.js';

const usable = (status: string): boolean => status === 'active' || status === 'expiring';

export function gdapGate(desired: DesiredGdap[], live: LiveGdap[]): AccessBlock[] {
  const wanted = desired.filter((d) => d.ensure !== 'absent');
  const byKey = new Map(live.map((l) => [normalKey(address(l)), l]));
  if (wanted.length === 0 || wanted.some((d) => byKey.get(normalKey(address(d)))?.generations.some((g) => usable(g.status)))) return [];
  return wanted.map((d) => {
    const pending = byKey.get(normalKey(address(d)))?.generations.find((g) => g.status === 'approvalPending');
    const where = { address: address(d), path: d.path, defersConsent: true };
    if (pending) {
      return { summary: `waiting for the customer to approve relationship ${pending.displayName}: ${approvalLink(pending.id)}`, detail: "the customer's Global Administrator approves it at that link; the next plan then does the rest", ...where };
    }
    return { summary: `relationship ${d.displayName} is not approved yet: apply creates it and locks it for approval, then the customer approves`, ...where };
  });
}
