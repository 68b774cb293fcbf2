// The example tenant fabrikam-logistics, Exchange sections only, against a tenant that has nothing of Exchange yet:
// the seed holds the tenant, its SKUs (from the demo seed) and the users of its YAML. plan → apply → plan converges
// to zero changes; an Exchange error reaches the apply summary with the service's own text.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadTenants } from '../../src/config/loader.js';
import type { LoadedTenant } from '../../src/config/model.js';
import type { SeedDocument, SeedTenant } from '../../src/emulator/seed.js';
import { calendarPermissionKind } from '../../src/kinds/calendar-permission/index.js';
import { contactKind } from '../../src/kinds/contact/index.js';
import type { Kind } from '../../src/kinds/contract.js';
import { distributionGroupKind } from '../../src/kinds/distribution-group/index.js';
import { mailboxKind } from '../../src/kinds/mailbox/index.js';
import { mailboxPermissionKind } from '../../src/kinds/mailbox-permission/index.js';
import { copyExamples } from '../support/examples.js';
import { DEMO_SEED } from '../support/examples.js';
import { kinds as registeredKinds } from '../../src/kinds/index.js';
import { startWorld, type World } from '../support/clients.js';
import { applyWith, planWith } from '../support/pipeline.js';

const kinds = [mailboxKind, mailboxPermissionKind, calendarPermissionKind, distributionGroupKind, contactKind] as Kind[];

let h: World | undefined;
afterEach(async () => h?.close());

async function fabrikam(): Promise<LoadedTenant> {
  const examples = copyExamples(['fabrikam-logistics']);
  const { tenants, diagnostics } = await loadTenants({ dir: examples.dir, repoRoot: examples.root, kinds: registeredKinds });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return tenants[0]!;
}

/** From scratch: the tenant, its SKUs and its users with their direct licenses; no mailbox, group or contact. */
function seedFor(loaded: LoadedTenant): SeedDocument {
  const demo = parse(readFileSync(DEMO_SEED, 'utf8')) as { tenants: SeedTenant[] };
  const t = loaded.config.tenant;
  const skus = demo.tenants.find((x) => x.tenantId === t.tenantId)!.skus;
  const users = (loaded.config.users ?? []).filter((u) => u.ensure !== 'absent').map((u) => ({
    userPrincipalName: u.userPrincipalName, displayName: u.displayName, usageLocation: u.usageLocation,
    licenses: (u.licenses ?? []).map((l) => ({ sku: l.sku, disabledPlans: l.disabledPlans })),
  }));
  return { tenants: [{ tenantId: t.tenantId, displayName: 'Fabrikam Logistics AB', domains: t.domains, skus, users }] };
}

describe('fabrikam-logistics Exchange sections from scratch', () => {
  it('plans, applies and re-plans to zero changes', async () => {
    const loaded = await fabrikam();
    h = await startWorld(seedFor(loaded), { tenantId: loaded.config.tenant.tenantId });
    const clients = h.clients();
    const first = await planWith(kinds, loaded, clients);
    expect(first.diagnostics).toEqual([]);
    expect(first.changes.length).toBeGreaterThan(10);
    const summary = await applyWith(kinds, loaded, first, clients);
    expect(summary.tenants[0]!.failed).toEqual([]);
    const again = await planWith(kinds, loaded, clients);
    expect(again.changes.map((c) => `${c.action} ${c.address} ${JSON.stringify(c.fields)}`)).toEqual([]);
    expect(again.status).toBe('in_sync');
  });

  it("reports an Exchange error in the apply summary with the service's message", async () => {
    const loaded = await fabrikam();
    h = await startWorld(seedFor(loaded), { tenantId: loaded.config.tenant.tenantId });
    const clients = h.clients();
    const broken: LoadedTenant = {
      ...loaded,
      config: { ...loaded.config, mailboxes: [], contacts: [], groups: [{ mailNickname: 'dispatch', displayName: 'Dispatch', type: 'distribution', deliveryRestrictions: { rejectFrom: ['nobody@elsewhere.example.com'] } }] },
    };
    const summary = await applyWith(kinds, broken, await planWith(kinds, broken, clients), clients);
    expect(summary.status).not.toBe('success');
    expect(summary.tenants[0]!.failed[0]!.error).toMatch(/^exchange 400 ManagementObjectNotFoundException: The operation couldn't be performed because object 'nobody@elsewhere\.example\.com' couldn't be found on '.+'\. \(Set-DistributionGroup: POST \/adminapi\/beta\/[\w-]+\/InvokeCommand\)$/);
  });
});
