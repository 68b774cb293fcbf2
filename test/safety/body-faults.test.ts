// Malformed success answers: with the emulator answering reads with a truncated JSON body, an HTML page, an empty
// 200 or `{"value": null}`, a plan either reads everything intact and plans exactly what a fault-free plan plans, or
// marks the tenant `error` with zero changes — a mangled read never turns into deletes, removals or duplicates.
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { loadedTenant, randomEstate } from '../support/folders.js';
import { setFaults } from '../support/http.js';
import { driver, only } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const summary = (tp: TenantPlan): string[] => tp.changes.map((c) => `${c.action} ${c.address}`).sort();

function prunedEstate(): ReturnType<typeof randomEstate>['tenant'] {
  const { tenant } = randomEstate(4, 4);
  // Pruning on: a read that came back short would make every undeclared object look deletable.
  tenant.config.policy = { prune: { users: true, groups: true } };
  return tenant;
}

/** More than 20 declared users that already exist and no pruning: the users are read page by page, not listed whole. */
function scopedEstate(): ReturnType<typeof randomEstate>['tenant'] {
  const users = Array.from({ length: 25 }, (_, i) => ({ userPrincipalName: `s${i}@contoso.com`, displayName: `S ${i}` }));
  return loadedTenant({ users });
}

describe.each(['truncated', 'nonjson', 'empty', 'nullvalue'])('read answers with %s bodies', (kind) => {
  it('every read hit gives an error tenant with zero changes', async () => {
    emu = await startEmulator({ seed: entraSeed(), faults: `${kind}:1` });
    const tp = only(await driver(emu).plan(prunedEstate()));
    expect(tp.status).toBe('error');
    expect(tp.changes).toEqual([]);
    expect(tp.diagnostics[0]?.summary).toMatch(/UnexpectedResponse|not JSON|empty|not a JSON object|not a collection/);
  });

  it('at 30 %, each plan is either the fault-free plan or an error with zero changes', async () => {
    emu = await startEmulator({ seed: entraSeed() });
    const tenant = prunedEstate();
    const baseline = only(await driver(emu).plan(tenant));
    expect(baseline.status).not.toBe('error');
    let errored = 0;
    for (let s = 1; s <= 6; s++) {
      await setFaults(emu, `${kind}:0.3,seed:${s}`);
      const tp = only(await driver(emu).plan(tenant));
      if (tp.status === 'error') {
        errored++;
        expect(tp.changes, `seed ${s}`).toEqual([]);
      } else {
        expect(summary(tp), `seed ${s}`).toEqual(summary(baseline));
      }
    }
    expect(errored).toBeGreaterThan(0);
  });

  it('a declared set read page by page (no pruning) is never taken as absent: error or no creates', async () => {
    const base = entraSeed().tenants[0]!;
    const existing = Array.from({ length: 25 }, (_, i) => ({ userPrincipalName: `s${i}@contoso.com`, displayName: `S ${i}` }));
    emu = await startEmulator({ seed: { tenants: [{ ...base, users: [...(base.users ?? []), ...existing] }] } });
    for (let s = 1; s <= 4; s++) {
      await setFaults(emu, `${kind}:0.5,seed:${s}`);
      const tp = only(await driver(emu).plan(scopedEstate()));
      if (tp.status === 'error') expect(tp.changes, `seed ${s}`).toEqual([]);
      else expect(summary(tp), `seed ${s}`).toEqual([]);
    }
  });
});
