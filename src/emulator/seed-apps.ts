// Seeds that give an app access the way a CSP partner sets it up: the app is registered once (in the partner tenant,
// or in each tenant when the seed has no partner) and consented into every customer tenant, which creates its
// service principal there with the granted app roles; the service principal is then given the Entra roles Exchange
// app-only access needs and an Azure role on each subscription. Tests, benchmarks and the demo seed build their
// worlds with it.
import { readFileSync } from 'node:fs';
import { EMULATOR_CERTIFICATE_PATH } from '../clients/credentials.js';
import { SHAREPOINT_ROLE_PREFIX } from './access.js';
import type { SeedApp, SeedDocument, SeedTenant } from './seed.js';

export interface SeededApp {
  clientId: string; displayName: string;
  /** Left out for an app that signs in with a certificate or a federated credential. */
  clientSecret?: string;
  /** PEM certificates registered on it (SharePoint takes only certificate tokens). */
  certificates?: string[];
  /** App roles granted in each customer tenant (Graph permissions, Exchange.ManageAsApp). */
  roles: string[];
  /** App roles granted in the partner tenant (its own Graph: GDAP relationships, partner groups; Partner Center). */
  partnerRoles?: string[];
  /** Microsoft Entra roles assigned to its service principal in each customer tenant (Exchange Administrator). */
  directoryRoles?: string[];
  /** Azure roles assigned to its service principal on every subscription of each customer tenant. */
  azureRoles?: string[];
}

/**
 * The certificate of the emulator app's key pair (`emulator/tenantform-emulator.pem`): seeds register it on
 * tenantform's app so that `--emulator` reaches SharePoint, which takes no client secret.
 */
export function emulatorCertificate(): string {
  const pem = readFileSync(EMULATOR_CERTIFICATE_PATH, 'utf8');
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) throw new Error(`${EMULATOR_CERTIFICATE_PATH}: no certificate`);
  return `${block}\n`;
}

/** Grants as `tenantform permissions` computes them, per service. */
export interface AppGrants { graph: string[]; exchange: string[]; sharepoint?: string[]; arm: string[]; partnerGraph: string[]; partnerCenter: string[] }

/** An app holding `grants`: app roles, the Entra role Exchange needs, Azure roles, the partner tenant's grants. */
export function appWith(grants: AppGrants, o: { clientId: string; clientSecret: string; displayName?: string; extraRoles?: string[]; certificates?: string[] }): SeededApp {
  return {
    clientId: o.clientId, clientSecret: o.clientSecret, displayName: o.displayName ?? 'tenantform',
    ...(o.certificates ? { certificates: o.certificates } : {}),
    // SharePoint's roles share Graph's names, so the emulator holds them qualified (access.ts).
    roles: [...grants.graph, ...grants.exchange, ...(grants.sharepoint ?? []).map((r) => `${SHAREPOINT_ROLE_PREFIX}${r}`), ...(o.extraRoles ?? [])],
    partnerRoles: [...grants.partnerGraph, ...grants.partnerCenter],
    // Exchange app-only access needs a supported Entra role on the service principal; the least one that lets
    // tenantform write recipients is Exchange Administrator (its Exchange kinds' role for writes).
    directoryRoles: grants.exchange.length > 0 ? ['Exchange Administrator'] : [],
    azureRoles: grants.arm,
  };
}

function registration(app: SeededApp, roles: string[]): SeedApp {
  return {
    clientId: app.clientId, ...(app.clientSecret !== undefined ? { clientSecret: app.clientSecret } : {}),
    ...(app.certificates ? { certificates: app.certificates } : {}), displayName: app.displayName, roles,
  };
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function consent(tenant: SeedTenant, app: SeededApp): void {
  const sps = (tenant.servicePrincipals ??= []);
  if (!sps.some((s) => same(s.appId, app.clientId))) sps.push({ appId: app.clientId, displayName: app.displayName, roles: [...app.roles] });
}

/** The roles an admin gives the app's service principal after consent: Entra roles, Azure roles per subscription. */
function assignRoles(tenant: SeedTenant, app: SeededApp): void {
  const principal = `servicePrincipal:${app.clientId}`;
  for (const role of app.directoryRoles ?? []) (tenant.directoryRoleAssignments ??= []).push({ principal, role });
  for (const sub of tenant.subscriptions ?? []) {
    for (const role of app.azureRoles ?? []) (sub.roleAssignments ??= []).push({ principal, role, principalType: 'ServicePrincipal' });
  }
}

/**
 * Registers `app` once (in the partner tenant, else in the first tenant that does not know it) unless some tenant of
 * `doc` already registers it, and consents it into every other tenant that does not know it yet (in place).
 */
export function withApp<T extends SeedDocument>(doc: T, app: SeededApp): T {
  const registers = (t: { apps?: SeedApp[] }) => (t.apps ?? []).some((a) => same(a.clientId, app.clientId));
  const known = (t: SeedTenant) => registers(t) || (t.servicePrincipals ?? []).some((s) => same(s.appId, app.clientId));
  let registered = doc.tenants.some(registers) || (doc.partner !== undefined && registers(doc.partner));
  if (doc.partner && !registered) {
    (doc.partner.apps ??= []).push(registration(app, app.partnerRoles ?? []));
    registered = true;
  }
  for (const t of doc.tenants) {
    if (known(t)) continue;
    if (registered) consent(t, app);
    else (t.apps ??= []).push(registration(app, app.roles));
    registered = true;
    assignRoles(t, app);
  }
  return doc;
}
