// /users: list with $select/$filter/$top/$count and paging, get, create, update, soft delete.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { addUser, removeUser, renameUser, touch, userList, type UserObject } from '../state.js';
import { recordAudit, modifiedProperties } from './audit.js';
import { badRequest, checkDeclared, findUser, odataContext, tenantOf, visible } from './common.js';
import { compileFilter, isAdvanced, page, parseSelect, parseTop } from './odata.js';
import { softDeleteUser } from './user-delete.js';
import { USER_FILTERABLE, USER_PROPS, userGetter, userView } from './user-view.js';

const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'];
const READ_ONLY = ['id', 'createdDateTime', 'deletedDateTime', 'assignedLicenses', 'assignedPlans', 'licenseAssignmentStates', 'provisionedPlans', 'creationType'];
const AUDITED = ['accountEnabled', 'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'officeLocation',
  'city', 'country', 'usageLocation', 'mobilePhone', 'businessPhones', 'userPrincipalName', 'mailNickname', 'employeeId', 'preferredLanguage', 'mail'];

export const DUPLICATE_UPN = 'Another object with the same value for property userPrincipalName already exists.';

function listUsers(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, USER_PROPS, 'user');
  const top = parseTop(ctx);
  const advanced = isAdvanced(ctx);
  if (ctx.query.has('$orderby') && !advanced) throw new ApiError(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
  let items: readonly UserObject[] = userList(tenant);
  const filter = ctx.query.get('$filter');
  if (filter !== null) {
    const pred = compileFilter(filter, USER_FILTERABLE, 'User', advanced, userGetter(tenant));
    items = items.filter((u) => pred(u));
  }
  if (ctx.core.replicationDelayMs > 0) items = items.filter((u) => visible(ctx, u));
  const { slice, nextLink } = page(ctx, items, top);
  const body: Record<string, unknown> = { '@odata.context': odataContext(ctx, select ? `users(${select.join(',')})` : 'users') };
  if (ctx.query.get('$count') === 'true') {
    if (!advanced) throw new ApiError(400, 'Request_BadRequest', '$count is not currently supported.');
    body['@odata.count'] = items.length;
  }
  if (nextLink) body['@odata.nextLink'] = nextLink;
  body.value = slice.map((u) => userView(tenant, u, select));
  return json(200, body);
}

function getUser(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, USER_PROPS, 'user');
  const user = findUser(ctx, ctx.params.id ?? '', true);
  return json(200, { '@odata.context': odataContext(ctx, 'users/$entity'), ...userView(tenant, user, select) });
}

function checkUpn(ctx: Ctx, upn: unknown, selfId?: string): string {
  const tenant = tenantOf(ctx);
  if (typeof upn !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(upn)) throw badRequest("Invalid value specified for property 'userPrincipalName' of resource 'User'.");
  const domain = upn.split('@')[1]?.toLowerCase() ?? '';
  if (!tenant.domains.some((d) => d.toLowerCase() === domain)) {
    throw badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
  }
  const existing = tenant.upnIndex.get(upn.toLowerCase());
  if (existing !== undefined && existing !== selfId) throw badRequest(DUPLICATE_UPN);
  return upn;
}

function createUser(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const body = jsonBody(ctx);
  checkDeclared(body, 'user', READ_ONLY.filter((n) => n !== 'id'));
  for (const name of REQUIRED) {
    if (body[name] === undefined || body[name] === null || body[name] === '') throw badRequest(`A value is required for property '${name}' of resource 'User'.`);
  }
  if (typeof body.accountEnabled !== 'boolean') throw badRequest("Invalid value specified for property 'accountEnabled' of resource 'User'.");
  const password = (body.passwordProfile as Record<string, unknown> | null)?.password;
  if (typeof password !== 'string' || password.length < 8) throw badRequest("Invalid value specified for property 'passwordProfile' of resource 'User'.");
  const upn = checkUpn(ctx, body.userPrincipalName);
  const rest = { ...body };
  delete rest.passwordProfile;
  delete rest.id;
  const user: UserObject = {
    id: randomUUID(), kind: 'user', licenses: [], createdMs: Date.now(), version: 0,
    props: {
      businessPhones: [], givenName: null, jobTitle: null, mail: null, mobilePhone: null, officeLocation: null,
      preferredLanguage: null, surname: null, department: null, companyName: null, city: null, country: null,
      employeeId: null, usageLocation: null, userType: 'Member', ...rest, userPrincipalName: upn,
      createdDateTime: new Date().toISOString(), deletedDateTime: null,
    },
  };
  addUser(tenant, user);
  touch(tenant, user);
  recordAudit(ctx, {
    activity: 'Add user', operationType: 'Add',
    target: { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: upn },
    modified: modifiedProperties({}, user.props, AUDITED),
  });
  return json(201, { '@odata.context': odataContext(ctx, 'users/$entity'), ...userView(tenant, user, undefined) });
}

function updateUser(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const body = jsonBody(ctx);
  checkDeclared(body, 'user', READ_ONLY);
  for (const name of REQUIRED.filter((n) => n !== 'passwordProfile')) {
    if (name in body && (body[name] === null || body[name] === '')) throw badRequest(`Invalid value specified for property '${name}' of resource 'User'.`);
  }
  const before = { ...user.props };
  const rest = { ...body };
  delete rest.passwordProfile;
  if (rest.userPrincipalName !== undefined) renameUser(tenant, user, checkUpn(ctx, rest.userPrincipalName, user.id));
  Object.assign(user.props, rest);
  touch(tenant, user);
  const modified = modifiedProperties(before, user.props, [...new Set([...AUDITED, ...Object.keys(rest)])]);
  if (body.passwordProfile !== undefined) modified.push({ displayName: 'PasswordProfile', oldValue: null, newValue: null });
  recordAudit(ctx, {
    activity: 'Update user', operationType: 'Update',
    target: { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: String(user.props.userPrincipalName) },
    modified,
  });
  return json(204);
}

function deleteUser(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  removeUser(tenant, user.id);
  softDeleteUser(tenant, user);
  recordAudit(ctx, {
    activity: 'Delete user', operationType: 'Delete',
    target: { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: String(user.props.userPrincipalName) },
  });
  return json(204);
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/users', handler: listUsers },
  { method: 'POST', pattern: '/v1.0/users', handler: createUser, write: true },
  { method: 'GET', pattern: '/v1.0/users/:id', handler: getUser },
  { method: 'PATCH', pattern: '/v1.0/users/:id', handler: updateUser, write: true },
  { method: 'DELETE', pattern: '/v1.0/users/:id', handler: deleteUser, write: true },
];
