// The demo seed grants tenantform's app exactly what its kinds declare (`allGrants`, plus AuditLog.Read.All for the
// drift report's actor names): no more, so `--emulator` runs prove least privilege, and no less, so they work on the
// strict emulator. A kind that adds a permission fails here until the demo seed grants it.
import { describe, expect, it } from 'vitest';
import { EMULATOR_APP } from '../../src/clients/index.js';
import { loadSeed } from '../../src/emulator/seed.js';
import { appWith } from '../../src/emulator/seed-apps.js';
import { allGrants } from '../../src/kinds/permissions.js';
import { REPO_ROOT } from '../support/examples.js';
import { join } from 'node:path';

const seed = loadSeed(join(REPO_ROOT, 'emulator/demo-seed.yaml'));
const app = appWith(allGrants(), { clientId: EMULATOR_APP.clientId, clientSecret: EMULATOR_APP.secret, extraRoles: ['AuditLog.Read.All'] });
const principal = `servicePrincipal:${EMULATOR_APP.clientId}`;
const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();

describe('the demo seed registers tenantform with its computed grants', () => {
  it('in the partner tenant: the app, with its secret and the partner grants', () => {
    const registered = seed.partner?.apps?.find((a) => a.clientId === EMULATOR_APP.clientId);
    expect(registered?.clientSecret).toBe(EMULATOR_APP.secret);
    expect(sorted(registered?.roles)).toEqual(sorted(app.partnerRoles));
  });

  it.each(seed.tenants.map((t) => [t.displayName, t] as const))('in %s: the consent, the Entra role and the Azure role', (_name, t) => {
    const sp = t.servicePrincipals?.find((s) => s.appId === EMULATOR_APP.clientId);
    expect(sorted(sp?.roles)).toEqual(sorted(app.roles));
    expect((t.directoryRoleAssignments ?? []).filter((a) => a.principal === principal).map((a) => a.role)).toEqual(app.directoryRoles);
    for (const sub of t.subscriptions ?? []) {
      expect((sub.roleAssignments ?? []).filter((a) => a.principal === principal).map((a) => a.role)).toEqual(app.azureRoles);
    }
    expect(t.apps ?? []).toEqual([]);
  });
});
