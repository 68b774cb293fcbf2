// What each kind needs granted, so that a partner can give tenantform least privilege: Graph application
// permissions (customer and partner tenant), Exchange, ARM roles, Partner Center access and the GDAP roles the
// relationship must carry. Data per kind; the azure/partner kinds export theirs beside their code.
import type { TenantConfig } from '../config/model.js';
import { permissions as azureRoleAssignment } from './azure-role-assignment/index.js';
import { permissions as gdap } from './gdap/index.js';
import { permissions as adminLink } from './admin-link/index.js';
import { permissions as seats } from './seats/index.js';

export interface KindPermissions {
  graph?: string[];
  exchange?: string[];
  arm?: string[];
  partnerCenter?: string[];
  partnerGraph?: string[];
  /** Entra roles the GDAP relationship (and its access assignment to tenantform's group) must include. */
  gdapRoles?: string[];
}

export const KIND_PERMISSIONS: Record<string, KindPermissions> = {
  user: { graph: ['User.ReadWrite.All'], gdapRoles: ['User Administrator'] },
  license: { graph: ['User.ReadWrite.All', 'Organization.Read.All'], gdapRoles: ['License Administrator'] },
  group: { graph: ['Group.ReadWrite.All'], gdapRoles: ['Groups Administrator'] },
  membership: { graph: ['GroupMember.ReadWrite.All'], gdapRoles: ['Groups Administrator'] },
  directoryRole: { graph: ['RoleManagement.ReadWrite.Directory'], gdapRoles: ['Privileged Role Administrator'] },
  mailbox: { exchange: ['Exchange.ManageAsApp', 'Exchange Administrator role'], gdapRoles: ['Exchange Administrator'] },
  mailboxPermission: { exchange: ['Exchange.ManageAsApp', 'Exchange Administrator role'], gdapRoles: ['Exchange Administrator'] },
  calendarPermission: { exchange: ['Exchange.ManageAsApp', 'Exchange Administrator role'], gdapRoles: ['Exchange Administrator'] },
  distributionGroup: { exchange: ['Exchange.ManageAsApp', 'Exchange Administrator role'], gdapRoles: ['Exchange Administrator'] },
  contact: { exchange: ['Exchange.ManageAsApp', 'Exchange Administrator role'], gdapRoles: ['Exchange Administrator'] },
  azureRoleAssignment: { ...azureRoleAssignment, gdapRoles: ['Directory Readers'] },
  gdap,
  adminLink,
  seats,
};

/** Every tenant is checked against its tenant id through the organization object. */
export const BASELINE: KindPermissions = { graph: ['Organization.Read.All'], gdapRoles: ['Directory Readers'] };

/** The kinds a tenant's YAML declares, by section. */
export function declaredKinds(config: TenantConfig): string[] {
  const out = new Set<string>();
  const users = config.users ?? [];
  if (users.length) out.add('user');
  if (users.some((u) => u.licenses?.length)) out.add('license');
  if (users.some((u) => (u as { roles?: string[] }).roles?.length)) out.add('directoryRole');
  const groups = config.groups ?? [];
  if (groups.length) out.add('group');
  if (groups.some((g) => g.members?.length || g.owners?.length)) out.add('membership');
  if (groups.some((g) => g.licenses?.length)) out.add('license');
  const mailboxes = config.mailboxes ?? [];
  if (mailboxes.length) out.add('mailbox');
  if (mailboxes.some((m) => m.permissions)) out.add('mailboxPermission');
  if (mailboxes.some((m) => m.calendar?.length)) out.add('calendarPermission');
  if (groups.some((g) => g.type === 'distribution' || g.type === 'mailEnabledSecurity')) out.add('distributionGroup');
  if (config.contacts?.length) out.add('contact');
  if (config.azure?.subscriptions?.some((s) => s.roleAssignments?.length)) out.add('azureRoleAssignment');
  if (config.partner?.gdap?.length) out.add('gdap');
  if (config.partner?.adminLink) out.add('adminLink');
  if (config.partner?.seats?.length) out.add('seats');
  return [...out];
}

export type Needs = Required<KindPermissions> & { kinds: string[] };

export function permissionsFor(configs: TenantConfig[]): Needs {
  const kinds = [...new Set(configs.flatMap(declaredKinds))].sort();
  const sets = { graph: new Set<string>(), exchange: new Set<string>(), arm: new Set<string>(), partnerCenter: new Set<string>(), partnerGraph: new Set<string>(), gdapRoles: new Set<string>() };
  for (const p of [BASELINE, ...kinds.map((k) => KIND_PERMISSIONS[k] ?? {})]) {
    for (const key of Object.keys(sets) as (keyof typeof sets)[]) for (const v of p[key] ?? []) sets[key].add(v);
  }
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    kinds, graph: sorted(sets.graph), exchange: sorted(sets.exchange), arm: sorted(sets.arm), partnerCenter: sorted(sets.partnerCenter),
    partnerGraph: sorted(sets.partnerGraph), gdapRoles: sorted(sets.gdapRoles),
  };
}
