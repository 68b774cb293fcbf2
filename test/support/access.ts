// The apps of the test world. The emulator gives tokens to no app it does not know, so every test seed registers
// tenantform's app (consented into each customer with exactly the grants its kinds declare, `allGrants`), and the
// emulator's own tests register apps that hold every permission an emulated route accepts.
import { EMULATOR_APP } from '../../src/clients/index.js';
import type { SeedDocument } from '../../src/emulator/seed.js';
import { appWith, emulatorCertificate, withApp, type SeededApp } from '../../src/emulator/seed-apps.js';
import { allGrants } from '../../src/kinds/permissions.js';
import { GRAPH_PERMISSIONS } from '../../src/emulator/graph/permissions.js';

export { appWith };

export function tenantformApp(): SeededApp {
  // drift names who changed an object from the audit log when it may (AuditLog.Read.All), so tests grant it too
  // and registers the emulator's certificate beside the secret: SharePoint takes certificate tokens only
  return appWith(allGrants(), { clientId: EMULATOR_APP.clientId, clientSecret: EMULATOR_APP.secret, extraRoles: ['AuditLog.Read.All'], certificates: [emulatorCertificate()] });
}

/** `doc` with tenantform's app registered and consented in every tenant. */
export function withTenantform<T extends SeedDocument>(doc: T): T {
  return withApp(doc, tenantformApp());
}

/** Apps the emulator's own tests call the services with: every permission any emulated route accepts. */
export const TEST_SECRET = 's';

export function everyRole(): string[] {
  const tables = Object.values(GRAPH_PERMISSIONS).filter((v): v is string[] => Array.isArray(v));
  return [...new Set([...tables.flat(), 'Exchange.ManageAsApp'])].sort();
}

/** An app that may do anything the emulator models: every app role, Exchange Administrator, Owner. */
export function omnipotentApp(clientId: string, clientSecret = TEST_SECRET, displayName = 'emulator test app'): SeededApp {
  const roles = everyRole();
  return { clientId, clientSecret, displayName, roles, partnerRoles: [...roles, 'user_impersonation'], directoryRoles: ['Exchange Administrator'], azureRoles: ['Owner'] };
}
