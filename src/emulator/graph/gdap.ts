// GDAP on the partner tenant's Graph: `/v1.0/tenantRelationships/delegatedAdminRelationships`, its requests
// (lockForApproval, terminate) and access assignments with etags. Exported as routes for the Graph service module.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { getTenant } from '../state.js';
import {
  durationDays, etagOf, partnerState, relationships, roleIds, type GdapAssignment, type GdapRelationship,
} from './gdap-model.js';

const BASE = '/v1.0/tenantRelationships/delegatedAdminRelationships';
const PAGE = 50;
const CLOSED = new Set(['terminated', 'expired', 'terminating']);

function callerIsPartner(ctx: Ctx): void {
  const partner = partnerState(ctx.state);
  if (ctx.tenant?.tenantId !== partner.tenantId) {
    throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation: only the partner tenant manages delegated admin relationships.');
  }
}

function view(ctx: Ctx, r: GdapRelationship): Record<string, unknown> {
  const customer = getTenant(ctx.state, r.customerTenantId);
  return {
    '@odata.etag': etagOf(r.etag, r.id), id: r.id, displayName: r.displayName, duration: r.duration,
    customer: { tenantId: r.customerTenantId, displayName: customer?.displayName ?? null },
    accessDetails: { unifiedRoles: r.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    status: r.status, autoExtendDuration: r.autoExtendDuration ?? 'PT0S', createdDateTime: r.createdDateTime,
    lastModifiedDateTime: r.lastModifiedDateTime, activatedDateTime: r.activatedDateTime ?? null, endDateTime: r.endDateTime ?? null,
  };
}

function assignmentView(a: GdapAssignment): Record<string, unknown> {
  return {
    '@odata.etag': etagOf(a.etag ?? 1, a.id), id: a.id, status: a.status ?? 'active',
    accessContainer: { accessContainerId: a.group, accessContainerType: 'securityGroup' },
    accessDetails: { unifiedRoles: a.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    createdDateTime: a.createdDateTime, lastModifiedDateTime: a.lastModifiedDateTime,
  };
}

function find(ctx: Ctx): GdapRelationship {
  callerIsPartner(ctx);
  const r = relationships(ctx.state).find((x) => x.id === ctx.params.id);
  if (!r) throw new ApiError(404, 'Request_ResourceNotFound', `The delegated admin relationship '${ctx.params.id ?? ''}' was not found.`);
  return r;
}

function checkIfMatch(ctx: Ctx, etag: string): void {
  const given = ctx.headers['if-match'];
  if (!given) throw new ApiError(400, 'Request_BadRequest', 'The If-Match header is required to change this resource.');
  if (given !== '*' && given !== etag) throw new ApiError(412, 'PreconditionFailed', 'The resource has been modified: the If-Match etag does not match.');
}

function unifiedRoles(value: unknown): string[] {
  const roles = (value as { unifiedRoles?: { roleDefinitionId?: string }[] } | undefined)?.unifiedRoles;
  if (!Array.isArray(roles) || roles.length === 0) throw new ApiError(400, 'Request_BadRequest', 'accessDetails.unifiedRoles must list at least one role.');
  return roleIds(roles.map((r) => String(r.roleDefinitionId ?? '')));
}

function checkFields(ctx: Ctx, r: Pick<GdapRelationship, 'displayName' | 'duration' | 'roles' | 'autoExtendDuration' | 'id'>): void {
  if (!r.displayName || r.displayName.length > 50) throw new ApiError(400, 'Request_BadRequest', 'displayName is required and must be at most 50 characters.');
  const days = durationDays(r.duration);
  if (days === undefined || days < 1 || days > 730) throw new ApiError(400, 'Request_BadRequest', `The duration '${r.duration}' is not valid: it must be between P1D and P2Y.`);
  if (r.autoExtendDuration !== undefined && r.autoExtendDuration !== 'PT0S' && r.autoExtendDuration !== 'P180D') {
    throw new ApiError(400, 'Request_BadRequest', 'autoExtendDuration must be PT0S or P180D.');
  }
  if (r.autoExtendDuration === 'P180D' && r.roles.includes('62e90394-69f5-4237-9190-012177145e10')) {
    throw new ApiError(400, 'Request_BadRequest', 'Relationships that include the Global Administrator role cannot be auto-extended.');
  }
  const clash = relationships(ctx.state).find((x) => x.id !== r.id && !CLOSED.has(x.status) && x.displayName.toLowerCase() === r.displayName.toLowerCase());
  if (clash) throw new ApiError(400, 'Request_BadRequest', `A delegated admin relationship with the display name '${r.displayName}' already exists.`);
}

function list(ctx: Ctx): Reply {
  callerIsPartner(ctx);
  let all = relationships(ctx.state);
  const filter = ctx.query.get('$filter');
  if (filter) {
    const m = /^(displayName|customer\/tenantId|status) eq '([^']*)'$/.exec(filter);
    if (!m) throw new ApiError(400, 'Request_UnsupportedQuery', `Unsupported filter: ${filter}`);
    const pick = (r: GdapRelationship): string => (m[1] === 'displayName' ? r.displayName : m[1] === 'status' ? r.status : r.customerTenantId);
    all = all.filter((r) => pick(r).toLowerCase() === (m[2] ?? '').toLowerCase());
  }
  const skip = Number(ctx.query.get('$skiptoken') ?? '0') || 0;
  const body: Record<string, unknown> = { '@odata.context': `${ctx.origin}/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships`, value: all.slice(skip, skip + PAGE).map((r) => view(ctx, r)) };
  if (skip + PAGE < all.length) {
    const q = new URLSearchParams(ctx.query);
    q.set('$skiptoken', String(skip + PAGE));
    body['@odata.nextLink'] = `${ctx.origin}${BASE}?${q.toString().replace(/%24/g, '$')}`;
  }
  return json(200, body);
}

function create(ctx: Ctx): Reply {
  callerIsPartner(ctx);
  const b = jsonBody(ctx) as { displayName?: string; duration?: string; customer?: { tenantId?: string }; accessDetails?: unknown; autoExtendDuration?: string };
  const now = ctx.state.clock.iso();
  const customerTenantId = String(b.customer?.tenantId ?? '').toLowerCase();
  if (!partnerState(ctx.state).customers.some((c) => c.tenantId.toLowerCase() === customerTenantId)) {
    throw new ApiError(400, 'Request_BadRequest', `The tenant '${customerTenantId}' is not a customer of this partner.`);
  }
  const r: GdapRelationship = {
    id: `${randomUUID()}-${randomUUID()}`, displayName: String(b.displayName ?? ''), duration: String(b.duration ?? ''),
    customerTenantId, roles: unifiedRoles(b.accessDetails), autoExtendDuration: b.autoExtendDuration ?? 'PT0S', status: 'created',
    etag: 1, createdDateTime: now, lastModifiedDateTime: now, accessAssignments: [], requests: [], normalised: true,
  };
  checkFields(ctx, r);
  partnerState(ctx.state).gdapRelationships.push(r);
  return json(201, view(ctx, r), { Location: `${ctx.origin}${BASE}/${r.id}` });
}

function update(ctx: Ctx): Reply {
  const r = find(ctx);
  checkIfMatch(ctx, etagOf(r.etag, r.id));
  const b = jsonBody(ctx) as { displayName?: string; duration?: string; accessDetails?: unknown; autoExtendDuration?: string };
  const onlyAutoExtend = Object.keys(b).every((k) => k === 'autoExtendDuration');
  if (r.status !== 'created' && !(r.status === 'active' && onlyAutoExtend)) {
    throw new ApiError(400, 'Request_BadRequest', `The relationship is ${r.status}: only relationships in the created state can be changed (active ones only their autoExtendDuration).`);
  }
  const next = {
    ...r, displayName: b.displayName ?? r.displayName, duration: b.duration ?? r.duration,
    roles: b.accessDetails ? unifiedRoles(b.accessDetails) : r.roles, autoExtendDuration: b.autoExtendDuration ?? r.autoExtendDuration,
  };
  checkFields(ctx, next);
  Object.assign(r, next, { etag: r.etag + 1, lastModifiedDateTime: ctx.state.clock.iso() });
  return json(200, view(ctx, r));
}

function remove(ctx: Ctx): Reply {
  const r = find(ctx);
  checkIfMatch(ctx, etagOf(r.etag, r.id));
  if (r.status !== 'created') throw new ApiError(400, 'Request_BadRequest', 'Only relationships in the created state can be deleted; terminate the others.');
  const all = partnerState(ctx.state).gdapRelationships;
  all.splice(all.indexOf(r), 1);
  return json(204);
}

function request(ctx: Ctx): Reply {
  const r = find(ctx);
  const action = String(jsonBody(ctx).action ?? '');
  const now = ctx.state.clock.iso();
  if (action === 'lockForApproval') {
    if (r.status !== 'created') throw new ApiError(400, 'Request_BadRequest', `The relationship is ${r.status}; only a created relationship can be locked for approval.`);
    r.status = 'approvalPending';
  } else if (action === 'terminate') {
    if (r.status !== 'active') throw new ApiError(400, 'Request_BadRequest', `The relationship is ${r.status}; only an active relationship can be terminated.`);
    r.status = 'terminated';
    r.endDateTime = now;
    for (const a of r.accessAssignments) a.status = 'deleted';
  } else {
    throw new ApiError(400, 'Request_BadRequest', `The action '${action}' is not valid for the partner: use lockForApproval or terminate.`);
  }
  r.etag += 1;
  r.lastModifiedDateTime = now;
  const req = { id: randomUUID(), action, status: 'succeeded', createdDateTime: now, lastModifiedDateTime: now };
  r.requests.push(req);
  return json(201, req);
}

export const gdapRoutes: Route[] = [
  { method: 'GET', pattern: BASE, handler: list },
  { method: 'POST', pattern: BASE, handler: create, write: true },
  { method: 'GET', pattern: `${BASE}/:id`, handler: (ctx) => json(200, view(ctx, find(ctx))) },
  { method: 'PATCH', pattern: `${BASE}/:id`, handler: update, write: true },
  { method: 'DELETE', pattern: `${BASE}/:id`, handler: remove, write: true },
  { method: 'GET', pattern: `${BASE}/:id/requests`, handler: (ctx) => json(200, { value: find(ctx).requests }) },
  { method: 'POST', pattern: `${BASE}/:id/requests`, handler: request, write: true },
  ...accessAssignmentRoutes(),
];

function accessAssignmentRoutes(): Route[] {
  const base = `${BASE}/:id/accessAssignments`;
  const findAssignment = (ctx: Ctx) => {
    const r = find(ctx);
    const a = r.accessAssignments.find((x) => x.id === ctx.params.aid && x.status !== 'deleted');
    if (!a) throw new ApiError(404, 'Request_ResourceNotFound', `The access assignment '${ctx.params.aid ?? ''}' was not found.`);
    return { r, a };
  };
  const body = (ctx: Ctx, r: GdapRelationship) => {
    const b = jsonBody(ctx) as { accessContainer?: { accessContainerId?: string; accessContainerType?: string }; accessDetails?: unknown };
    const roles = unifiedRoles(b.accessDetails);
    const outside = roles.filter((x) => !r.roles.includes(x));
    if (outside.length) throw new ApiError(400, 'Request_BadRequest', `The roles ${outside.join(', ')} are not part of the relationship.`);
    return { container: b.accessContainer, roles };
  };
  return [
    { method: 'GET', pattern: base, handler: (ctx) => json(200, { value: find(ctx).accessAssignments.filter((a) => a.status !== 'deleted').map(assignmentView) }) },
    { method: 'GET', pattern: `${base}/:aid`, handler: (ctx) => json(200, assignmentView(findAssignment(ctx).a)) },
    { method: 'POST', pattern: base, write: true, handler: (ctx) => {
      const r = find(ctx);
      if (r.status !== 'active') throw new ApiError(400, 'Request_BadRequest', `Access assignments can only be created on active relationships; this one is ${r.status}.`);
      const { container, roles } = body(ctx, r);
      const groupId = String(container?.accessContainerId ?? '').toLowerCase();
      if (container?.accessContainerType !== 'securityGroup' || !groupId) throw new ApiError(400, 'Request_BadRequest', 'accessContainer must name a securityGroup by accessContainerId.');
      const partnerTenant = getTenant(ctx.state, partnerState(ctx.state).tenantId);
      if (partnerTenant && !partnerTenant.groups.has(groupId)) throw new ApiError(400, 'Request_BadRequest', `The security group '${groupId}' does not exist in the partner tenant.`);
      if (r.accessAssignments.some((a) => a.group === groupId && a.status !== 'deleted')) {
        throw new ApiError(409, 'Conflict', `An access assignment for the security group '${groupId}' already exists on this relationship.`);
      }
      const now = ctx.state.clock.iso();
      const a: GdapAssignment = { id: randomUUID(), group: groupId, roles, status: 'active', etag: 1, createdDateTime: now, lastModifiedDateTime: now };
      r.accessAssignments.push(a);
      // delegatedadminrelationship-post-accessassignments.md: "A Location header in the response points to the created
      // delegatedAdminAccessAssignment object."
      return json(201, assignmentView(a), { Location: `${ctx.origin}${base.replace(':id', r.id)}/${a.id}` });
    } },
    { method: 'PATCH', pattern: `${base}/:aid`, write: true, handler: (ctx) => {
      const { r, a } = findAssignment(ctx);
      checkIfMatch(ctx, etagOf(a.etag ?? 1, a.id));
      a.roles = body(ctx, r).roles;
      a.etag = (a.etag ?? 1) + 1;
      a.lastModifiedDateTime = ctx.state.clock.iso();
      return json(200, assignmentView(a));
    } },
    { method: 'DELETE', pattern: `${base}/:aid`, write: true, handler: (ctx) => {
      const { a } = findAssignment(ctx);
      checkIfMatch(ctx, etagOf(a.etag ?? 1, a.id));
      a.status = 'deleted';
      return json(204);
    } },
  ];
}
