// The scale scenarios' data: the desired state of each tenant (a TenantConfig built in code, as the loader would hand
// it over) and the emulator seed of its live state, equal to the desired state except for 1% drift in every area.
import type { LoadedTenant, TenantConfig } from '../../config/model.js';
import type { SeedDocument, SeedTenant } from '../../emulator/seed.js';

export interface Sizes {
  tenants: number;
  users: number;
  groups: number;
  membersPerGroup: number;
  mailboxes: number;
}

/** Every 100th object of each area differs live: 1% drift. */
export const DRIFT_EVERY = 100;
const drifted = (i: number): boolean => i % DRIFT_EVERY === 0;

export const tenantIdOf = (t: number): string => `7a000000-0000-4000-8000-${String(t).padStart(12, '0')}`;
export const tenantNameOf = (t: number): string => `t${String(t).padStart(4, '0')}`;
const domainOf = (t: number): string => `${tenantNameOf(t)}.example`;
const upn = (t: number, i: number): string => `u${i}@${domainOf(t)}`;
const mailbox = (t: number, m: number): string => `mb${m}@${domainOf(t)}`;

/** The members of group g: a sliding window over the users, so every user is in about the same number of groups. */
export function membersOf(s: Sizes, g: number): number[] {
  return Array.from({ length: Math.min(s.membersPerGroup, s.users) }, (_, k) => (g * s.membersPerGroup + k) % s.users);
}

/** Membership number k of group g is missing live when its global index is a multiple of 100. */
const memberDrifted = (s: Sizes, g: number, k: number): boolean => drifted(g * s.membersPerGroup + k);

export const SKU = { skuId: 'c7df2760-2c81-4ef7-b578-5b5392b571df', skuPartNumber: 'SPE_E3' };

export function desiredConfig(s: Sizes, t: number): TenantConfig {
  return {
    tenant: { name: tenantNameOf(t), tenantId: tenantIdOf(t), domains: [domainOf(t)] },
    users: Array.from({ length: s.users }, (_, i) => ({
      userPrincipalName: upn(t, i), displayName: `User ${i}`, jobTitle: 'Clerk', department: `D${i % 20}`,
      usageLocation: 'SE', accountEnabled: true, licenses: [{ sku: SKU.skuPartNumber }],
    })),
    groups: Array.from({ length: s.groups }, (_, g) => ({
      mailNickname: `g${g}`, displayName: `Group ${g}`, description: 'Team', type: 'security' as const,
      members: membersOf(s, g).map((i) => upn(t, i)),
    })),
    ...(s.mailboxes > 0
      ? { mailboxes: Array.from({ length: s.mailboxes }, (_, m) => ({ address: mailbox(t, m), type: 'shared' as const, displayName: `Mailbox ${m}`, hiddenFromAddressLists: false })) }
      : {}),
  };
}

export function loadedTenant(s: Sizes, t: number): LoadedTenant {
  return { name: tenantNameOf(t), dir: `tenants/${tenantNameOf(t)}`, config: desiredConfig(s, t), files: [], locate: () => undefined, diagnostics: [] };
}

function seedTenant(s: Sizes, t: number): SeedTenant {
  return {
    tenantId: tenantIdOf(t), displayName: tenantNameOf(t), domains: [domainOf(t)],
    skus: [{ ...SKU, seats: s.users + 100, servicePlans: [{ servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' }] }],
    users: Array.from({ length: s.users }, (_, i) => ({
      userPrincipalName: upn(t, i), displayName: `User ${i}`, jobTitle: drifted(i) ? 'Intern' : 'Clerk', department: `D${i % 20}`,
      usageLocation: 'SE', accountEnabled: true, licenses: [{ sku: SKU.skuPartNumber }],
    })),
    groups: Array.from({ length: s.groups }, (_, g) => ({
      displayName: `Group ${g}`, mailNickname: `g${g}`, description: drifted(g) ? 'Old team' : 'Team', type: 'security' as const,
      members: membersOf(s, g).filter((_, k) => !memberDrifted(s, g, k)).map((i) => upn(t, i)),
    })),
    mailboxes: Array.from({ length: s.mailboxes }, (_, m) => ({ address: mailbox(t, m), type: 'shared' as const, displayName: `Mailbox ${m}`, hiddenFromAddressLists: drifted(m) })),
  };
}

export function seedFor(s: Sizes): SeedDocument {
  return { tenants: Array.from({ length: s.tenants }, (_, t) => seedTenant(s, t)) };
}

/** What the drift amounts to per tenant: the changes a plan must find. */
export function driftOf(s: Sizes): { users: number; groups: number; membershipGroups: number; members: number; mailboxes: number } {
  const count = (n: number): number => Math.ceil(n / DRIFT_EVERY);
  let membershipGroups = 0;
  let members = 0;
  for (let g = 0; g < s.groups; g++) {
    const missing = membersOf(s, g).filter((_, k) => memberDrifted(s, g, k)).length;
    members += missing;
    if (missing > 0) membershipGroups++;
  }
  return { users: count(s.users), groups: count(s.groups), membershipGroups, members, mailboxes: count(s.mailboxes) };
}
