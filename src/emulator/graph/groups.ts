// `/v1.0/groups`: list and get with the OData options Graph allows on groups, create (security, Microsoft 365,
// dynamic; mail-enabled security groups and distribution lists refused as Graph refuses them), update, delete.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { touch, type GroupObject, type TenantState } from '../state.js';
import { page, parseSelect, parseTop, project } from './odata.js';
import { countAnnotation, countSegment, queryCollection } from './advanced-query.js';
import {
  GROUP_DEFAULTS, GROUP_PROPS, audit, changed, directoryObjectView, findGroup, groupProps, groupTarget, refuseExchangeGroup, securityIdentifier,
} from './directory-objects.js';
import { notFound, odataContext, tenantOf, visible } from './common.js';
import { parseRule } from './dynamic.js';
import { applyBindings, bindingsOf } from './group-members.js';
import { deleteGroup } from './group-delete.js';
import { aliasValid } from './identity-rules.js';

const FILTERABLE = new Set([
  'id', 'displayName', 'mailNickname', 'mail', 'groupTypes', 'securityEnabled', 'mailEnabled', 'createdDateTime',
  'membershipRuleProcessingState', 'isAssignableToRole', 'proxyAddresses', 'visibility',
]);
const WRITABLE = new Set([
  'displayName', 'description', 'mailNickname', 'mailEnabled', 'securityEnabled', 'groupTypes', 'visibility',
  'membershipRule', 'membershipRuleProcessingState', 'isAssignableToRole', 'classification', 'preferredDataLocation',
  'preferredLanguage', 'theme',
]);
const MAIL_ENABLED_REFUSED = 'The service does not currently support writes of mail-enabled groups. Please ensure that the mail-enablement property is unset and the security-enablement property is set.';

const invalidValue = (prop: string): ApiError => new ApiError(400, 'Request_BadRequest', `Invalid value specified for property '${prop}' of resource 'Group'.`);

function groupBody(ctx: Ctx, group: GroupObject, select: string[] | undefined): Record<string, unknown> {
  const out = project(groupProps(group), select, GROUP_DEFAULTS);
  const expand = ctx.query.get('$expand');
  if (expand !== null) {
    if (expand.split('(')[0]?.trim() !== 'members') {
      throw new ApiError(400, 'BadRequest', `Parsing OData Select and Expand failed: Could not find a property named '${expand}' on type 'microsoft.graph.group'.`);
    }
    const tenant = tenantOf(ctx);
    out.members = [...group.members].slice(0, 20).flatMap((id) => {
      const o = tenant.users.get(id) ?? tenant.groups.get(id);
      return o ? [directoryObjectView(tenant, o, undefined)] : [];
    });
  }
  return out;
}

/** `$search` on groups (search-query-parameter.md): tokenised on displayName and description, else startsWith. */
const GROUP_QUERY = {
  entity: 'group', filterable: FILTERABLE,
  searchable: new Map<string, 'tokens' | 'prefix'>([['displayName', 'tokens'], ['description', 'tokens'], ['mail', 'prefix'], ['mailNickname', 'prefix']]),
  // The $orderby table of aad-advanced-queries.md.
  sortable: { displayName: 'default', deletedDateTime: 'advanced' } as const,
  view: groupProps,
};

function queriedGroups(ctx: Ctx): GroupObject[] {
  const visibleGroups = [...tenantOf(ctx).groups.values()].filter((g) => visible(ctx, g));
  return queryCollection(ctx, visibleGroups, GROUP_QUERY);
}

function listGroups(ctx: Ctx): Reply {
  const select = parseSelect(ctx, GROUP_PROPS, 'group');
  const top = parseTop(ctx);
  const items = queriedGroups(ctx);
  const { slice, nextLink } = page(ctx, items, top);
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(ctx, select ? `groups(${select.join(',')})` : 'groups'), ...countAnnotation(ctx, items.length),
  };
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((g) => groupBody(ctx, g, select));
  return json(200, body);
}

function getGroup(ctx: Ctx): Reply {
  const group = findGroup(tenantOf(ctx), ctx.params.id ?? '');
  if (!visible(ctx, group)) throw notFound(group.id);
  const select = parseSelect(ctx, GROUP_PROPS, 'group');
  return json(200, { '@odata.context': odataContext(ctx, 'groups/$entity'), ...groupBody(ctx, group, select) });
}

function checkProperties(body: Record<string, unknown>): void {
  for (const key of Object.keys(body)) {
    if (key.includes('@odata.')) continue;
    if (!GROUP_PROPS.has(key)) {
      throw new ApiError(400, 'Request_BadRequest', `Property '${key}' does not exist on type 'microsoft.graph.group'. Make sure to only use property names that are defined by the type.`);
    }
    if (!WRITABLE.has(key)) throw new ApiError(400, 'Request_BadRequest', `Property '${key}' is read-only and cannot be set.`);
  }
}

/** Checks the type-defining properties of a group as they would be after a create or update. */
function checkShape(p: Record<string, unknown>): void {
  const types = p.groupTypes;
  if (!Array.isArray(types) || types.some((t) => t !== 'Unified' && t !== 'DynamicMembership')) throw invalidValue('groupTypes');
  if (typeof p.mailEnabled !== 'boolean') throw invalidValue('mailEnabled');
  if (typeof p.securityEnabled !== 'boolean') throw invalidValue('securityEnabled');
  if (p.mailEnabled && !types.includes('Unified')) throw new ApiError(400, 'Request_BadRequest', MAIL_ENABLED_REFUSED);
  if (!p.mailEnabled && !p.securityEnabled) throw new ApiError(400, 'Request_BadRequest', MAIL_ENABLED_REFUSED);
  if (typeof p.displayName !== 'string' || p.displayName.trim() === '' || p.displayName.length > 256) throw invalidValue('displayName');
  if (!aliasValid(p.mailNickname)) throw invalidValue('mailNickname');
  const dynamic = types.includes('DynamicMembership');
  if (dynamic !== (typeof p.membershipRule === 'string' && p.membershipRule !== '')) {
    throw new ApiError(400, 'Request_BadRequest', 'One or more property values specified are invalid.');
  }
  if (dynamic) parseRule(p.membershipRule as string);
  const state = p.membershipRuleProcessingState;
  if (state != null && state !== 'On' && state !== 'Paused') throw invalidValue('membershipRuleProcessingState');
}

function nicknameTaken(tenant: TenantState, nick: string, except?: string): boolean {
  const lower = nick.toLowerCase();
  for (const g of tenant.groups.values()) {
    if (g.id !== except && ((g.props.groupTypes as string[]).includes('Unified')) && String(g.props.mailNickname).toLowerCase() === lower) return true;
  }
  return false;
}

function createGroup(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const body = jsonBody(ctx);
  checkProperties(body);
  for (const prop of ['displayName', 'mailEnabled', 'mailNickname', 'securityEnabled']) {
    if (body[prop] === undefined) throw invalidValue(prop);
  }
  const p: Record<string, unknown> = { groupTypes: [], ...body };
  checkShape(p);
  const types = p.groupTypes as string[];
  const unified = types.includes('Unified');
  const nick = p.mailNickname as string;
  if (unified && nicknameTaken(tenant, nick)) {
    throw new ApiError(400, 'Request_BadRequest', 'Another object with the same value for property proxyAddresses already exists.');
  }
  const members = bindingsOf(tenant, body, 'members@odata.bind');
  const owners = bindingsOf(tenant, body, 'owners@odata.bind');
  if (members.length + owners.length > 20) {
    throw new ApiError(400, 'Request_BadRequest', 'The number of members and owners added in one request cannot exceed 20.');
  }
  const id = randomUUID();
  const mail = unified ? `${nick}@${tenant.domains[0] ?? ''}` : null;
  const createdMs = ctx.state.clock.now();
  const created = new Date(createdMs).toISOString();
  const group: GroupObject = {
    id, kind: 'group', createdMs, version: 0, members: new Set(), owners: new Set(), memberLog: [], licenses: [],
    props: {
      classification: null, createdDateTime: created, deletedDateTime: null, description: null,
      expirationDateTime: null, isAssignableToRole: null, mail, onPremisesSyncEnabled: null, preferredDataLocation: null,
      preferredLanguage: null, proxyAddresses: mail ? [`SMTP:${mail}`] : [], renewedDateTime: created,
      resourceBehaviorOptions: [], resourceProvisioningOptions: [], securityIdentifier: securityIdentifier(id), theme: null,
      visibility: unified ? 'Public' : null, membershipRule: null,
      ...Object.fromEntries(Object.entries(p).filter(([k]) => !k.includes('@'))),
      membershipRuleProcessingState: types.includes('DynamicMembership') ? (p.membershipRuleProcessingState ?? 'On') : null,
    },
  };
  touch(tenant, group);
  tenant.groups.set(id, group);
  audit(ctx, 'Add group', 'GroupManagement', 'Add', groupTarget(group),
    Object.entries(group.props).filter(([, v]) => v != null).map(([k, v]) => changed(k, undefined, v)));
  applyBindings(ctx, tenant, group, members, 'members');
  applyBindings(ctx, tenant, group, owners, 'owners');
  return json(201, { '@odata.context': odataContext(ctx, 'groups/$entity'), ...groupProps(group) });
}

function updateGroup(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const group = findGroup(tenant, ctx.params.id ?? '');
  refuseExchangeGroup(group, 'properties');
  const body = jsonBody(ctx);
  checkProperties(body);
  const changes = Object.entries(body).filter(([k]) => !k.includes('@'));
  const next = { ...group.props, ...Object.fromEntries(changes) };
  checkShape(next);
  if ((next.groupTypes as string[]).includes('Unified') && nicknameTaken(tenant, String(next.mailNickname), group.id)) {
    throw new ApiError(400, 'Request_BadRequest', 'Another object with the same value for property proxyAddresses already exists.');
  }
  const members = bindingsOf(tenant, body, 'members@odata.bind');
  const owners = bindingsOf(tenant, body, 'owners@odata.bind');
  if (members.length > 20 || owners.length > 20) {
    throw new ApiError(400, 'Request_BadRequest', 'The number of members added in one request cannot exceed 20.');
  }
  const modified = changes.map(([k, v]) => changed(k, group.props[k], v));
  if (changes.length > 0) {
    Object.assign(group.props, Object.fromEntries(changes));
    if ((next.groupTypes as string[]).includes('DynamicMembership')) group.props.membershipRuleProcessingState ??= 'On';
    else group.props.membershipRuleProcessingState = null;
    touch(tenant, group);
    audit(ctx, 'Update group', 'GroupManagement', 'Update', groupTarget(group), modified);
  }
  applyBindings(ctx, tenant, group, members, 'members');
  applyBindings(ctx, tenant, group, owners, 'owners');
  return json(204);
}

function removeGroup(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const group = findGroup(tenant, ctx.params.id ?? '');
  refuseExchangeGroup(group, 'properties');
  deleteGroup(tenant, group, ctx.state.clock.now());
  audit(ctx, 'Delete group', 'GroupManagement', 'Delete', groupTarget(group));
  return json(204);
}

export const groupRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/groups', handler: listGroups },
  { method: 'GET', pattern: '/v1.0/groups/$count', handler: (ctx) => countSegment(ctx, () => queriedGroups(ctx).length) },
  { method: 'POST', pattern: '/v1.0/groups', handler: createGroup, write: true },
  { method: 'GET', pattern: '/v1.0/groups/:id', handler: getGroup },
  { method: 'PATCH', pattern: '/v1.0/groups/:id', handler: updateGroup, write: true },
  { method: 'DELETE', pattern: '/v1.0/groups/:id', handler: removeGroup, write: true },
];
