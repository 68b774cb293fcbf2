// A group is one object whatever `type` says. Microsoft 365 ↔ security cannot be converted in place, so the plan
// refuses it, unless the YAML says `replace: true`: then one destructive change deletes the live group, purges it from
// deleted items (a deleted Microsoft 365 group keeps its address there for 30 days; a security group is deleted for
// good at once: api-reference/v1.0/api/group-delete.md; the purge is DELETE /directory/deletedItems/{id},
// api-reference/v1.0/api/directory-deleteditems-delete.md) and creates the declared one. Counted by maxDeletes;
// applied and converged with exactly one group left; a saved plan missing the purge is refused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { runValidate } from '../../src/cli/validate.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import { sealPlan } from '../../src/plan/digest.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { Plan } from '../../src/plan/types.js';
import { cli } from '../support/cli.js';
import { cliEstate } from '../support/estates.js';
import { contoso, workDir } from '../support/folders.js';
import { portalChange } from '../support/http.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator;
beforeEach(async () => {
  const doc = cliEstate();
  doc.tenants.find((t) => t.tenantId === CONTOSO)!.groups!.push({ displayName: 'Sales', mailNickname: 'sales', type: 'microsoft365' });
  emu = await startEmulator({ seed: doc });
});
afterEach(async () => {
  await emu.close();
});

const sales = (extra: Record<string, unknown> = {}, maxDeletes?: number) => contoso({
  groups: [{ mailNickname: 'sales', displayName: 'Sales', type: 'security', ...extra }],
  ...(maxDeletes !== undefined ? { policy: { maxDeletes } } : {}),
} as never);

/** Every live and deleted group of Contoso with this nickname, as the emulator holds them. */
function groupsNamed(nick: string): { live: { securityEnabled: unknown; groupTypes: unknown }[]; deleted: number } {
  const t = emu.state.tenants.get(CONTOSO)!;
  const live = [...t.groups.values()].filter((g) => g.props.mailNickname === nick).map((g) => ({ securityEnabled: g.props.securityEnabled, groupTypes: g.props.groupTypes }));
  const deleted = [...t.deletedGroups.values()].filter((g) => g.props.mailNickname === nick).length;
  return { live, deleted };
}

async function planTo(dir: string, file: string): Promise<{ code: number; plan: Plan; out: string }> {
  const c = cli();
  const code = await runPlan({ dir, emulator: emu.url, out: file, detailedExitcode: true }, c.deps);
  return { code, plan: await readPlanFile(file), out: c.out() };
}

describe('replace: true on a group whose type cannot be converted', () => {
  it('without replace: refused with the reason and the manual path, naming replace: true', async () => {
    const w = workDir([sales()]);
    const { code, plan } = await planTo(w.dir, join(w.root, 'plan.json'));
    expect(code).toBe(1);
    const error = plan.tenants[0]!.diagnostics.find((d) => d.severity === 'error')!;
    expect(error.summary).toContain('group:sales is a microsoft365 group in the tenant but security in the YAML; it cannot be converted in place');
    expect(error.detail).toContain('or set replace: true on it');
    expect(plan.tenants[0]!.changes).toEqual([]);
  });

  it('is refused by maxDeletes: 0, since the replace deletes a group', async () => {
    const w = workDir([sales({ replace: true }, 0)]);
    const { code, plan } = await planTo(w.dir, join(w.root, 'plan.json'));
    expect(code).toBe(1);
    expect(plan.tenants[0]!.diagnostics.map((d) => d.summary)).toContain('plan refused: 1 deletes exceed maxDeletes 0');
  });

  it('plans delete, purge and create as one destructive change; applies it; re-plans to nothing; one group left', async () => {
    const w = workDir([sales({ replace: true })]);
    const file = join(w.root, 'plan.json');
    const planned = await planTo(w.dir, file);
    expect(planned.code).toBe(2);
    const [change, ...rest] = planned.plan.tenants[0]!.changes;
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ address: 'group:sales', action: 'replace', destructive: true, reason: 'type_changed' });
    expect(change!.ops).toEqual({ op: 'replaceGroup', steps: ['delete', 'purge', 'create'], type: 'security' });
    expect(planned.out).toContain('-/+ group:sales');
    expect(planned.out).toContain('Purge it from deleted items');

    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(0);
    expect(groupsNamed('sales')).toEqual({ live: [{ securityEnabled: true, groupTypes: [] }], deleted: 0 });
    const again = await planTo(w.dir, join(w.root, 'again.json'));
    expect(again.code).toBe(0);
    expect(again.plan.tenants[0]!.changes).toEqual([]);
  });

  it('refuses a hand-edited plan that drops the purge, even with its digest recomputed', async () => {
    const w = workDir([sales({ replace: true })]);
    const file = join(w.root, 'plan.json');
    await planTo(w.dir, file);
    const plan = JSON.parse(readFileSync(file, 'utf8')) as Plan;
    const change = plan.tenants[0]!.changes[0]!;
    const ops = change.ops as { steps: string[] };
    ops.steps = ops.steps.filter((step) => step !== 'purge');
    writeFileSync(file, JSON.stringify(sealPlan(plan)));
    const a = cli();
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, a.deps)).toBe(1);
    expect(a.out() + a.err()).toContain('replace group:sales: its desired object or operations differ from what planning now gives');
    expect(groupsNamed('sales')).toEqual({ live: [{ securityEnabled: false, groupTypes: ['Unified'] }], deleted: 0 });
  });

  it('is refused at validate with ensure: absent or on an Exchange group, with file, line and column', async () => {
    const w = workDir([]);
    mkdirSync(join(w.dir, 'contoso'), { recursive: true });
    writeFileSync(join(w.dir, 'contoso', 'tenant.yaml'), [
      `tenant: { name: contoso, tenantId: ${CONTOSO}, domains: [contoso.com] }`,
      'groups:',
      '  - { mailNickname: sales, type: security, ensure: absent, replace: true }',
      '  - { mailNickname: news, displayName: News, type: distribution, replace: true }',
      '',
    ].join('\n'));
    let printed = '';
    const io = { stdout: (t: string) => (printed += t), stderr: (t: string) => (printed += t) };
    expect(await runValidate({ dir: w.dir, repoRoot: w.root }, io)).toBe(1);
    expect(printed).toMatch(/tenant\.yaml:3:\d+: groups\[0\]\.replace: replace: true contradicts ensure: absent/);
    expect(printed).toMatch(/tenant\.yaml:4:\d+: groups\[1\]\.replace: replace: true is for security and Microsoft 365 groups/);
  });

  it('purges a deleted Microsoft 365 copy in the recycle bin, which keeps the address, and creates the security group', async () => {
    const id = [...emu.state.tenants.get(CONTOSO)!.groups.values()].find((g) => g.props.mailNickname === 'sales')!.id;
    await portalChange(emu, CONTOSO, [{ method: 'DELETE', url: `/groups/${id}` }]);
    expect(groupsNamed('sales')).toEqual({ live: [], deleted: 1 });
    const w = workDir([sales({ replace: true })]);
    const file = join(w.root, 'plan.json');
    const planned = await planTo(w.dir, file);
    expect(planned.plan.tenants[0]!.changes.map((c) => [c.action, c.address, c.ops])).toEqual([['replace', 'group:sales', { op: 'replaceGroup', steps: ['purge', 'create'], type: 'security' }]]);
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, cli().deps)).toBe(0);
    expect(groupsNamed('sales')).toEqual({ live: [{ securityEnabled: true, groupTypes: [] }], deleted: 0 });
    expect((await planTo(w.dir, join(w.root, 'again.json'))).code).toBe(0);
  });

  it('adds the declared members to the new group in the same apply: the old one\'s members went with it', async () => {
    const t = emu.state.tenants.get(CONTOSO)!;
    const alice = t.upnIndex.get('alice@contoso.com')!;
    [...t.groups.values()].find((g) => g.props.mailNickname === 'sales')!.members.add(alice);
    const w = workDir([contoso({
      users: [{ userPrincipalName: 'alice@contoso.com' }, { userPrincipalName: 'bob@contoso.com' }],
      groups: [{ mailNickname: 'sales', displayName: 'Sales', type: 'security', replace: true, members: ['alice@contoso.com', 'bob@contoso.com'] }],
    } as never)]);
    const file = join(w.root, 'plan.json');
    const planned = await planTo(w.dir, file);
    const changes = planned.plan.tenants[0]!.changes;
    expect(changes.map((c) => `${c.action} ${c.address}`)).toEqual(['replace group:sales', 'create membership:sales']);
    expect(changes[1]!.dependsOn).toEqual([changes[0]!.id]);
    expect(await runApply({ plan: file, dir: w.dir, emulator: emu.url, autoApprove: true, log: join(w.root, 'apply.jsonl') }, cli().deps)).toBe(0);
    const sales = [...emu.state.tenants.get(CONTOSO)!.groups.values()].filter((g) => g.props.mailNickname === 'sales');
    expect(sales.map((g) => [...g.members].map((id) => t.users.get(id)?.props.userPrincipalName).sort())).toEqual([['alice@contoso.com', 'bob@contoso.com']]);
    expect((await planTo(w.dir, join(w.root, 'again.json'))).code).toBe(0);
  });
});
