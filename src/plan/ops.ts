// What apply sends, computed at plan time by the kind and saved in the plan: one closed union, discriminated by `op`,
// so that apply executes what the reviewed plan holds and decides nothing. A plan is read back from JSON, so
// `opsProblem` checks the shape before anything trusts it; `opsOf` hands a kind its own ops or throws.
// Like types.ts, this module imports nothing: every layer may depend on it.

/** A removal names the live object by natural key and by the id read at plan time. */
export interface Removal { ref: string; id: string }

/** Additions by natural key (resolved to ids at apply, through the apply's ids), removals by id. */
export interface ListOps { add: string[]; remove: Removal[] }

export interface MembershipOps { op: 'membership'; members: ListOps; owners: ListOps }

/** A license as `assignLicense` takes it: SKU and disabled service plans by id, resolved from the catalogue at plan time. */
export interface LicenseGrant { skuId: string; disabledPlans: string[] }

/** One `assignLicense` call, on a user (license kind) or a group (group-based licensing). */
export interface LicenseOps { op: 'licenses'; addLicenses: LicenseGrant[]; removeLicenses: string[] }

export type RoleOps =
  | { op: 'assignRole'; principal: string; roleDefinitionId: string; directoryScopeId: string }
  | { op: 'unassignRole'; assignmentId: string };

export interface FullAccessGrant { trustee: string; autoMapping: boolean }

export interface MailboxPermissionOps {
  op: 'mailboxPermission';
  fullAccess: { add: FullAccessGrant[]; remove: string[] };
  sendAs: { add: string[]; remove: string[] };
  sendOnBehalf: { add: string[]; remove: string[] };
}

export interface CalendarOps {
  op: 'calendar';
  /** Entries to add (a named user not yet on the folder). */
  add: { user: string; access: string }[];
  /** Entries whose access level changes (and Default or Anonymous, which always exist). */
  set: { user: string; access: string }[];
  remove: string[];
}

export interface GdapAccessAdd { groupId: string; roles: string[] }
export interface GdapAccessChange { id: string; etag: string; roles: string[] }

export type GdapOps =
  | { op: 'gdap'; type: 'create'; displayName: string; roles: string[]; duration: string; autoExtendDuration: string }
  | { op: 'gdap'; type: 'lock'; id: string }
  | { op: 'gdap'; type: 'patch'; id: string; etag: string; roles: string[]; duration: string; autoExtendDuration: string }
  | {
    op: 'gdap'; type: 'sync'; id: string; add: GdapAccessAdd[]; change: GdapAccessChange[]; remove: { id: string; etag: string }[];
    autoExtend?: { etag: string; duration: string }; terminate: string[];
  }
  | { op: 'gdap'; type: 'terminate'; terminate: string[]; discard: { id: string; etag: string }[]; pending: string[] };

/**
 * The destructive replace of a group whose type cannot be converted in place, in order: delete the live group, purge
 * it from deleted items, create the declared one (with its group-based licenses, when it has some).
 */
export interface GroupReplaceOps {
  op: 'replaceGroup';
  steps: ('delete' | 'purge' | 'create')[];
  type: string;
  licenses?: LicenseOps;
}

/** One grant of a Partner Center application consent: a resource app and its comma-separated scopes. */
export interface ConsentGrant { enterpriseApplicationId: string; scope: string }

/**
 * A partner app's consent in the customer: remove the consent held (`removeFirst`, the delete of a changed or
 * withdrawn consent), then give it with `grant` when the plan keeps it.
 */
export interface ConsentOps {
  op: 'consent';
  applicationId: string;
  removeFirst: boolean;
  grant?: { displayName?: string; applicationGrants: ConsentGrant[] };
}

/**
 * A tenant policy object written as the plan computed it (a Conditional Access policy, a named location, a settings
 * singleton): the body, references by natural key where apply resolves objects it created, and the live id (absent on
 * a create, and for singletons addressed by a fixed path).
 */
export interface GraphWriteOps { op: 'graphWrite'; body: Record<string, unknown>; id?: string }

/** The removal of a policy object, by the id read at plan time. */
/** The same entries on a mailbox's contacts folder (delegates of the contacts). */
export interface ContactsFolderOps extends Omit<CalendarOps, 'op'> { op: 'contactsFolder' }
export interface GraphDeleteOps { op: 'graphDelete'; id: string }

/**
 * A SharePoint site collection, through the SharePoint REST API: created (SPSiteManager/create's `request`), then its
 * SiteProperties set (by the id read, or the one the creation answered), or deleted (SPSiteManager/delete).
 */
export interface SharePointSiteOps {
  op: 'sharepointSite';
  create?: Record<string, unknown>;
  set: Record<string, unknown>;
  siteId?: string;
  delete?: boolean;
}

/** Exchange cmdlets run in order, each with its parameters (the organization-wide settings). */
export interface CmdletOps { op: 'cmdlets'; calls: { cmdlet: string; params: Record<string, unknown> }[] }

/** A channel to create, private and shared ones with their first owners and members by user principal name. */
export interface TeamChannelCreate { displayName: string; description: string | null; membershipType: string; owners: string[]; members: string[] }

/** The member changes of one existing private or shared channel: users by user principal name, members by id read. */
export interface TeamChannelMembers {
  channel: string;
  channelId: string;
  add: { user: string; owner: boolean }[];
  role: { id: string; user: string; owner: boolean }[];
  remove: { id: string; user: string }[];
}

/**
 * A group's team, in the order apply runs them: create it from the group with its settings, unarchive, update its
 * settings, create, update and delete channels (by the ids read), change channel members, archive. An archived team
 * that takes other changes is unarchived for them and archived again.
 */
export interface TeamOps {
  op: 'team';
  create?: Record<string, unknown>;
  unarchive?: boolean;
  settings?: Record<string, unknown>;
  archive?: boolean;
  channels: { create: TeamChannelCreate[]; update: { id: string; displayName: string; description: string | null }[]; remove: { id: string; displayName: string }[] };
  members: TeamChannelMembers[];
}

export type ChangeOps =
  | MembershipOps | LicenseOps | RoleOps | MailboxPermissionOps | CalendarOps | ContactsFolderOps | GdapOps | GroupReplaceOps | ConsentOps
  | GraphWriteOps | GraphDeleteOps | CmdletOps | TeamOps | SharePointSiteOps;
export type OpName = ChangeOps['op'];

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
const each = (v: unknown, ok: (x: Record<string, unknown>) => boolean): boolean => Array.isArray(v) && v.every((x) => isObj(x) && ok(x));
const str = (...vs: unknown[]): boolean => vs.every((v) => typeof v === 'string');
const removal = (x: Record<string, unknown>): boolean => str(x.ref, x.id);
const entry = (x: Record<string, unknown>): boolean => str(x.user, x.access);
const listOps = (v: unknown): boolean => isObj(v) && strings(v.add) && each(v.remove, removal);
const addRemove = (v: unknown): boolean => isObj(v) && strings(v.add) && strings(v.remove);
const withEtag = (x: Record<string, unknown>): boolean => str(x.id, x.etag);

const GDAP: Record<string, (o: Record<string, unknown>) => boolean> = {
  create: (o) => str(o.displayName, o.duration, o.autoExtendDuration) && strings(o.roles),
  lock: (o) => str(o.id),
  patch: (o) => str(o.id, o.etag, o.duration, o.autoExtendDuration) && strings(o.roles),
  sync: (o) => str(o.id) && each(o.add, (a) => str(a.groupId) && strings(a.roles)) && each(o.change, (a) => withEtag(a) && strings(a.roles))
    && each(o.remove, withEtag) && strings(o.terminate) && (o.autoExtend === undefined || (isObj(o.autoExtend) && str(o.autoExtend.etag, o.autoExtend.duration))),
  terminate: (o) => strings(o.terminate) && each(o.discard, withEtag) && strings(o.pending),
};

const nullableStr = (v: unknown): boolean => v === null || typeof v === 'string';
const teamChannels = (v: unknown): boolean => isObj(v)
  && each(v.create, (c) => str(c.displayName, c.membershipType) && nullableStr(c.description) && strings(c.owners) && strings(c.members))
  && each(v.update, (c) => str(c.id, c.displayName) && nullableStr(c.description)) && each(v.remove, (c) => str(c.id, c.displayName));
const teamMembers = (v: unknown): boolean => each(v, (m) => str(m.channel, m.channelId)
  && each(m.add, (a) => str(a.user) && typeof a.owner === 'boolean') && each(m.role, (a) => str(a.id, a.user) && typeof a.owner === 'boolean')
  && each(m.remove, (a) => str(a.id, a.user)));

const SHAPES: Record<OpName, (o: Record<string, unknown>) => boolean> = {
  team: (o) => (o.create === undefined || isObj(o.create)) && (o.settings === undefined || isObj(o.settings))
    && [o.archive, o.unarchive].every((b) => b === undefined || typeof b === 'boolean') && teamChannels(o.channels) && teamMembers(o.members),
  membership: (o) => listOps(o.members) && listOps(o.owners),
  licenses: (o) => each(o.addLicenses, (g) => str(g.skuId) && strings(g.disabledPlans)) && strings(o.removeLicenses),
  assignRole: (o) => str(o.principal, o.roleDefinitionId, o.directoryScopeId),
  unassignRole: (o) => str(o.assignmentId),
  mailboxPermission: (o) => isObj(o.fullAccess) && each(o.fullAccess.add, (g) => str(g.trustee) && typeof g.autoMapping === 'boolean')
    && strings(o.fullAccess.remove) && addRemove(o.sendAs) && addRemove(o.sendOnBehalf),
  calendar: (o) => each(o.add, entry) && each(o.set, entry) && strings(o.remove),
  contactsFolder: (o) => each(o.add, entry) && each(o.set, entry) && strings(o.remove),
  gdap: (o) => typeof o.type === 'string' && GDAP[o.type]?.(o) === true,
  replaceGroup: (o) => strings(o.steps) && (o.steps as string[]).every((x) => ['delete', 'purge', 'create'].includes(x)) && str(o.type)
    && (o.licenses === undefined || (isObj(o.licenses) && SHAPES.licenses(o.licenses))),
  graphWrite: (o) => isObj(o.body) && (o.id === undefined || str(o.id)),
  graphDelete: (o) => str(o.id),
  cmdlets: (o) => each(o.calls, (c) => str(c.cmdlet) && isObj(c.params)),
  sharepointSite: (o) => isObj(o.set) && (o.create === undefined || isObj(o.create)) && (o.siteId === undefined || str(o.siteId))
    && (o.delete === undefined || (o.delete === true && str(o.siteId))) && (o.create !== undefined || str(o.siteId)),
  consent: (o) => str(o.applicationId) && typeof o.removeFirst === 'boolean' && (o.grant === undefined || (isObj(o.grant)
    && (o.grant.displayName === undefined || str(o.grant.displayName))
    && each(o.grant.applicationGrants, (g) => str(g.enterpriseApplicationId, g.scope)))) && (o.grant !== undefined || o.removeFirst === true),
};

/** Why a value read from a plan file is not a valid `ops`, or undefined when it is. */
export function opsProblem(v: unknown): string | undefined {
  if (!isObj(v)) return 'ops must be an object';
  const shape = typeof v.op === 'string' ? SHAPES[v.op as OpName] : undefined;
  if (!shape) return `ops.op ${JSON.stringify(v.op)} is unknown`;
  return shape(v) ? undefined : `ops of op "${String(v.op)}" do not have the shape this tenantform writes`;
}

const isOp = <N extends OpName>(ops: ChangeOps, names: N[]): ops is Extract<ChangeOps, { op: N }> => names.some((n) => n === ops.op);

/** The change's ops of the given kind; a change without them, or with others, cannot be executed. */
export function opsOf<N extends OpName>(change: { address: string; ops?: ChangeOps }, ...names: N[]): Extract<ChangeOps, { op: N }> {
  const ops = change.ops;
  if (!ops || !isOp(ops, names)) throw new Error(`${change.address}: the plan holds no ${names.join(' or ')} operations for this change; plan again`);
  return ops;
}
