// The session-revocation kind's shapes. Address: `revokeSessions:<userPrincipalName lower-cased>`. Revoking is an
// action, made idempotent by the state Graph keeps: `signInSessionsValidFromDateTime` (Graph v1.0 user; reset to the
// time of the call by revokeSignInSessions). A leaver whose sessions are valid from before the day it left (its
// `lifecycle.since`) has them revoked; once revoked, they are valid from after it, and nothing is planned again. An
// account enabled again out of band may have opened sessions since: it is disabled and they are revoked once more.
import type { TenantConfig, UserSpec } from '../../config/model.js';

export interface DesiredRevocation {
  upn: string;
  /** `lifecycle.since`: a date, UTC. */
  since: string;
  /** Config path of the lifecycle, e.g. `users[2].lifecycle`, for diagnostics. */
  path: string;
  spec: UserSpec;
}

export interface LiveSessions {
  upn: string;
  userId: string;
  /** ISO date-time; null when Graph reports none. */
  validFrom: string | null;
  /** Sign-in allowed now (accountEnabled): whatever sessions it opened since are not yet revoked. */
  enabled: boolean;
}

export const revocationAddress = (upn: string): string => `revokeSessions:${upn.toLowerCase()}`;

export const addressOf = (o: DesiredRevocation | LiveSessions): string => revocationAddress(o.upn);

const revocable = (u: UserSpec): boolean =>
  u.lifecycle?.state === 'leaver' && u.lifecycle.since !== undefined && u.ensure !== 'absent' && !u.external;

export function selectRevocations(config: TenantConfig): DesiredRevocation[] {
  return (config.users ?? []).flatMap((u, i) =>
    revocable(u) ? [{ upn: u.userPrincipalName.toLowerCase(), since: u.lifecycle!.since!, path: `users[${i}].lifecycle`, spec: u }] : [],
  );
}

/** The read covers every declared revocation: each leaver's user is read, and its sessions' validity with it. */
export function coversRevocation(address: string, config: TenantConfig): boolean {
  return selectRevocations(config).some((d) => revocationAddress(d.upn) === address);
}
