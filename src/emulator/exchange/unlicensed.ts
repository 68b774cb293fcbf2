// A user mailbox whose user lost its Exchange license: kept through the grace period, then removed with its mail.
import { hasExchangePlan } from '../seeding.js';
import type { TenantState, UserObject } from '../state.js';
import type { ExchangeModel } from './model.js';

/**
 * "When a license is removed from a user, Exchange Online data that's associated with that account is held for 30
 * days. After the 30-day grace period, the data is deleted and can't be recovered" (Microsoft 365 admin, "Remove
 * licenses from users"). A user mailbox licensed again, or converted to shared, in the meantime is kept.
 */
export const UNLICENSED_GRACE_MS = 30 * 24 * 3600 * 1000;

export function expireUnlicensed(tenant: TenantState, model: ExchangeModel, groupLicensed: Set<string>, now: number): void {
  const unlicensed = model.unlicensed ?? {};
  for (const [userId, since] of Object.entries(unlicensed)) {
    const user = tenant.users.get(userId);
    const m = model.mailboxes.find((x) => x.userId === userId);
    if (!user || m?.type !== 'UserMailbox' || groupLicensed.has(userId) || hasExchangePlan(tenant, user.licenses)) {
      delete unlicensed[userId];
      continue;
    }
    if (now - since < UNLICENSED_GRACE_MS) continue;
    model.mailboxes = model.mailboxes.filter((x) => x !== m);
    for (const g of model.groups) g.members = g.members.filter((x) => x !== m.guid);
    user.hasMailbox = false;
    delete unlicensed[userId];
  }
}

/** Graph took a user's last Exchange license: the grace period of its user mailbox starts now. */
export function markUnlicensed(model: ExchangeModel, user: UserObject, now: number): void {
  if (!user.hasMailbox) return;
  (model.unlicensed ??= {})[user.id] ??= now;
}
