// What hangs off a user: the manager reference and the Exchange-backed mailboxSettings.
import { ApiError, json, jsonBody, type Ctx, type Reply, type Route } from '../router.js';
import { touch, type UserObject } from '../state.js';
import { directorySync } from '../exchange/directory.js';
import { recordAudit } from './audit.js';
import { badRequest, checkDeclared, findUser, notFound, odataContext, tenantOf } from './common.js';
import { userView } from './user-view.js';

function target(user: UserObject): { id: string; displayName: string; type: 'User'; userPrincipalName: string } {
  return { id: user.id, displayName: String(user.props.displayName), type: 'User', userPrincipalName: String(user.props.userPrincipalName) };
}

function manager(ctx: Ctx, user: UserObject): UserObject {
  const tenant = tenantOf(ctx);
  const m = user.managerId === undefined ? undefined : tenant.users.get(user.managerId);
  if (!m) throw notFound('manager');
  return m;
}

function getManager(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const m = manager(ctx, findUser(ctx, ctx.params.id ?? '', true));
  return json(200, { '@odata.context': odataContext(ctx, 'directoryObjects/$entity'), '@odata.type': '#microsoft.graph.user', ...userView(tenant, m, undefined) });
}

function getManagerRef(ctx: Ctx): Reply {
  const m = manager(ctx, findUser(ctx, ctx.params.id ?? '', true));
  return json(200, { '@odata.context': odataContext(ctx, 'directoryObjects/$entity'), '@odata.id': `${ctx.origin}/v1.0/directoryObjects/${m.id}/Microsoft.DirectoryServices.User` });
}

function putManager(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const ref = jsonBody(ctx)['@odata.id'];
  if (typeof ref !== 'string') throw badRequest("The request body must contain '@odata.id'.");
  const id = ref.replace(/\/+$/, '').split('/').pop() ?? '';
  const m = tenant.users.get(id.toLowerCase());
  if (!m) throw notFound(id);
  if (m.id === user.id) throw badRequest('Invalid reference: a user cannot be their own manager.');
  const old = user.managerId;
  user.managerId = m.id;
  touch(tenant, user);
  recordAudit(ctx, {
    activity: 'Set user manager', operationType: 'Assign', target: target(user),
    modified: [{ displayName: 'Manager', oldValue: old === undefined ? '[]' : JSON.stringify([old]), newValue: JSON.stringify([m.id]) }],
  });
  return json(204);
}

function deleteManager(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const m = manager(ctx, user);
  user.managerId = undefined;
  touch(tenant, user);
  recordAudit(ctx, {
    activity: 'Remove user manager', operationType: 'Unassign', target: target(user),
    modified: [{ displayName: 'Manager', oldValue: JSON.stringify([m.id]), newValue: '[]' }],
  });
  return json(204);
}

const DEFAULT_SETTINGS = (): Record<string, unknown> => ({
  archiveFolder: null,
  automaticRepliesSetting: {
    status: 'disabled', externalAudience: 'all', internalReplyMessage: '', externalReplyMessage: '',
    scheduledStartDateTime: { dateTime: '2026-01-01T00:00:00.0000000', timeZone: 'UTC' },
    scheduledEndDateTime: { dateTime: '2026-01-02T00:00:00.0000000', timeZone: 'UTC' },
  },
  timeZone: 'UTC',
  language: { locale: 'en-US', displayName: 'English (United States)' },
  delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
  dateFormat: 'M/d/yyyy',
  timeFormat: 'h:mm tt',
  userPurpose: 'user',
  workingHours: {
    daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], startTime: '08:00:00.0000000',
    endTime: '17:00:00.0000000', timeZone: { name: 'UTC' },
  },
});

function mailboxOf(ctx: Ctx, user: UserObject): Record<string, unknown> {
  directorySync(tenantOf(ctx), ctx.state.clock.now());
  if (!user.hasMailbox) {
    throw new ApiError(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.');
  }
  user.mailboxSettings = { ...DEFAULT_SETTINGS(), ...(user.mailboxSettings ?? {}) };
  return user.mailboxSettings;
}

function getMailboxSettings(ctx: Ctx): Reply {
  const user = findUser(ctx, ctx.params.id ?? '', true);
  return json(200, { '@odata.context': odataContext(ctx, `users('${user.id}')/mailboxSettings`), ...mailboxOf(ctx, user) });
}

function checkNested(value: unknown, entity: string): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) checkDeclared(value as Record<string, unknown>, entity);
}

const ENUMS: Record<string, string[]> = {
  status: ['disabled', 'alwaysEnabled', 'scheduled'], externalAudience: ['none', 'contactsOnly', 'all'],
};

/** Enum members as the CSDL declares them (automaticRepliesStatus, externalAudienceScope); OData rejects others. */
function checkReplies(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, allowed] of Object.entries(ENUMS)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && !allowed.includes(String(v))) throw new ApiError(400, 'RequestBodyRead', `Requested value '${String(v)}' was not found.`);
  }
}

function patchMailboxSettings(ctx: Ctx): Reply {
  const tenant = tenantOf(ctx);
  const user = findUser(ctx, ctx.params.id ?? '');
  const settings = mailboxOf(ctx, user);
  const body = jsonBody(ctx);
  checkDeclared(body, 'mailboxSettings', ['userPurpose']);
  checkNested(body.automaticRepliesSetting, 'automaticRepliesSetting');
  checkReplies(body.automaticRepliesSetting);
  checkNested(body.workingHours, 'workingHours');
  checkNested(body.language, 'localeInfo');
  const before = structuredClone(settings);
  for (const [k, v] of Object.entries(body)) {
    const cur = settings[k];
    settings[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && cur !== null && typeof cur === 'object' ? { ...cur, ...v } : v;
  }
  touch(tenant, user);
  recordAudit(ctx, {
    activity: 'Update mailbox settings', category: 'UserManagement', operationType: 'Update', target: target(user),
    modified: Object.keys(body).map((k) => ({ displayName: k, oldValue: JSON.stringify(before[k] ?? null), newValue: JSON.stringify(settings[k]) })),
  });
  const changed = Object.fromEntries(Object.keys(body).map((k) => [k, settings[k]]));
  return json(200, { '@odata.context': odataContext(ctx, `users('${user.id}')/mailboxSettings`), ...changed });
}

export const userLinkRoutes: Route[] = [
  { method: 'GET', pattern: '/v1.0/users/:id/manager', handler: getManager },
  { method: 'GET', pattern: '/v1.0/users/:id/manager/$ref', handler: getManagerRef },
  { method: 'PUT', pattern: '/v1.0/users/:id/manager/$ref', handler: putManager, write: true },
  { method: 'DELETE', pattern: '/v1.0/users/:id/manager/$ref', handler: deleteManager, write: true },
  { method: 'GET', pattern: '/v1.0/users/:id/mailboxSettings', handler: getMailboxSettings },
  { method: 'PATCH', pattern: '/v1.0/users/:id/mailboxSettings', handler: patchMailboxSettings, write: true },
];
