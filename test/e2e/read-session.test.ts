// Reads shared within a tenant run are kept by that run's session only: a second run in the same process, even on
// the very same clients, reads the tenant afresh. Before sessions, the SKU catalogue apply read was kept per Graph
// client for the life of the process, so a SKU bought between two runs was "not subscribed" to the second.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { kinds } from '../../src/kinds/index.js';
import { loadedTenant } from '../support/folders.js';
import { tenantState, userByUpn } from '../support/http.js';
import { only, summary } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';
import { clientsFor } from '../support/clients.js';

const POWER_BI = { skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', skuPartNumber: 'POWER_BI_PRO', seats: 2, servicePlans: [{ servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba', servicePlanName: 'BI_AZURE_P2' }] };

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: entraSeed() });
});
afterEach(async () => emu.close());

describe('the per-run read session', () => {
  it('a second run on the same clients reads the SKU catalogue again and sees a SKU bought in between', async () => {
    const clients = clientsFor(emu);
    const run = async (t: ReturnType<typeof loadedTenant>) => {
      const plan = await planRun({ tenants: [t], clientsFor: () => clients, kinds });
      const applied = await applyPlan({ plan, tenants: [t], clientsFor: () => clients, kinds, log: () => {}, secret: () => 'unused-Passw0rd!' });
      return { plan: only(plan), applied: applied.tenants[0]! };
    };

    const first = await run(loadedTenant({ users: [{ userPrincipalName: 'carol@contoso.com', licenses: [{ sku: 'VISIOCLIENT' }] }] }));
    expect(summary(first.plan)).toEqual(['create license:carol@contoso.com/VISIOCLIENT (missing)']);
    expect(first.applied.failed).toEqual([]);

    tenantState(emu).skus.push(POWER_BI);
    const second = await run(loadedTenant({ users: [{ userPrincipalName: 'carol@contoso.com', licenses: [{ sku: 'VISIOCLIENT' }, { sku: 'POWER_BI_PRO' }] }] }));
    expect(summary(second.plan)).toEqual(['create license:carol@contoso.com/POWER_BI_PRO (missing)']);
    expect(second.applied.failed).toEqual([]);
    expect(second.applied.completed).toHaveLength(1);
    expect(userByUpn(emu, 'carol@contoso.com')!.licenses.map((l) => l.skuId).sort()).toEqual([POWER_BI.skuId, 'c5928f49-12ba-48f7-ada3-0d743a3601d5'].sort());
  });
});
