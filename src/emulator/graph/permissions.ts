// The application permissions each emulated Graph route accepts, from the "Permissions" table of its page in
// Microsoft's Graph v1.0 reference: the least privileged permission first, then the higher privileged ones. Enforced
// for every token: one without a `roles` claim holds none of them.
import { ApiError, type Ctx, type Route } from '../router.js';
import { TEAMS_PERMISSIONS } from './teams-permissions.js';

const DIR_R = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const DIR_W = ['Directory.ReadWrite.All'];

const ORG_READ = ['Organization.Read.All', 'Organization.ReadWrite.All', ...DIR_R];
const SKU_READ = ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', ...DIR_R];
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', ...DIR_R];
const USER_WRITE = ['User.ReadWrite.All', ...DIR_W];
const USER_DELETE = ['User.DeleteRestore.All', 'User.ReadWrite.All', ...DIR_W];
const LICENSE_DETAILS = ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'User.Read.All', 'User.ReadWrite.All', ...DIR_R];
const USER_LICENSE = ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', ...DIR_W];
const GROUP_LIST = ['GroupMember.Read.All', 'Group.Read.All', 'GroupMember.ReadWrite.All', 'Group.ReadWrite.All', ...DIR_R];
const GROUP_READ = ['Group.Read.All', 'Group.ReadWrite.All', ...DIR_R];
const GROUP_CREATE = ['Group.Create', 'Group.ReadWrite.All', ...DIR_W];
const GROUP_WRITE = ['Group.ReadWrite.All', ...DIR_W];
const MEMBER_WRITE = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', ...DIR_W];
const GROUP_LICENSE = ['LicenseAssignment.ReadWrite.All', 'Group.ReadWrite.All', ...DIR_W];
// Deleted items are addressed by id whatever their type, so these accept what either a user or a group needs.
const DELETED_READ = [...new Set([...USER_READ, ...GROUP_READ])];
const DELETED_WRITE = [...new Set([...USER_DELETE, ...GROUP_WRITE])];
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', ...DIR_R];
const ROLE_WRITE = ['RoleManagement.ReadWrite.Directory'];
const MAILBOX_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const MAILBOX_WRITE = ['MailboxSettings.ReadWrite'];
const CONTACT_READ = ['OrgContact.Read.All', ...DIR_R];
const AUDIT_READ = ['AuditLog.Read.All'];
const APP_READ = ['Application.Read.All', 'Application.ReadWrite.All', ...DIR_R];
const GDAP_READ = ['DelegatedAdminRelationship.Read.All', 'DelegatedAdminRelationship.ReadWrite.All'];
const GDAP_WRITE = ['DelegatedAdminRelationship.ReadWrite.All'];
// temporaryaccesspassauthenticationmethodconfiguration-get.md and -update.md; authentication-list- and
// authentication-post-temporaryaccesspassmethods.md (application permissions acting on other users).
const AUTH_POLICY_READ = ['Policy.Read.All', 'Policy.ReadWrite.AuthenticationMethod'];
const AUTH_POLICY_WRITE = ['Policy.ReadWrite.AuthenticationMethod'];
const AUTH_METHOD_READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
const AUTH_METHOD_WRITE = ['UserAuthenticationMethod.ReadWrite.All'];
// conditionalaccessroot-list-policies.md, -post-policies.md, conditionalaccesspolicy-get/-update/-delete.md and the
// namedLocation pages: reads Policy.Read.All, writes Policy.ReadWrite.ConditionalAccess (with Policy.Read.All).
// identitysecuritydefaultsenforcementpolicy-get.md, -update.md: Policy.ReadWrite.SecurityDefaults for writes.
const CA_READ = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'];
const CA_WRITE = ['Policy.ReadWrite.ConditionalAccess'];
const SD_READ = ['Policy.Read.All', 'Policy.ReadWrite.SecurityDefaults', 'Policy.ReadWrite.ConditionalAccess'];
const SD_WRITE = ['Policy.ReadWrite.SecurityDefaults', 'Policy.ReadWrite.ConditionalAccess'];
const CA = '/v1.0/identity/conditionalAccess';
// authorizationpolicy-get.md and -update.md.
const AUTHZ_READ = ['Policy.Read.All', 'Policy.ReadWrite.Authorization'];
const AUTHZ_WRITE = ['Policy.ReadWrite.Authorization'];
// sharepointsettings-get.md and -update.md.
const SPO_SETTINGS_READ = ['SharePointTenantSettings.Read.All', 'SharePointTenantSettings.ReadWrite.All'];
const SPO_SETTINGS_WRITE = ['SharePointTenantSettings.ReadWrite.All'];
const TAP_POLICY = '/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';

/** Adding members through `members@odata.bind` is a membership change, not a group update. */
function groupPatch(ctx: Ctx): string[] {
  try {
    const keys = Object.keys(JSON.parse(ctx.rawBody) as Record<string, unknown>);
    return keys.length > 0 && keys.every((k) => k === 'members@odata.bind') ? MEMBER_WRITE : GROUP_WRITE;
  } catch {
    return GROUP_WRITE;
  }
}

const GDAP = '/v1.0/tenantRelationships/delegatedAdminRelationships';

/** `METHOD pattern` → the permissions that allow it; null for `$batch`, whose inner requests are checked one by one. */
export const GRAPH_PERMISSIONS: Record<string, string[] | ((ctx: Ctx) => string[]) | null> = {
  'POST /v1.0/$batch': null,
  'GET /v1.0/organization': ORG_READ,
  'GET /v1.0/organization/:id': ORG_READ,
  'GET /v1.0/auditLogs/directoryAudits': AUDIT_READ,
  'GET /v1.0/auditLogs/directoryAudits/:id': AUDIT_READ,
  'GET /v1.0/subscribedSkus': SKU_READ,
  'GET /v1.0/subscribedSkus/:id': SKU_READ,
  'GET /v1.0/users': USER_READ,
  'GET /v1.0/users/delta': USER_READ,
  // The $count segment is a form of the list (user-list.md, group-list.md): the list's permissions.
  'GET /v1.0/users/$count': USER_READ,
  'POST /v1.0/users': USER_WRITE,
  'GET /v1.0/users/:id': USER_READ,
  'PATCH /v1.0/users/:id': USER_WRITE,
  'DELETE /v1.0/users/:id': USER_DELETE,
  // user-revokesigninsessions.md
  'POST /v1.0/users/:id/revokeSignInSessions': USER_WRITE,
  'POST /v1.0/users/:id/assignLicense': USER_LICENSE,
  'GET /v1.0/users/:id/licenseDetails': LICENSE_DETAILS,
  'GET /v1.0/users/:id/manager': USER_READ,
  'GET /v1.0/users/:id/manager/$ref': USER_READ,
  'PUT /v1.0/users/:id/manager/$ref': USER_WRITE,
  'DELETE /v1.0/users/:id/manager/$ref': USER_WRITE,
  // includes/permissions/invitation-post-permissions.md: User.Invite.All, higher Directory.ReadWrite.All, User.ReadWrite.All.
  'POST /v1.0/invitations': ['User.Invite.All', 'User.ReadWrite.All', ...DIR_W],
  'GET /v1.0/users/:id/mailboxSettings': MAILBOX_READ,
  'PATCH /v1.0/users/:id/mailboxSettings': MAILBOX_WRITE,
  'GET /v1.0/directory/deletedItems/microsoft.graph.user': USER_READ,
  'GET /v1.0/directory/deletedItems/microsoft.graph.group': GROUP_READ,
  'GET /v1.0/directory/deletedItems/:id': DELETED_READ,
  'DELETE /v1.0/directory/deletedItems/:id': DELETED_WRITE,
  'POST /v1.0/directory/deletedItems/:id/restore': DELETED_WRITE,
  'GET /v1.0/groups': GROUP_LIST,
  'GET /v1.0/groups/$count': GROUP_LIST,
  'GET /v1.0/groups/delta': GROUP_LIST,
  'POST /v1.0/groups': GROUP_CREATE,
  'GET /v1.0/groups/:id': GROUP_LIST,
  'PATCH /v1.0/groups/:id': groupPatch,
  'DELETE /v1.0/groups/:id': GROUP_WRITE,
  'GET /v1.0/groups/:id/members': GROUP_LIST,
  'GET /v1.0/groups/:id/members/microsoft.graph.user': GROUP_LIST,
  'GET /v1.0/groups/:id/members/microsoft.graph.group': GROUP_LIST,
  'GET /v1.0/groups/:id/members/$count': GROUP_LIST,
  'GET /v1.0/groups/:id/members/microsoft.graph.user/$count': GROUP_LIST,
  'GET /v1.0/groups/:id/members/microsoft.graph.group/$count': GROUP_LIST,
  'GET /v1.0/groups/:id/transitiveMembers': GROUP_LIST,
  'GET /v1.0/groups/:id/owners': GROUP_READ,
  'POST /v1.0/groups/:id/members/$ref': MEMBER_WRITE,
  'DELETE /v1.0/groups/:id/members/:mid/$ref': MEMBER_WRITE,
  'POST /v1.0/groups/:id/owners/$ref': GROUP_WRITE,
  'DELETE /v1.0/groups/:id/owners/:mid/$ref': GROUP_WRITE,
  'POST /v1.0/groups/:id/assignLicense': GROUP_LICENSE,
  'GET /v1.0/roleManagement/directory/roleDefinitions': ROLE_READ,
  'GET /v1.0/roleManagement/directory/roleDefinitions/:id': ROLE_READ,
  'GET /v1.0/roleManagement/directory/roleAssignments': ROLE_READ,
  'GET /v1.0/roleManagement/directory/roleAssignments/:id': ROLE_READ,
  'POST /v1.0/roleManagement/directory/roleAssignments': ROLE_WRITE,
  'DELETE /v1.0/roleManagement/directory/roleAssignments/:id': ROLE_WRITE,
  'GET /v1.0/contacts': CONTACT_READ,
  'GET /v1.0/contacts/:id': CONTACT_READ,
  'PATCH /v1.0/contacts/:id': DIR_W,
  'DELETE /v1.0/contacts/:id': DIR_W,
  // api-reference/v1.0/includes/permissions/application-list-permissions.md
  'GET /v1.0/applications': ['Application.Read.All', 'Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All', 'Directory.Read.All'],
  'GET /v1.0/servicePrincipals': APP_READ,
  'GET /v1.0/servicePrincipals/:id': APP_READ,
  // authenticationmethodspolicy-get.md, authenticationmethodconfiguration-get.md and -update.md.
  'GET /v1.0/policies/authenticationMethodsPolicy': AUTH_POLICY_READ,
  'GET /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/:id': AUTH_POLICY_READ,
  'PATCH /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/:id': AUTH_POLICY_WRITE,
  [`GET ${TAP_POLICY}`]: AUTH_POLICY_READ,
  [`PATCH ${TAP_POLICY}`]: AUTH_POLICY_WRITE,
  'GET /v1.0/users/:id/authentication/temporaryAccessPassMethods': AUTH_METHOD_READ,
  'POST /v1.0/users/:id/authentication/temporaryAccessPassMethods': AUTH_METHOD_WRITE,
  [`GET ${CA}/policies`]: CA_READ,
  [`POST ${CA}/policies`]: CA_WRITE,
  [`GET ${CA}/policies/:id`]: CA_READ,
  [`PATCH ${CA}/policies/:id`]: CA_WRITE,
  [`DELETE ${CA}/policies/:id`]: CA_WRITE,
  [`GET ${CA}/namedLocations`]: CA_READ,
  [`POST ${CA}/namedLocations`]: CA_WRITE,
  [`GET ${CA}/namedLocations/:id`]: CA_READ,
  [`PATCH ${CA}/namedLocations/:id`]: CA_WRITE,
  [`DELETE ${CA}/namedLocations/:id`]: CA_WRITE,
  'GET /v1.0/policies/authorizationPolicy': AUTHZ_READ,
  'PATCH /v1.0/policies/authorizationPolicy': AUTHZ_WRITE,
  'GET /v1.0/admin/sharepoint/settings': SPO_SETTINGS_READ,
  'PATCH /v1.0/admin/sharepoint/settings': SPO_SETTINGS_WRITE,
  'GET /v1.0/policies/identitySecurityDefaultsEnforcementPolicy': SD_READ,
  'PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy': SD_WRITE,
  [`GET ${GDAP}`]: GDAP_READ,
  [`POST ${GDAP}`]: GDAP_WRITE,
  [`GET ${GDAP}/:id`]: GDAP_READ,
  [`PATCH ${GDAP}/:id`]: GDAP_WRITE,
  [`DELETE ${GDAP}/:id`]: GDAP_WRITE,
  [`GET ${GDAP}/:id/requests`]: GDAP_READ,
  [`POST ${GDAP}/:id/requests`]: GDAP_WRITE,
  [`GET ${GDAP}/:id/accessAssignments`]: GDAP_READ,
  [`GET ${GDAP}/:id/accessAssignments/:aid`]: GDAP_READ,
  [`POST ${GDAP}/:id/accessAssignments`]: GDAP_WRITE,
  [`PATCH ${GDAP}/:id/accessAssignments/:aid`]: GDAP_WRITE,
  [`DELETE ${GDAP}/:id/accessAssignments/:aid`]: GDAP_WRITE,
  ...TEAMS_PERMISSIONS,
};

/** The permissions a matched route accepts; a route missing from the table accepts none. */
export function routePermissions(ctx: Ctx, route: Route): string[] | null {
  const entry = GRAPH_PERMISSIONS[`${route.method} ${route.pattern}`];
  if (entry === null) return null;
  if (entry === undefined) return [];
  return typeof entry === 'function' ? entry(ctx) : entry;
}

export function authorizeGraph(ctx: Ctx, route: Route): void {
  const accepted = routePermissions(ctx, route);
  if (accepted === null) return;
  const granted = new Set(ctx.token?.roles ?? []);
  if (accepted.some((p) => granted.has(p))) return;
  throw new ApiError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}
