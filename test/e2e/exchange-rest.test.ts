// The rest of Exchange through the commands, over HTTP against the demo emulator: the example tenant
// fabrikam-logistics declares two dynamic distribution groups, per-mailbox settings (regional settings, MailTip,
// delivery restrictions, policies) and a contacts folder delegate that the demo estate lacks. plan shows them, apply of the saved plan makes them,
// the next plan has none of them; a change made out of band on the emulator is drift again.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { connect } from '../../src/cli/connect.js';
import type { CliDeps } from '../../src/cli/common.js';
import { runPlan } from '../../src/cli/plan.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { kinds } from '../../src/kinds/index.js';
import { readPlanFile } from '../../src/plan/read.js';
import type { TenantPlan } from '../../src/plan/types.js';
import { copyExamples, DEMO_SEED, type ExampleRepo } from '../support/examples.js';
import { appToken, startEmulator } from '../support/world.js';

const FABRIKAM = '3f2c9a7e-0002-4000-8000-000000000002';
const EXCHANGE = new Set(['mailbox', 'dynamicDistributionGroup', 'contactsPermission']);
let emu: RunningEmulator;
let repo: ExampleRepo;

beforeAll(async () => {
  emu = await startEmulator({ seed: DEMO_SEED, throttling: false });
  repo = copyExamples(['fabrikam-logistics']);
});
afterAll(async () => {
  await emu.close();
  repo.remove();
});

function deps(): CliDeps & { text: () => string } {
  let text = '';
  return {
    kinds, connect: (o) => connect({ ...o, env: {} }), out: (t) => (text += t), err: (t) => (text += t),
    isTTY: false, interactive: false, confirm: async () => false, now: () => new Date(), text: () => text,
  };
}

async function plan(name: string): Promise<{ file: string; fabrikam: TenantPlan }> {
  const file = join(repo.root, `${name}.json`);
  const d = deps();
  const code = await runPlan({ dir: repo.dir, emulator: emu.url, out: file, detailedExitcode: true }, d);
  expect(code, d.text()).not.toBe(1);
  const tp = (await readPlanFile(file)).tenants.find((t) => t.tenantId === FABRIKAM)!;
  return { file, fabrikam: { ...tp, changes: tp.changes.filter((c) => EXCHANGE.has(c.kind)) } };
}

const lines = (tp: TenantPlan): string[] => tp.changes.map((c) => `${c.action} ${c.address} ${c.fields.map((f) => f.path).join(',')}`).sort();

async function invoke(cmdlet: string, parameters: Record<string, unknown>): Promise<void> {
  const token = await appToken(emu.url, FABRIKAM, 'app-1', 'https://outlook.office365.com/.default');
  const res = await fetch(`${emu.url}/adminapi/beta/${FABRIKAM}/InvokeCommand`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('dynamic distribution groups and mailbox settings from the command line', () => {
  it('plans what the demo lacks, applies the saved plan, converges, and sees out-of-band drift', async () => {
    const first = await plan('first');
    expect(first.fabrikam.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(lines(first.fabrikam)).toEqual([
      'create dynamicDistributionGroup:figures@fabrikamlogistics.com displayName,hiddenFromAddressLists,recipientFilter,includedRecipients',
      'create dynamicDistributionGroup:operations-all@fabrikamlogistics.com displayName,requireAuthenticatedSenders,recipientFilter,includedRecipients,' +
        'conditional.company,conditional.department,conditional.stateOrProvince,' + Array.from({ length: 15 }, (_, i) => `conditional.customAttribute${i + 1}`).join(','),
      'update contactsPermission:anna.bergstrom@fabrikamlogistics.com contactsFolder[sofia.ekstrom@fabrikamlogistics.com]',
      'update mailbox:info@fabrikamlogistics.com mailTip,regional.language,regional.timeZone,regional.dateFormat,regional.timeFormat',
      'update mailbox:support@fabrikamlogistics.com deliveryRestrictions.acceptFrom',
    ]);
    const a = deps();
    expect(await runApply({ plan: first.file, dir: repo.dir, emulator: emu.url, autoApprove: true, log: join(repo.root, 'apply.jsonl') }, a)).toBe(0);
    expect((await plan('again')).fabrikam.changes).toEqual([]);

    await invoke('Set-DynamicDistributionGroup', { Identity: 'figures@fabrikamlogistics.com', RecipientFilter: "Department -eq 'Sales'" });
    await invoke('Set-Mailbox', { Identity: 'info@fabrikamlogistics.com', MailTip: 'Closed' });
    const drift = await plan('drift');
    expect(lines(drift.fabrikam)).toEqual([
      'update dynamicDistributionGroup:figures@fabrikamlogistics.com recipientFilter',
      'update mailbox:info@fabrikamlogistics.com mailTip',
    ]);
    const figures = drift.fabrikam.changes.find((c) => c.kind === 'dynamicDistributionGroup')!;
    expect(figures.fields[0]).toMatchObject({ before: "Department -eq 'Sales'", after: "(RecipientTypeDetails -eq 'UserMailbox') -and ((Department -eq 'Sales') -or (Department -eq 'Management'))" });
  });
});
