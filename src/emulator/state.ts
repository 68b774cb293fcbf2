// The emulator's in-memory model of every tenant. Graph-visible properties live in `props` exactly as served;
// relationships and bookkeeping sit beside them. Other services (Exchange, ARM, Partner Center) keep their
// objects in the per-tenant `exchange`/`azure` slots and the emulator-wide `partner` slot, or in `ext`.
import type { Clock } from './clock.js';
import type {
  SeedContact, SeedCustomer, SeedMailUser, SeedDistributionGroup, SeedGdapRelationship, SeedMailbox, SeedSku, SeedSubscription,
} from './seed.js';

export interface AssignedLicense { skuId: string; disabledPlans: string[] }

export interface DirObject {
  id: string;
  kind: 'user' | 'group';
  props: Record<string, unknown>;
  /** Direct license assignments (users) or group-based ones (groups). */
  licenses: AssignedLicense[];
  createdMs: number;
  /** Tenant change counter at the last change; drives delta queries. */
  version: number;
}

export interface UserObject extends DirObject {
  kind: 'user';
  managerId?: string;
  mailboxSettings?: Record<string, unknown>;
  hasMailbox?: boolean;
  /** Groups the user was a member or owner of when it was soft-deleted; restore puts it back. */
  deletedLinks?: { members: string[]; owners: string[] };
}

export interface MemberChange { version: number; id: string; removed: boolean }

export interface GroupObject extends DirObject {
  kind: 'group';
  members: Set<string>;
  owners: Set<string>;
  memberLog: MemberChange[];
}

export interface RoleAssignment { id: string; roleDefinitionId: string; principalId: string; directoryScopeId: string; createdMs: number }

export interface AuditEntry {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: Record<string, unknown>;
  targetResources: Record<string, unknown>[];
  additionalDetails: { key: string; value: string }[];
}

export interface Tombstone { id: string; kind: 'user' | 'group'; version: number; reason: 'changed' | 'deleted' }

export interface TenantState {
  tenantId: string;
  displayName: string;
  domains: string[];
  countryLetterCode: string;
  createdMs: number;
  skus: SeedSku[];
  users: Map<string, UserObject>;
  upnIndex: Map<string, string>;
  groups: Map<string, GroupObject>;
  deletedUsers: Map<string, UserObject>;
  deletedGroups: Map<string, GroupObject>;
  roleAssignments: Map<string, RoleAssignment>;
  audit: AuditEntry[];
  tombstones: Tombstone[];
  version: number;
  apps: { clientId: string; displayName?: string; clientSecret?: string; clientSecretExpires?: string; roles?: string[]; certificates?: string[] }[];
  exchange: { mailboxes: SeedMailbox[]; contacts: SeedContact[]; distributionGroups: SeedDistributionGroup[]; mailUsers?: SeedMailUser[] };
  azure: { subscriptions: SeedSubscription[]; adminLink?: { partnerId: string; partnerName?: string; objectId?: string } };
  /** Free-form, persisted state owned by service modules added later. */
  ext: Record<string, unknown>;
}

export interface PartnerState {
  tenantId: string;
  mpnId?: string;
  gdapRelationships: SeedGdapRelationship[];
  customers: SeedCustomer[];
  /** Refresh tokens of partner users (Secure Application Model); redeeming one adds its successor. */
  refreshTokens?: RefreshTokenState[];
}

export interface RefreshTokenState { token: string; userId: string; clientId: string; expiresMs: number }

export interface EmulatorState {
  tenants: Map<string, TenantState>;
  partner?: PartnerState;
  /** HMAC key of issued tokens; persisted so a token survives a restart on the same state file. */
  signingKey: string;
  /** The emulator's time (never persisted): real by default, a test's ManualClock, or moved by /_emulator/clock. */
  clock: Clock;
}

export function newTenant(tenantId: string, displayName: string, domains: string[], createdMs: number): TenantState {
  return {
    tenantId: tenantId.toLowerCase(), displayName, domains, countryLetterCode: 'US', createdMs, skus: [],
    users: new Map(), upnIndex: new Map(), groups: new Map(), deletedUsers: new Map(), deletedGroups: new Map(),
    roleAssignments: new Map(), audit: [], tombstones: [], version: 1, apps: [],
    exchange: { mailboxes: [], contacts: [], distributionGroups: [] }, azure: { subscriptions: [] }, ext: {},
  };
}

export function getTenant(state: EmulatorState, tenantId: string): TenantState | undefined {
  return state.tenants.get(tenantId.toLowerCase());
}

/** Bumps the tenant change counter and stamps the object with it. */
export function touch(tenant: TenantState, obj: DirObject): void {
  tenant.version += 1;
  obj.version = tenant.version;
}

export function initialDomain(tenant: TenantState): string {
  return tenant.domains.find((d) => d.toLowerCase().endsWith('.onmicrosoft.com')) ?? tenant.domains[0] ?? '';
}

/** Users in insertion order; cached so that paging is O(page) and rebuilt only after a removal. */
const userListCache = new WeakMap<TenantState, { size: number; list: UserObject[] }>();

export function userList(tenant: TenantState): UserObject[] {
  const cached = userListCache.get(tenant);
  if (cached && cached.size === tenant.users.size) return cached.list;
  const list = [...tenant.users.values()];
  userListCache.set(tenant, { size: tenant.users.size, list });
  return list;
}

export function addUser(tenant: TenantState, user: UserObject): void {
  tenant.users.set(user.id, user);
  tenant.upnIndex.set(String(user.props.userPrincipalName).toLowerCase(), user.id);
  const cached = userListCache.get(tenant);
  if (cached && cached.size === tenant.users.size - 1) {
    cached.list.push(user);
    cached.size = tenant.users.size;
  }
}

export function removeUser(tenant: TenantState, id: string): UserObject | undefined {
  const user = tenant.users.get(id);
  if (!user) return undefined;
  tenant.users.delete(id);
  tenant.upnIndex.delete(String(user.props.userPrincipalName).toLowerCase());
  userListCache.delete(tenant);
  return user;
}

export function renameUser(tenant: TenantState, user: UserObject, newUpn: string): void {
  tenant.upnIndex.delete(String(user.props.userPrincipalName).toLowerCase());
  user.props.userPrincipalName = newUpn;
  tenant.upnIndex.set(newUpn.toLowerCase(), user.id);
}
