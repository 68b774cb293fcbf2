// The temporary-access-pass kind's shapes. Address: `tap:<userPrincipalName lower-cased>`. A pass is issued once, when
// tenantform creates (or restores) the user: Graph never returns a pass again after its creation, so there is nothing
// to compare later, and re-issuing one on every plan would revoke the one the new hire was handed.
import type { TemporaryAccessPassSpec, TenantConfig, UserSpec } from '../../config/model.js';

export interface DesiredTap {
  upn: string;
  spec: TemporaryAccessPassSpec;
  /** Config path of the pass, e.g. `users[2].temporaryAccessPass`, for diagnostics. */
  path: string;
}

/** A declared user that already exists: its pass, if it was ever issued, is not managed any more. */
export interface LiveTap {
  upn: string;
  userId: string;
}

/** `id` and `state` of the tenant's TemporaryAccessPass method configuration, the part planning needs. */
export interface TapPolicy {
  state: string;
  defaultLifetimeInMinutes?: number;
  minimumLifetimeInMinutes?: number;
  maximumLifetimeInMinutes?: number;
  isUsableOnce?: boolean;
}

export const tapAddress = (upn: string): string => `tap:${upn.toLowerCase()}`;

export const addressOf = (o: DesiredTap | LiveTap): string => tapAddress(o.upn);

const issuable = (u: UserSpec): boolean => u.temporaryAccessPass !== undefined && u.ensure !== 'absent' && !u.external;

export function selectTaps(config: TenantConfig): DesiredTap[] {
  return (config.users ?? []).flatMap((u, i) =>
    issuable(u) ? [{ upn: u.userPrincipalName.toLowerCase(), spec: u.temporaryAccessPass!, path: `users[${i}].temporaryAccessPass` }] : [],
  );
}

/** The read covers every declared pass: each one's user is read, so an existing user means the pass is settled. */
export function coversTap(address: string, config: TenantConfig): boolean {
  return selectTaps(config).some((d) => tapAddress(d.upn) === address);
}
