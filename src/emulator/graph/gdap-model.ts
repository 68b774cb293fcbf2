// GDAP relationships as the emulator keeps them (in `state.partner.gdapRelationships`, persisted with the partner):
// the seed's shape plus bookkeeping (etags, requests, timestamps), normalised on first use: role names become
// role template ids, access-assignment group names become the partner tenant's group ids.
import { randomUUID } from 'node:crypto';
import { ApiError } from '../router.js';
import type { SeedGdapRelationship } from '../seed.js';
import { getTenant, type EmulatorState, type PartnerState, type TenantState } from '../state.js';
import { findRole } from './roles.js';

export interface GdapAssignment {
  id: string; group: string; roles: string[]; status?: string; etag?: number; createdDateTime?: string; lastModifiedDateTime?: string;
}

export interface GdapRelationship extends Omit<SeedGdapRelationship, 'accessAssignments'> {
  id: string;
  status: string;
  duration: string;
  etag: number;
  createdDateTime: string;
  lastModifiedDateTime: string;
  accessAssignments: GdapAssignment[];
  requests: { id: string; action: string; status: string; createdDateTime: string; lastModifiedDateTime: string }[];
  normalised: true;
}

/** Days of an ISO 8601 duration of days, months or years (P730D, P2Y, P1Y6M). */
export function durationDays(d: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(d);
  if (!m || d === 'P') return undefined;
  return Number(m[1] ?? 0) * 365 + Number(m[2] ?? 0) * 30 + Number(m[3] ?? 0);
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

export function roleIds(roles: string[]): string[] {
  return roles.map((r) => {
    const role = findRole(r);
    if (!role) throw new ApiError(400, 'Request_BadRequest', `The role definition '${r}' is not a valid Microsoft Entra built-in role.`);
    return role.id;
  });
}

function groupId(partnerTenant: TenantState | undefined, ref: string): string {
  if (!partnerTenant) return ref;
  if (partnerTenant.groups.has(ref.toLowerCase())) return ref.toLowerCase();
  for (const g of partnerTenant.groups.values()) if (String(g.props.displayName).toLowerCase() === ref.toLowerCase()) return g.id;
  return ref;
}

export function partnerState(state: EmulatorState): PartnerState {
  if (!state.partner) throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation: the tenant is not a partner.');
  return state.partner;
}

/** The partner's relationships, normalised in place (idempotent) and with expiry and auto-extension applied. */
export function relationships(state: EmulatorState, now = state.clock.now()): GdapRelationship[] {
  const partner = partnerState(state);
  const partnerTenant = getTenant(state, partner.tenantId);
  for (const raw of partner.gdapRelationships as (SeedGdapRelationship & Partial<GdapRelationship>)[]) {
    if (!raw.normalised) normalise(raw, partnerTenant, new Date(now).toISOString());
    const r = raw as GdapRelationship;
    if (r.status === 'active' && r.endDateTime && Date.parse(r.endDateTime) <= now) {
      if (r.autoExtendDuration === 'P180D') r.endDateTime = addDays(r.endDateTime, 180);
      else r.status = 'expired';
    }
  }
  return partner.gdapRelationships as GdapRelationship[];
}

function normalise(raw: SeedGdapRelationship & Partial<GdapRelationship>, partnerTenant: TenantState | undefined, nowIso: string): void {
  const created = raw.createdDateTime ?? nowIso;
  raw.id ??= randomUUID();
  raw.status ??= 'active';
  raw.duration ??= 'P730D';
  raw.roles = roleIds(raw.roles);
  raw.createdDateTime = created;
  raw.lastModifiedDateTime ??= created;
  raw.etag ??= 1;
  raw.requests ??= [];
  if (raw.status === 'active') {
    raw.activatedDateTime ??= created;
    raw.endDateTime ??= addDays(raw.activatedDateTime, durationDays(raw.duration) ?? 730);
  }
  raw.accessAssignments = (raw.accessAssignments ?? []).map((a) => ({
    id: a.id ?? randomUUID(), group: groupId(partnerTenant, a.group), roles: roleIds(a.roles), status: a.status ?? 'active',
    etag: 1, createdDateTime: created, lastModifiedDateTime: created,
  }));
  raw.normalised = true;
}

/** What the customer's admin does when they accept the invitation link. */
export function approveGdapRelationship(state: EmulatorState, id: string, now = new Date(state.clock.now())): GdapRelationship {
  const r = relationships(state, now.getTime()).find((x) => x.id === id);
  if (!r) throw new Error(`no GDAP relationship ${id}`);
  if (r.status !== 'approvalPending') throw new Error(`GDAP relationship ${id} is ${r.status}, not approvalPending`);
  r.status = 'active';
  r.activatedDateTime = now.toISOString();
  r.endDateTime = addDays(r.activatedDateTime, durationDays(r.duration) ?? 730);
  r.lastModifiedDateTime = now.toISOString();
  r.etag += 1;
  return r;
}

export const etagOf = (n: number, id: string): string => `W/"${Buffer.from(`${id}:${n}`).toString('base64')}"`;
