// Builds the emulator state from a validated seed document.
import { randomBytes, randomUUID } from 'node:crypto';
import type { SeedDocument, SeedGroup, SeedLicense, SeedTenant, SeedUser } from './seed.js';
import {
  addUser, newTenant, type AssignedLicense, type EmulatorState, type GroupObject, type TenantState, type UserObject,
} from './state.js';
import { findRole } from './graph/roles.js';
import { Clock } from './clock.js';
import { addServicePrincipal, servicePrincipals } from './graph/service-principals.js';
import { seedAuthMethodsPolicy } from './graph/auth-methods.js';
import { seedSecurityDefaults } from './graph/conditional-access.js';
import { seedRefreshTokens } from './refresh-grant.js';
import { seedTeam } from './graph/teams-model.js';

export function stateFromSeed(seed: SeedDocument, clock = new Clock()): EmulatorState {
  const state: EmulatorState = { tenants: new Map(), signingKey: randomBytes(32).toString('base64url'), clock };
  const seededMs = clock.now();
  for (const t of seed.tenants) state.tenants.set(t.tenantId.toLowerCase(), buildTenant(t, seededMs));
  if (seed.partner) {
    const p = seed.partner;
    const tenant = buildTenant({
      tenantId: p.tenantId, displayName: p.displayName, domains: p.domains, skus: p.skus ?? [], users: p.users,
      groups: p.groups, apps: p.apps,
    }, seededMs);
    state.tenants.set(tenant.tenantId, tenant);
    state.partner = {
      tenantId: tenant.tenantId, mpnId: p.mpnId, gdapRelationships: structuredClone(p.gdapRelationships ?? []),
      customers: structuredClone(p.customers ?? seed.tenants.map((t) => ({ tenantId: t.tenantId }))),
      refreshTokens: seedRefreshTokens(tenant, p.refreshTokens ?? [], seededMs),
    };
  }
  return state;
}

function buildTenant(seed: SeedTenant, seededMs: number): TenantState {
  const tenant = newTenant(seed.tenantId, seed.displayName, seed.domains, seededMs);
  tenant.countryLetterCode = seed.countryLetterCode ?? 'US';
  tenant.skus = structuredClone(seed.skus);
  tenant.apps = structuredClone(seed.apps ?? []);
  // Registering an app in a tenant also creates its service principal there, holding the roles granted to it.
  for (const app of tenant.apps) addServicePrincipal(tenant, { appId: app.clientId, displayName: app.displayName, roles: app.roles ?? [] });
  for (const sp of seed.servicePrincipals ?? []) addServicePrincipal(tenant, { ...sp, roles: sp.roles ?? [] });
  seedAuthMethodsPolicy(tenant, seed.authenticationMethodsPolicy);
  seedSecurityDefaults(tenant, seed.securityDefaults);
  const mailboxAddresses = new Set((seed.mailboxes ?? []).map((m) => m.address.toLowerCase()));
  for (const u of seed.users ?? []) {
    const user = seedUser(tenant, u);
    user.hasMailbox = mailboxAddresses.has(u.userPrincipalName.toLowerCase()) || hasExchangePlan(tenant, user.licenses);
    if (user.hasMailbox && user.props.mail == null) user.props.mail = u.userPrincipalName;
    addUser(tenant, user);
  }
  for (const u of seed.users ?? []) {
    if (!u.manager) continue;
    const managerId = tenant.upnIndex.get(u.manager.toLowerCase());
    if (!managerId) throw new Error(`tenant ${seed.tenantId}: manager ${u.manager} of ${u.userPrincipalName} is not a user`);
    const user = tenant.users.get(tenant.upnIndex.get(u.userPrincipalName.toLowerCase()) ?? '');
    if (user) user.managerId = managerId;
  }
  for (const u of seed.deletedUsers ?? []) {
    const user = seedUser(tenant, u);
    user.props.deletedDateTime = u.deletedDateTime ?? new Date(tenant.createdMs).toISOString();
    tenant.deletedUsers.set(user.id, user);
  }
  for (const g of seed.groups ?? []) {
    const group = seedGroup(tenant, g);
    tenant.groups.set(group.id, group);
  }
  for (const g of seed.groups ?? []) wireGroup(tenant, g);
  if (seed.customRoles?.length) tenant.ext.customRoles = seed.customRoles.map((r) => ({ ...r, id: r.id.toLowerCase() }));
  for (const a of seed.directoryRoleAssignments ?? []) {
    const role = findRole(a.role);
    if (!role) throw new Error(`tenant ${seed.tenantId}: unknown directory role '${a.role}'`);
    const principalId = resolvePrincipal(tenant, a.principal);
    const id = a.id ?? randomUUID();
    tenant.roleAssignments.set(id, { id, roleDefinitionId: role.id, principalId, directoryScopeId: a.directoryScopeId ?? '/', createdMs: 0 });
  }
  tenant.exchange = {
    mailboxes: structuredClone(seed.mailboxes ?? []), contacts: structuredClone(seed.contacts ?? []),
    distributionGroups: structuredClone(seed.distributionGroups ?? []), mailUsers: structuredClone(seed.mailUsers ?? []),
  };
  tenant.azure = { subscriptions: structuredClone(seed.subscriptions ?? []), adminLink: seed.adminLink && { ...seed.adminLink } };
  return tenant;
}

export function resolveLicenses(tenant: TenantState, licenses: SeedLicense[] | undefined, owner: string): AssignedLicense[] {
  return (licenses ?? []).map((l) => {
    const key = l.sku.toLowerCase();
    const sku = tenant.skus.find((s) => s.skuId === key || s.skuPartNumber.toLowerCase() === key);
    if (!sku) throw new Error(`tenant ${tenant.tenantId}: ${owner} has unknown sku '${l.sku}'`);
    const disabledPlans = (l.disabledPlans ?? []).map((p) => {
      const plan = sku.servicePlans.find((sp) => sp.servicePlanId === p.toLowerCase() || sp.servicePlanName === p);
      if (!plan) throw new Error(`tenant ${tenant.tenantId}: ${owner}: sku ${sku.skuPartNumber} has no service plan '${p}'`);
      return plan.servicePlanId;
    });
    return { skuId: sku.skuId, disabledPlans };
  });
}

export function hasExchangePlan(tenant: TenantState, licenses: AssignedLicense[]): boolean {
  return licenses.some((l) => {
    const sku = tenant.skus.find((s) => s.skuId === l.skuId);
    return (sku?.servicePlans ?? []).some((p) => p.servicePlanName.startsWith('EXCHANGE_S') && !l.disabledPlans.includes(p.servicePlanId));
  });
}

function seedUser(tenant: TenantState, u: SeedUser): UserObject {
  const nick = u.mailNickname ?? u.userPrincipalName.split('@')[0] ?? '';
  const created = u.createdDateTime ?? new Date(tenant.createdMs).toISOString();
  return {
    id: u.id ?? randomUUID(), kind: 'user', licenses: resolveLicenses(tenant, u.licenses, u.userPrincipalName),
    createdMs: 0, version: tenant.version, mailboxSettings: u.mailboxSettings && structuredClone(u.mailboxSettings),
    props: {
      businessPhones: u.businessPhones ?? [], displayName: u.displayName ?? nick, givenName: u.givenName ?? null,
      jobTitle: u.jobTitle ?? null, mail: u.mail ?? null, mobilePhone: u.mobilePhone ?? null,
      officeLocation: u.officeLocation ?? null, preferredLanguage: u.preferredLanguage ?? null, surname: u.surname ?? null,
      userPrincipalName: u.userPrincipalName, accountEnabled: u.accountEnabled ?? true, mailNickname: nick,
      department: u.department ?? null, companyName: u.companyName ?? null, city: u.city ?? null,
      country: u.country ?? null, employeeId: u.employeeId ?? null, usageLocation: u.usageLocation ?? null,
      userType: u.userType ?? 'Member', onPremisesSyncEnabled: u.onPremisesSyncEnabled ?? null, createdDateTime: created,
      deletedDateTime: null, passwordPolicies: u.passwordPolicies ?? null,
      // An invited guest (invitations.ts): created by invitation, in its redemption state since it was seeded.
      ...(u.externalUserState ? { creationType: 'Invitation', externalUserState: u.externalUserState, externalUserStateChangeDateTime: created } : {}),
    },
  };
}

function seedGroup(tenant: TenantState, g: SeedGroup): GroupObject {
  const unified = g.type === 'microsoft365';
  const groupTypes = [...(unified ? ['Unified'] : []), ...(g.membershipRule ? ['DynamicMembership'] : [])];
  const nick = g.mailNickname ?? g.displayName.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  return {
    id: g.id ?? randomUUID(), kind: 'group', createdMs: 0, version: tenant.version, members: new Set(), owners: new Set(),
    memberLog: [], licenses: resolveLicenses(tenant, g.licenses, `group ${g.displayName}`),
    props: {
      createdDateTime: g.createdDateTime ?? new Date(tenant.createdMs).toISOString(), deletedDateTime: null,
      description: g.description ?? null, displayName: g.displayName, groupTypes,
      mail: unified ? `${nick}@${tenant.domains[0]}` : null, mailEnabled: unified, mailNickname: nick,
      membershipRule: g.membershipRule ?? null,
      membershipRuleProcessingState: g.membershipRule ? (g.membershipRuleProcessingState ?? 'On') : null,
      securityEnabled: !unified, visibility: g.visibility ?? (unified ? 'Public' : null),
    },
  };
}

function wireGroup(tenant: TenantState, g: SeedGroup): void {
  const group = [...tenant.groups.values()].find((x) => x.props.displayName === g.displayName);
  if (!group) return;
  if (g.membershipRule && (g.members ?? []).length > 0) {
    throw new Error(`tenant ${tenant.tenantId}: dynamic group ${g.displayName} cannot list members`);
  }
  for (const m of g.members ?? []) group.members.add(resolvePrincipal(tenant, m));
  for (const o of g.owners ?? []) group.owners.add(resolvePrincipal(tenant, o));
  if (g.team) seedTeam(tenant, group.id, g.team, g.description ?? null, new Date(tenant.createdMs).toISOString());
}

/** A UPN, `group:<mailNickname|displayName>`, `user:<upn>` or an object id. */
export function resolvePrincipal(tenant: TenantState, ref: string): string {
  const lower = ref.toLowerCase();
  if (lower.startsWith('group:')) {
    const name = lower.slice(6);
    for (const g of tenant.groups.values()) {
      if (String(g.props.mailNickname).toLowerCase() === name || String(g.props.displayName).toLowerCase() === name) return g.id;
    }
    throw new Error(`tenant ${tenant.tenantId}: no group '${ref.slice(6)}'`);
  }
  if (lower.startsWith('serviceprincipal:')) {
    const sp = servicePrincipals(tenant).find((s) => s.appId === lower.slice(17) || s.id === lower.slice(17));
    if (sp) return sp.id;
    throw new Error(`tenant ${tenant.tenantId}: no service principal '${ref.slice(17)}'`);
  }
  const upn = lower.startsWith('user:') ? lower.slice(5) : lower;
  const id = tenant.upnIndex.get(upn);
  if (id) return id;
  if (tenant.users.has(lower) || tenant.groups.has(lower)) return lower;
  throw new Error(`tenant ${tenant.tenantId}: no principal '${ref}'`);
}
