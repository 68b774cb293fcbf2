// App-only access to the Exchange Online admin API. Two grants are needed, as "App-only authentication for unattended
// scripts in Exchange Online PowerShell" (learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2) sets
// them up: the Exchange.ManageAsApp app role (step 2, in the token's roles) and one of the supported Microsoft Entra
// roles assigned to the app's service principal in the tenant (step 5), from which Exchange builds the session's RBAC.
import { ApiError, type Ctx } from '../router.js';
import { findRole } from '../graph/roles.js';

/** The Microsoft Entra roles the page lists as supported for app-only access to Exchange Online PowerShell. */
export const EXCHANGE_APP_ONLY_ROLES = [
  'Compliance Administrator', 'Exchange Administrator', 'Exchange Recipient Administrator', 'Global Administrator',
  'Global Reader', 'Helpdesk Administrator', 'Security Administrator', 'Security Reader',
];

const SUPPORTED = new Set(EXCHANGE_APP_ONLY_ROLES.map((name) => findRole(name)?.id).filter((id): id is string => id !== undefined));

export function authorizeExchange(ctx: Ctx): void {
  if (!ctx.token?.roles?.includes('Exchange.ManageAsApp')) {
    throw new ApiError(403, 'Forbidden', "The application is not granted the 'Exchange.ManageAsApp' permission required to call the Exchange Online admin API as an app.");
  }
  const principal = ctx.token.oid;
  const held = [...(ctx.tenant?.roleAssignments.values() ?? [])].some((a) => a.principalId === principal && a.directoryScopeId === '/' && SUPPORTED.has(a.roleDefinitionId));
  // The wording is what Connect-ExchangeOnline reports for an app holding no supported role (quoted in
  // MicrosoftDocs/office-docs-powershell#11332); the 401 Unauthorized shape is the admin API's refusal of a caller
  // (MicrosoftDocs/office-docs-powershell#7970).
  if (!held) {
    throw new ApiError(401, 'Unauthorized', `The role assigned to application ${ctx.token.appid} isn't supported in this scenario. Please check online documentation for assigning correct Directory Roles to Azure AD Application for EXO App-Only Authentication.`);
  }
}
