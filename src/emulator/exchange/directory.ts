// The emulator's Graph and Exchange halves as one directory, as Entra and Exchange Online are one to their clients:
// a user licensed for Exchange gets a mailbox after the provisioning delay; shared and resource mailboxes are
// (sign-in disabled) users; distribution lists and mail-enabled security groups are groups in Graph, which Graph
// lists but refuses to change. Both halves call `directorySync` before they read.
import { deleteGroup } from '../graph/group-delete.js';
import { isExchangeGroup, securityIdentifier } from '../graph/directory-objects.js';
import { touch, type GroupObject, type TenantState, type UserObject } from '../state.js';
import { exchangeOf, syncDirectory, type ExchangeModel, type ExoGroup } from './model.js';
import { markUnlicensed } from './unlicensed.js';

/** How long Exchange takes to create the mailbox of a user licensed live, unless the Exchange module says otherwise. */
export const DEFAULT_PROVISIONING_DELAY_MS = 2000;

/** Brings the tenant's mailboxes and Exchange groups in step with the directory; cheap when nothing changed. */
export function directorySync(tenant: TenantState, now: number): ExchangeModel {
  const model = exchangeOf(tenant);
  syncDirectory(tenant, model, model.provisioningDelayMs ?? DEFAULT_PROVISIONING_DELAY_MS, now);
  if (model.mirroredVersion === undefined) mirrorGroups(tenant, model, now);
  return model;
}

/** Graph took a user's last Exchange license: its user mailbox is removed after the grace period (unlicensed.ts). */
export function markUnlicensedUser(tenant: TenantState, user: UserObject, now: number): void {
  markUnlicensed(exchangeOf(tenant), user, now);
}

/** Graph licensed a user: the provisioning clock starts now, the mailbox comes later. */
export function markLicensed(tenant: TenantState, user: UserObject, now: number): void {
  if (user.hasMailbox) return;
  const model = exchangeOf(tenant);
  model.pending[user.id] ??= now;
}

function groupPropsOf(g: ExoGroup, existing: GroupObject | undefined, now: number): Record<string, unknown> {
  const created = existing?.props.createdDateTime ?? new Date(now).toISOString();
  return {
    classification: null, createdDateTime: created, deletedDateTime: null, description: existing?.props.description ?? null,
    displayName: g.displayName, expirationDateTime: null, groupTypes: [], isAssignableToRole: null, mail: g.primary,
    mailEnabled: true, mailNickname: g.alias, membershipRule: null, membershipRuleProcessingState: null,
    onPremisesSyncEnabled: null, preferredDataLocation: null, preferredLanguage: null,
    proxyAddresses: [`SMTP:${g.primary}`, ...g.aliases.map((a) => `smtp:${a}`)], renewedDateTime: created,
    resourceBehaviorOptions: [], resourceProvisioningOptions: [], securityEnabled: g.security,
    securityIdentifier: securityIdentifier(g.guid), theme: null, visibility: null,
  };
}

const sameSet = (a: Set<string>, b: Set<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x));

/**
 * Graph's view of every Exchange group, members and ManagedBy (as owners) included: created, updated (only when
 * something differs) and removed with it.
 */
export function mirrorGroups(tenant: TenantState, model: ExchangeModel, now: number): void {
  const userIds = new Map(model.mailboxes.map((m) => [m.guid, m.userId]));
  const graphIds = new Map([...userIds, ...model.groups.map((g) => [g.guid, g.guid] as const)]);
  const live = new Set<string>();
  for (const g of model.groups) {
    live.add(g.guid);
    const existing = tenant.groups.get(g.guid);
    const props = groupPropsOf(g, existing, now);
    const members = new Set(g.members.flatMap((m) => graphIds.get(m) ?? []));
    // Graph lets only users own a group, so a managing group stays Exchange's alone.
    const owners = new Set(g.managedBy.flatMap((m) => userIds.get(m) ?? []));
    // Groups there from the start (the seed) were always in the directory; later ones replicate like any new object.
    const group: GroupObject = existing ?? {
      id: g.guid, kind: 'group', createdMs: model.mirroredVersion === undefined ? 0 : now, version: 0, members: new Set(), owners: new Set(), memberLog: [], licenses: [], props,
    };
    const same = existing && JSON.stringify(existing.props) === JSON.stringify(props)
      && sameSet(existing.members, members) && sameSet(existing.owners, owners);
    if (same) continue;
    group.props = props;
    touch(tenant, group);
    for (const m of members) if (!group.members.has(m)) group.memberLog.push({ version: group.version, id: m, removed: false });
    for (const m of group.members) if (!members.has(m)) group.memberLog.push({ version: group.version, id: m, removed: true });
    group.members = members;
    group.owners = owners;
    tenant.groups.set(g.guid, group);
  }
  for (const obj of [...tenant.groups.values()]) if (isExchangeGroup(obj) && !live.has(obj.id)) deleteGroup(tenant, obj, now);
  model.mirroredVersion = tenant.version;
}
