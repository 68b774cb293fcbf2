// The partner user's refresh token (TENANTFORM_PARTNER_REFRESH_TOKEN) and the tokens it is redeemed for never reach
// output: a consent planned and applied with --debug is searched for them in stdout, stderr (the debug log) and the
// apply log.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runApply } from '../../src/cli/apply.js';
import { runPlan } from '../../src/cli/plan.js';
import { connect } from '../../src/cli/connect.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { TenantConfig } from '../../src/config/model.js';
import { partnerCli, partnerEnv } from '../support/cli.js';
import { AGENT_RT, APP, APP_SECRET, onboardingSeed } from '../support/estates.js';
import { workDir } from '../support/folders.js';
import { CONTOSO } from '../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => { vi.restoreAllMocks(); await emu?.close(); emu = undefined; });

describe('partner credentials never reach output', () => {
  it('keeps the refresh token, the app secret and the App+User tokens out of stdout, stderr, the debug log and the apply log', async () => {
    emu = await startEmulator({ seed: onboardingSeed() });
    const sections = { partner: { consent: [{ applicationId: APP, access: 'write' }] } } as Omit<TenantConfig, 'tenant'>;
    const w = workDir([{ name: 'contoso', tenantId: CONTOSO, domains: ['contoso.com'], sections }]);
    let debug = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { debug += String(chunk); return true; });
    const c = partnerCli();
    c.deps.connect = (o) => connect({ ...o, debug: true, env: partnerEnv() });
    const log = `${w.root}/apply.jsonl`;
    expect(await runPlan({ dir: w.dir, emulator: emu.url, debug: true }, c.deps)).toBe(0);
    expect(await runApply({ dir: w.dir, emulator: emu.url, debug: true, autoApprove: true, log, lockDir: `${w.root}/locks` }, c.deps)).toBe(0);
    vi.restoreAllMocks();
    expect(debug).toContain('[login] POST');
    const issued = emu.state.partner?.refreshTokens?.map((t) => t.token) ?? [];
    expect(issued.length).toBeGreaterThan(2);
    const everything = [c.out(), c.err(), debug, readFileSync(log, 'utf8')].join('\n');
    for (const secret of [AGENT_RT, APP_SECRET, ...issued]) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\./);
  });
});
