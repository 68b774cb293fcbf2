// What tenantform needs granted, so that a partner can give it least privilege. Derived from the kinds themselves
// (`Kind.permissions`), so a kind's code and its grants live side by side and cannot drift apart here.
import type { TenantConfig } from '../config/model.js';
import { pruneFlag, type Grants, type Kind } from './contract.js';
import { kinds as registry } from './index.js';

/** Every tenant is checked against its tenant id through the organization object before anything else. */
export const BASELINE: Grants = { graph: ['Organization.Read.All'], gdapRoles: ['Directory Readers'] };

/**
 * Every plan and drift also reads the inventory of undeclared objects: directory role assignments, and users and
 * groups counted (plan) or listed (drift). Without these grants that part of the inventory is unknown.
 */
export const INVENTORY: Grants = { graph: ['Group.Read.All', 'RoleManagement.Read.Directory', 'User.Read.All'], gdapRoles: ['Directory Readers'] };

/**
 * Grants that include narrower ones, as Microsoft lists them: wherever the narrower one suffices the broader one is
 * accepted too (ReadWrite over Read, Group over GroupMember, User Access Administrator's `*\/read` over Reader).
 * Used to drop what another listed grant already covers; the emulator's route tables honour the same order.
 */
export const IMPLIES: Record<string, string[]> = {
  // invitation-post-permissions.md lists User.ReadWrite.All as the higher privilege of User.Invite.All.
  'User.ReadWrite.All': ['User.Read.All', 'User.Invite.All'],
  'Group.ReadWrite.All': ['Group.Read.All', 'GroupMember.ReadWrite.All', 'Group.Create'],
  'Group.Read.All': ['GroupMember.Read.All'],
  'GroupMember.ReadWrite.All': ['GroupMember.Read.All'],
  'RoleManagement.ReadWrite.Directory': ['RoleManagement.Read.Directory'],
  'MailboxSettings.ReadWrite': ['MailboxSettings.Read'],
  'Organization.ReadWrite.All': ['Organization.Read.All'],
  'LicenseAssignment.ReadWrite.All': ['LicenseAssignment.Read.All'],
  'Application.ReadWrite.All': ['Application.Read.All'],
  'DelegatedAdminRelationship.ReadWrite.All': ['DelegatedAdminRelationship.Read.All'],
  // The Teams pages list each ReadWrite beside its Read (team-get.md, channel-list.md, channel-list-members.md).
  'TeamSettings.ReadWrite.All': ['TeamSettings.Read.All'],
  'ChannelSettings.ReadWrite.All': ['ChannelSettings.Read.All', 'Channel.ReadBasic.All'],
  'ChannelMember.ReadWrite.All': ['ChannelMember.Read.All'],
  'SharePointTenantSettings.ReadWrite.All': ['SharePointTenantSettings.Read.All'],
  'User Access Administrator': ['Reader'],
  Owner: ['Reader', 'User Access Administrator'],
};

/** Every grant that `grant` includes, itself excluded (transitively). */
export function impliedBy(grant: string): Set<string> {
  const out = new Set<string>();
  const visit = (g: string): void => {
    for (const n of IMPLIES[g] ?? []) if (!out.has(n)) { out.add(n); visit(n); }
  };
  visit(grant);
  return out;
}

const SERVICES = ['graph', 'exchange', 'sharepoint', 'arm', 'partnerCenter', 'partnerGraph', 'gdapRoles'] as const;
export type Service = (typeof SERVICES)[number];
export type GrantList = Required<Grants>;

/** A grant no kind needs, which a command uses when it is there and does without ("unknown") when it is not. */
export interface OptionalGrant { service: Service; grant: string; for: string }

/**
 * Optional grants, listed whatever is declared so a partner can choose them knowingly: drift's "who changed it"
 * reads the directory audit log (directoryaudit-list.md: AuditLog.Read.All, and an Entra ID P1 or P2 licence), and
 * `doctor` reads the partner's Partner Center customer record and its GDAP relationships.
 */
export const OPTIONAL: readonly OptionalGrant[] = [
  { service: 'graph', grant: 'AuditLog.Read.All', for: 'drift: who changed a drifted object, from the directory audit log (needs Entra ID P1 or P2)' },
  { service: 'partnerCenter', grant: 'user_impersonation', for: 'doctor and customers: the Partner Center customer record' },
  { service: 'partnerGraph', grant: 'DelegatedAdminRelationship.Read.All', for: 'doctor: the GDAP relationships, their roles and expiry' },
];

/**
 * `plan` covers plan, drift and export (reads); `apply` is everything apply needs (it re-reads what it changes);
 * `optional` what some commands use when granted, minus what `apply` already holds.
 */
export interface Needs { kinds: string[]; plan: GrantList; apply: GrantList; optional: OptionalGrant[] }

/** The kinds a tenant's YAML declares (or prunes): exactly those the engine reads. */
export function declaredKinds(config: TenantConfig, kinds: Kind[] = registry): Kind[] {
  return kinds.filter((k) => k.select(config).length > 0 || pruneFlag(config, k));
}

/** Union per service, minus grants that another listed grant includes; roles are kept as listed. */
function total(grants: Grants[]): GrantList {
  const out = {} as GrantList;
  for (const service of SERVICES) {
    const all = new Set(grants.flatMap((g) => g[service] ?? []));
    const covered = service === 'gdapRoles' ? new Set<string>() : new Set([...all].flatMap((g) => [...impliedBy(g)]));
    out[service] = [...all].filter((g) => !covered.has(g)).sort();
  }
  return out;
}

export function permissionsFor(configs: TenantConfig[], kinds: Kind[] = registry): Needs {
  const used = new Map<string, Kind>();
  for (const config of configs) for (const k of declaredKinds(config, kinds)) used.set(k.kind, k);
  const list = [...used.values()];
  const pruning = configs.flatMap((c) => declaredKinds(c, kinds).filter((k) => pruneFlag(c, k) && k.permissions.prune));
  const reads = [BASELINE, INVENTORY, ...list.map((k) => k.permissions.read), ...pruning.map((k) => k.permissions.prune!)];
  const apply = total([...reads, ...list.map((k) => k.permissions.write)]);
  const held = (o: OptionalGrant): boolean => apply[o.service].some((g) => g === o.grant || impliedBy(g).has(o.grant));
  return { kinds: [...used.keys()].sort(), plan: total(reads), apply, optional: OPTIONAL.filter((o) => !held(o)) };
}

/** Everything tenantform needs to manage every kind: what the demo seed and the test seeds grant its app. */
export function allGrants(kinds: Kind[] = registry): GrantList {
  return total([BASELINE, ...kinds.flatMap((k) => [k.permissions.read, k.permissions.write, k.permissions.prune ?? {}])]);
}
