// What `tenantform doctor` checks for one tenant, each check with what works or what is missing and the fix. The
// checks read only, through the same clients plan uses, so a check that passes is the access plan and apply get.
// GDAP expiry and auto-extension: https://learn.microsoft.com/partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap
// (Microsoft notifies 30, 7 and 1 days before expiry; relationships holding Global Administrator are not auto-extended).
import { sharePointHosts } from '../clients/clouds.js';
import { ApiError } from '../clients/errors.js';
import type { Clients, GraphApi, RestApi } from '../clients/types.js';
import type { LoadedTenant } from '../config/model.js';
import { findEntraRole } from '../catalog/entra-roles.js';
import { declaredKinds } from '../kinds/permissions.js';
import { approvalLink, readRelationships } from '../kinds/gdap/model.js';
import { neededGrants } from '../kinds/partner-consent/grants.js';
import { readConsents } from '../kinds/partner-consent/index.js';
import type { Identity } from './connect.js';

export type CheckStatus = 'ok' | 'warning' | 'missing' | 'unknown';
export interface Check { check: string; status: CheckStatus; detail: string; fix?: string }

const DAY = 86_400_000;
const GLOBAL_ADMIN = findEntraRole('Global Administrator')?.templateId;
const roleName = (id: string): string => findEntraRole(id)?.displayName ?? id;
const failure = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const GUIDE = 'docs/connect.md';

export function credentialChecks(identity: Identity | undefined, tenants: LoadedTenant[], now: Date): Check[] {
  if (!identity) return [{ check: 'credentials', status: 'missing', detail: 'no credentials found', fix: `set AZURE_CLIENT_ID, AZURE_TENANT_ID and a certificate, secret or OIDC (${GUIDE})` }];
  const out: Check[] = [{ check: 'credentials', status: 'ok', detail: `app ${identity.clientId} signs in with ${identity.credential}` }];
  if (identity.certificateExpires) {
    const days = Math.floor((Date.parse(identity.certificateExpires) - now.getTime()) / DAY);
    if (days < 0) out.push({ check: 'certificate', status: 'missing', detail: `the certificate expired on ${identity.certificateExpires.slice(0, 10)}`, fix: 'upload a new certificate to the app registration and point AZURE_CLIENT_CERTIFICATE_PATH at it' });
    else if (days < 30) out.push({ check: 'certificate', status: 'warning', detail: `the certificate expires on ${identity.certificateExpires.slice(0, 10)} (in ${days} days)`, fix: 'add a new certificate to the app registration before then' });
    else out.push({ check: 'certificate', status: 'ok', detail: `valid until ${identity.certificateExpires.slice(0, 10)}` });
  }
  const needsUser = tenants.some((t) => (t.config.partner?.consent?.length ?? 0) > 0 || (t.config.partner?.seats?.length ?? 0) > 0);
  if (identity.appUser) {
    out.push({ check: 'partner user', status: 'ok', detail: 'a partner user refresh token is configured (App+User for Partner Center); it lapses after 90 days unused, so run at least monthly' });
  } else if (needsUser) {
    out.push({ check: 'partner user', status: 'missing', detail: 'consents and seat orders are App+User calls, and no partner user refresh token is configured', fix: `sign in once as an Admin Agent and store the refresh token as the CI secret TENANTFORM_PARTNER_REFRESH_TOKEN (${GUIDE})` });
  }
  return out;
}

interface PasswordCredential { displayName?: string | null; endDateTime?: string | null }

/**
 * The client secrets of the app tenantform signs in as, from its registration in the partner tenant
 * (`/applications?$filter=appId eq` with `passwordCredentials[].endDateTime`, api-reference/v1.0/api/application-list.md;
 * the read needs Application.Read.All there). Warns 30 days before the last valid one expires.
 */
export async function secretExpiry(graph: GraphApi | undefined, identity: Identity | undefined, now: Date): Promise<Check[]> {
  if (!graph || identity?.credential !== 'client secret') return [];
  let apps;
  try {
    apps = await graph.list<{ passwordCredentials?: PasswordCredential[] }>(`/applications?$filter=appId eq '${identity.clientId.toLowerCase()}'&$select=appId,passwordCredentials`);
  } catch (e) {
    return [{ check: 'client secret', status: 'warning', detail: `its expiry could not be read: ${failure(e)}`, fix: 'grant the app Application.Read.All in the partner tenant so that doctor can warn before the secret expires' }];
  }
  const ends = (apps[0]?.passwordCredentials ?? []).map((c) => c.endDateTime).filter((d): d is string => typeof d === 'string').map((d) => Date.parse(d));
  const valid = ends.filter((t) => t > now.getTime()).sort((a, b) => b - a);
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
  const rotate = 'add a new client secret to the app registration, store it as AZURE_CLIENT_SECRET, then remove the old one';
  if (!valid[0]) return [{ check: 'client secret', status: 'missing', detail: ends.length ? `every client secret of app ${identity.clientId} has expired` : `app ${identity.clientId} has no client secret`, fix: rotate }];
  const days = Math.floor((valid[0] - now.getTime()) / DAY);
  if (days < 30) return [{ check: 'client secret', status: 'warning', detail: `the last valid client secret expires on ${day(valid[0])} (in ${days} days)`, fix: rotate }];
  return [{ check: 'client secret', status: 'ok', detail: `valid until ${day(valid[0])}` }];
}

async function customerRecord(pc: RestApi | undefined, tenantId: string): Promise<Check> {
  if (!pc) return { check: 'Partner Center customer', status: 'unknown', detail: 'no Partner Center connection', fix: 'set AZURE_TENANT_ID to the partner tenant' };
  try {
    const c = await pc.get<{ companyProfile?: { companyName?: string; domain?: string } }>(`/v1/customers/${encodeURIComponent(tenantId)}`);
    return { check: 'Partner Center customer', status: 'ok', detail: `${c.companyProfile?.companyName ?? ''} (${c.companyProfile?.domain ?? ''})` };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { check: 'Partner Center customer', status: 'missing', detail: `tenant ${tenantId} is not a customer of this partner`, fix: 'check tenant.tenantId, or invite the customer in Partner Center (tenantform customers lists them)' };
    return { check: 'Partner Center customer', status: 'unknown', detail: failure(e) };
  }
}

async function gdap(graph: GraphApi | undefined, tenantId: string, now: Date): Promise<Check[]> {
  if (!graph) return [{ check: 'GDAP', status: 'unknown', detail: 'no partner tenant configured', fix: 'set AZURE_TENANT_ID to the partner tenant' }];
  let live;
  try {
    live = (await readRelationships(graph, tenantId)).flatMap((g) => g.generations);
  } catch (e) {
    // Refused: the app lacks the partner tenant's read of the relationships, which only partner.gdap's kind asks for.
    if (e instanceof ApiError && e.status === 403) return [{ check: 'GDAP', status: 'unknown', detail: failure(e), fix: 'grant the app DelegatedAdminRelationship.Read.All in the partner tenant so that doctor can check the relationships' }];
    return [{ check: 'GDAP', status: 'unknown', detail: failure(e) }];
  }
  const active = live.filter((r) => r.status === 'active' || r.status === 'expiring');
  const pending = live.filter((r) => r.status === 'approvalPending');
  if (active.length === 0) {
    if (pending[0]) return [{ check: 'GDAP', status: 'missing', detail: `relationship '${pending[0].displayName}' awaits the customer's approval`, fix: `the customer's Global Administrator approves at ${approvalLink(pending[0].id)}` }];
    return [{ check: 'GDAP', status: 'missing', detail: 'no active GDAP relationship with this customer', fix: 'declare partner.gdap with the roles tenantform permissions lists, apply, and have the customer approve' }];
  }
  return active.map((r) => {
    const roles = r.roles.map(roleName).join(', ');
    const end = r.endDateTime ? Date.parse(r.endDateTime) : undefined;
    const days = end === undefined ? undefined : Math.floor((end - now.getTime()) / DAY);
    const holdsGa = GLOBAL_ADMIN !== undefined && r.roles.includes(GLOBAL_ADMIN);
    const base = `'${r.displayName}' active, roles ${roles}, until ${r.endDateTime?.slice(0, 10) ?? '?'}`;
    if (days !== undefined && days < 30 && r.autoExtendDuration !== 'P180D') {
      const fix = holdsGa ? 'auto-extend cannot apply: the relationship holds Global Administrator; request a successor relationship without it before then' : 'set autoExtend: P180D, or request a successor relationship';
      return { check: 'GDAP', status: 'warning', detail: `${base}: expires in ${days} days`, fix };
    }
    const note = holdsGa ? ' (holds Global Administrator, so it cannot be auto-extended)' : r.autoExtendDuration === 'P180D' ? ' (auto-extended by 180 days)' : '';
    return { check: 'GDAP', status: 'ok', detail: `${base}${note}` };
  });
}

async function consent(t: LoadedTenant, pc: RestApi | undefined, identity: Identity | undefined): Promise<Check[]> {
  const declared = t.config.partner?.consent ?? [];
  const apps = declared.length ? declared.map((c) => ({ id: c.applicationId, access: c.access })) : identity ? [{ id: identity.clientId, access: 'read' as const }] : [];
  if (!pc || !identity?.appUser) return [{ check: 'consent', status: 'unknown', detail: 'consents are read App+User', fix: 'configure TENANTFORM_PARTNER_REFRESH_TOKEN' }];
  let live;
  try {
    live = await readConsents(pc, t.config.tenant.tenantId);
  } catch (e) {
    return [{ check: 'consent', status: 'unknown', detail: failure(e) }];
  }
  return apps.map(({ id, access }) => {
    const need = neededGrants(t.config, access);
    const got = live.find((c) => c.applicationId === id.toLowerCase());
    const fix = 'declare it under partner.consent and apply (an Admin Agent with Cloud Application Administrator in the customer through GDAP)';
    if (!got) return { check: 'consent', status: 'missing', detail: `app ${id} is not consented in the customer`, fix };
    const services = ['graph', 'exchange', 'sharepoint'] as const;
    const missing = services.flatMap((s) => need[s].filter((g) => !got[s].includes(g)));
    const extra = services.flatMap((s) => got[s].filter((g) => !need[s].includes(g)));
    if (missing.length) return { check: 'consent', status: 'missing', detail: `app ${id} (${access}) lacks ${missing.join(', ')}`, fix };
    if (extra.length) return { check: 'consent', status: 'warning', detail: `app ${id} (${access}) holds more than the declared kinds need: ${extra.join(', ')}`, fix: 'plan and apply partner.consent to narrow it' };
    return { check: 'consent', status: 'ok', detail: `app ${id} (${access}) holds exactly the ${need.graph.length + need.exchange.length + need.sharepoint.length} grants the declared kinds need` };
  });
}

/** Roles with which Exchange app-only manages recipients (https://learn.microsoft.com/powershell/exchange/app-only-auth-powershell-v2). */
const EXCHANGE_ROLES = ['Exchange Administrator', 'Global Administrator'];

/** Whether the app's service principal in the customer holds an Entra role Exchange app-only can manage with. */
async function exchangeRole(graph: GraphApi, appId: string): Promise<Check> {
  const fix = `declare roles: [Exchange Administrator] on the app's consent (partner.consent[].roles) and apply (${GUIDE})`;
  try {
    const sps = await graph.list<{ id: string }>(`/servicePrincipals?$filter=appId eq '${appId.toLowerCase()}'&$select=id`);
    if (!sps[0]) return { check: 'Exchange role', status: 'missing', detail: `app ${appId} has no service principal in the customer`, fix: 'consent the app into the customer (partner.consent), then plan again' };
    const held = await graph.list<{ roleDefinitionId: string; directoryScopeId?: string }>(`/roleManagement/directory/roleAssignments?$filter=principalId eq '${sps[0].id}'`);
    const names = held.filter((a) => (a.directoryScopeId ?? '/') === '/').map((a) => roleName(a.roleDefinitionId));
    const good = names.filter((n) => EXCHANGE_ROLES.includes(n));
    if (good.length) return { check: 'Exchange role', status: 'ok', detail: `the app's service principal holds ${good.join(', ')}` };
    return { check: 'Exchange role', status: 'missing', detail: `the app's service principal holds no role Exchange app-only manages with${names.length ? ` (it holds ${names.join(', ')})` : ''}`, fix };
  } catch (e) {
    // Refused: the consent lacks what reads the role (Application.Read.All, RoleManagement.Read.Directory), which
    // declaring the role adds to the consent's grants.
    if (e instanceof ApiError && e.status === 403) return { check: 'Exchange role', status: 'unknown', detail: failure(e), fix };
    return { check: 'Exchange role', status: 'unknown', detail: failure(e) };
  }
}

async function access(name: string, call: () => Promise<unknown>, fix: string): Promise<Check> {
  try {
    await call();
    return { check: name, status: 'ok', detail: 'token issued and a read answered' };
  } catch (e) {
    return { check: name, status: 'missing', detail: failure(e), fix };
  }
}

/**
 * SharePoint's REST API takes no app-only token got with a client secret ("Unsupported app only token."; Microsoft's
 * page learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread, FAQ), so a secret alone is
 * missing access; with a certificate, a token for the admin host and a read of its sites.
 */
async function sharePointChecks(t: LoadedTenant, clients: Clients, identity: Identity | undefined): Promise<Check[]> {
  const certificateFix = `upload a certificate to the app registration and set AZURE_CLIENT_CERTIFICATE_PATH; beside AZURE_CLIENT_SECRET it signs only SharePoint's tokens (${GUIDE})`;
  if (identity?.secretOnly) return [{ check: 'SharePoint', status: 'missing', detail: "SharePoint's REST API refuses app-only tokens got with a client secret (\"Unsupported app only token.\")", fix: certificateFix }];
  let admin: RestApi | undefined;
  try {
    admin = clients.sharepoint?.(sharePointHosts(t.config.tenant.cloud, t.config.tenant.domains).admin);
  } catch (e) {
    return [{ check: 'SharePoint', status: 'missing', detail: failure(e) }];
  }
  if (!admin) return [{ check: 'SharePoint', status: 'unknown', detail: 'no SharePoint client is configured' }];
  const client = admin;
  return [await access('SharePoint', () => client.post('/_api/SPO.Tenant/GetSitePropertiesFromSharePointByFilters', { speFilter: { IncludePersonalSite: 0 } }),
    "grant the app SharePoint's application permission Sites.FullControl.All (Office 365 SharePoint Online API) with admin consent in the customer")];
}

export async function tenantChecks(t: LoadedTenant, clients: Clients, identity: Identity | undefined, now: Date): Promise<Check[]> {
  const tenantId = t.config.tenant.tenantId;
  const kinds = new Set(declaredKinds(t.config).map((k) => k.kind));
  const pc = clients.partnerCenter as RestApi | undefined;
  const checks = [await customerRecord(pc, tenantId), ...(await gdap(clients.partnerGraph as GraphApi | undefined, tenantId, now)), ...(await consent(t, pc, identity))];
  checks.push(await access('Graph', () => clients.graph.get('/organization?$select=id'), 'consent the app into the customer (partner.consent), then plan again'));
  if (['mailbox', 'contact', 'distributionGroup', 'dynamicDistributionGroup', 'mailUser', 'mailboxPermission', 'calendarPermission', 'contactsPermission'].some((k) => kinds.has(k))) {
    const exchange = clients.exchange as { invoke(cmdlet: string, params?: Record<string, unknown>): Promise<unknown> };
    if (identity) checks.push(await exchangeRole(clients.graph, identity.clientId));
    checks.push(await access('Exchange', () => exchange.invoke('Get-Mailbox', { ResultSize: 1 }), "consent Exchange.ManageAsApp and declare roles: [Exchange Administrator] on the app's consent (partner.consent[].roles)"));
  }
  if (kinds.has('sharepointSite')) checks.push(...(await sharePointChecks(t, clients, identity)));
  for (const sub of t.config.azure?.subscriptions ?? []) {
    const arm = clients.arm as RestApi;
    checks.push(await access(`Azure ${sub.id}`, () => arm.get(`/subscriptions/${sub.id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01`), `assign the app's service principal an Azure role on subscription ${sub.id} (azure.subscriptions[].roleAssignments with servicePrincipal:<appId>)`));
  }
  return checks;
}
