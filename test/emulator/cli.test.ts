import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { emulatorCommand, runEmulator, type EmulatorFlags } from '../../src/cli/emulator.js';
import { withWorldApps } from '../support/world.js';
import { token } from '../support/http.js';
import { smallSeed } from '../support/seed.js';

const flags = (o: Partial<EmulatorFlags>): EmulatorFlags => ({ port: 0, latency: 0, replicationDelay: 0, throttling: true, ...o });

describe('tenantform emulator', () => {
  it('starts from a YAML seed, prints exactly the readiness line and writes the state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
    // The YAML seed registers the apps that sign in, as any seed must: the emulator knows no other.
    writeFileSync(join(dir, 'seed.yaml'), stringify(withWorldApps(smallSeed())));
    const lines: string[] = [];
    const emu = await runEmulator(flags({ seed: join(dir, 'seed.yaml'), state: join(dir, 'state.json') }), (l) => lines.push(l));
    try {
      expect(lines).toEqual([`listening on ${emu.url}`]);
      expect(lines[0]).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(join(dir, 'state.json'))).toBe(true);
      const res = await fetch(`${emu.url}/v1.0/organization`, { headers: { authorization: `Bearer ${await token(emu.url)}` } });
      expect(res.status).toBe(200);
    } finally {
      await emu.close();
    }
  });

  it('rejects bad flags and names the flag', async () => {
    for (const [args, text] of [[['--port', '70000'], '--port must be'], [['--faults', 'boom:1'], "unknown fault 'boom'"], [['--latency', '-1'], '--latency must be']] as const) {
      const cmd = emulatorCommand().exitOverride().configureOutput({ writeErr: () => undefined });
      await expect(cmd.parseAsync([...args], { from: 'user' })).rejects.toThrow(text);
    }
  });

  it('reports an invalid seed with the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tf-cli-'));
    writeFileSync(join(dir, 'seed.yaml'), 'tenants:\n  - tenantId: x\n');
    await expect(runEmulator(flags({ seed: join(dir, 'seed.yaml') }), () => undefined)).rejects.toThrow(/seed\.yaml: invalid emulator seed/);
  });
});
