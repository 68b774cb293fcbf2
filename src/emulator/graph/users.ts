// /users: list with $select/$filter/$search/$orderby/$top/$count and paging, the $count segment, get, create, update, soft delete.
import { randomUUID } from 'node:crypto';
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { addUser, removeUser, renameUser, touch, userList, type UserObject } from '../state.js';
import { recordAudit, modifiedProperties } from './audit.js';
import { badRequest, checkDeclared, findUser, odataContext, tenantOf, visible } from './common.js';
import { page, parseSelect, parseTop } from './odata.js';
import { countAnnotation, countSegment, queryCollection } from './advanced-query.js';
import { softDeleteUser } from './user-delete.js';
import { checkUserNames, invalidProperty, upnShapeValid } from './identity-rules.js';
import { USER_PROPS, USER_QUERY, userGetter, userView } from './user-view.js';

const REQUIRED = ['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'];
const READ_ONLY = ['id', 'createdDateTime', 'deletedDateTime', 'assignedLicenses', 'assignedPlans', 'licenseAssignmentStates', 'provisionedPlans', 'creationType',
  'signInSessionsValidFromDateTime'];
const AUDITED = ['accountEnabled', 'displayName', 'givenName', 'surname', 'jobTitle', 'department', 'companyName', 'officeLocation',
  'city', 'country', 'usageLocation', 'mobilePhone', 'businessPhones', 'userPrincipalName', 'mailNickname', 'employeeId', 'preferredLanguage', 'mail'];

export const DUPLICATE_UPN = 'Another object with the same value for property userPrincipalName already exists.';

// user-list.md: these properties are returned only when retrieving a single user; `$select` of them on the
// collection "returns a 501 Not Implemented error code". No error code or text is published, so the code is the
// status's name.
const SINGLE_USER_ONLY = ['aboutMe', 'birthday', 'hireDate', 'interests', 'mySite', 'pastProjects', 'preferredName',
  'responsibilities', 'schools', 'skills', 'mailboxSettings'];

/** The users `$filter`, `$search` and `$orderby` see; replication delay hides recent creations. */
function queriedUsers(ctx: Ctx): UserObject[] {
  const tenant = tenantOf(ctx);
  const items = queryCollection(ctx, userList(tenant), { ...USER_QUERY, get: userGetter(tenant) });
  return items.filter((u) => visible(ctx, u));
}

function listUsers(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const select = parseSelect(ctx, USER_PROPS, 'user');
  const single = select?.find((n) => SINGLE_USER_ONLY.includes(n));
  if (single) throw new ApiError(501, 'NotImplemented', `The property '${single}' can be returned only when retrieving a single user, not within a user collection.`);
  const top = parseTop(ctx);
  const items = queriedUsers(ctx);
  const { slice, nextLink } = page(ctx, items, top);
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(ctx, select ? `users(${select.join(',')})` : 'users'), ...countAnnotation(ctx, items.length),
  };
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
  if (typeof upn !== 'string' || !upnShapeValid(upn)) throw invalidProperty('userPrincipalName', 'User');
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
  checkUserNames(body);
  const rest = { ...body };
  delete rest.passwordProfile;
  delete rest.id;
  const createdMs = ctx.state.clock.now();
  const user: UserObject = {
    id: randomUUID(), kind: 'user', licenses: [], createdMs, version: 0,
    props: {
      businessPhones: [], givenName: null, jobTitle: null, mail: null, mobilePhone: null, officeLocation: null,
      preferredLanguage: null, surname: null, department: null, companyName: null, city: null, country: null,
      employeeId: null, usageLocation: null, userType: 'Member', ...rest, userPrincipalName: upn,
      createdDateTime: new Date(createdMs).toISOString(), deletedDateTime: null,
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
  checkUserNames(body);
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
  softDeleteUser(tenant, user, ctx.state.clock.now());
  recordAudit(ctx, {
    activity: 'Delete user', operationType: 'Delete',
    target: { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: String(user.props.userPrincipalName) },
  });
  return json(204);
}

/**
 * user-revokesigninsessions.md: resets signInSessionsValidFromDateTime to now. The page promises 200 with
 * `{"value": true}`, and its known issue says the service answers that where 204 was meant: the emulator answers 200.
 */
function revokeSignInSessions(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  user.props.signInSessionsValidFromDateTime = ctx.state.clock.iso();
  touch(tenant, user);
  return json(200, { '@odata.context': odataContext(ctx, 'Edm.Boolean'), value: true });
}

export const userRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/users', handler: listUsers },
  { method: 'GET', pattern: '/v1.0/users/$count', handler: (ctx) => countSegment(ctx, () => queriedUsers(ctx).length) },
  { method: 'POST', pattern: '/v1.0/users', handler: createUser, write: true },
  { method: 'GET', pattern: '/v1.0/users/:id', handler: getUser },
  { method: 'PATCH', pattern: '/v1.0/users/:id', handler: updateUser, write: true },
  { method: 'DELETE', pattern: '/v1.0/users/:id', handler: deleteUser, write: true },
  { method: 'POST', pattern: '/v1.0/users/:id/revokeSignInSessions', handler: revokeSignInSessions, write: true },
];
