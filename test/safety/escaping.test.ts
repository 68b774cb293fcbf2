// Escaping: values placed in OData $filter literals and URL paths are escaped, so names with quotes, ampersands,
// slashes and hashes round-trip through plan and apply, and re-planning gives zero changes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { withTenantform } from '../support/access.js';
import { loadedTenant } from '../support/folders.js';
import { tenantState } from '../support/http.js';
import { driver, only } from '../support/pipeline.js';
import { entraSeed } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startEmulator({ seed: withTenantform(entraSeed()) });
});
afterEach(async () => {
  await emu.close();
});

const HOSTILE_NICKS = ["o'brien", 'r&d/#1', 'a%2Fb', "x''or'1", 'q?x=1&$top=1', 'plus+sign'];

describe('escaping', () => {
  it("a UPN o'brien@contoso.com and a group R&D / #1 round-trip through plan and apply", async () => {
    const d = driver(emu);
    const t = loadedTenant({
      users: [{ userPrincipalName: "o'brien@contoso.com", displayName: "Pat O'Brien", jobTitle: 'R&D / #1 lead', usageLocation: 'IE', manager: 'alice@contoso.com' }],
      groups: [{ mailNickname: 'rd-1', displayName: 'R&D / #1', description: "O'Brien's & co. #1 / 100%", members: ["o'brien@contoso.com"], owners: ["o'brien@contoso.com"] }],
    });
    const tp = only(await d.plan(t));
    expect(tp.diagnostics).toEqual([]);
    const applied = await d.apply(await d.plan(t), t);
    expect(applied.tenants[0]).toMatchObject({ status: 'applied', failed: [], skipped: [] });
    expect(only(await d.plan(t))).toMatchObject({ status: 'in_sync', changes: [] });
    const state = tenantState(emu);
    const pat = [...state.users.values()].find((u) => u.props.userPrincipalName === "o'brien@contoso.com")!;
    expect(pat.props.jobTitle).toBe('R&D / #1 lead');
    const g = [...state.groups.values()].find((x) => x.props.mailNickname === 'rd-1')!;
    expect(g.props.displayName).toBe('R&D / #1');
    expect([...g.members]).toEqual([pat.id]);
  });

  it('mailNicknames built to break $filter literals and query strings are read exactly, never matched loosely', async () => {
    const d = driver(emu);
    const t = loadedTenant({ groups: HOSTILE_NICKS.map((n, i) => ({ mailNickname: n, displayName: `G${i}`, members: ['bob@contoso.com'] })) });
    const tp = only(await d.plan(t));
    expect(tp.diagnostics).toEqual([]);
    expect(tp.changes.filter((c) => c.kind === 'group').map((c) => c.address).sort()).toEqual(HOSTILE_NICKS.map((n) => `group:${n.toLowerCase()}`).sort());
    const applied = await d.apply(await d.plan(t), t);
    expect(applied.tenants[0]).toMatchObject({ status: 'applied', failed: [] });
    expect(only(await d.plan(t))).toMatchObject({ status: 'in_sync', changes: [] });
    const nicks = [...tenantState(emu).groups.values()].map((g) => String(g.props.mailNickname));
    for (const n of HOSTILE_NICKS) expect(nicks.filter((x) => x === n), n).toHaveLength(1);
  });
});
