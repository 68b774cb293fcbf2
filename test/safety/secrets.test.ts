// Secrets: a full plan → apply → plan cycle with known secret values (client secret, initial password from the secret
// source, a generated password, the emulator's access tokens) and a search of every artifact for them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClients, createRequestCounter, credentialsFromEnv } from '../../src/clients/index.js';
import type { LoadedTenant } from '../../src/config/model.js';
import { applyPlan, type ApplyLogEntry } from '../../src/engine/apply.js';
import { planRun } from '../../src/engine/run.js';
import { type RunningEmulator } from '../../src/emulator/index.js';
import { startEmulator } from '../support/world.js';
import type { Kind } from '../../src/kinds/contract.js';
import { kinds } from '../../src/kinds/index.js';
import { initialPassword, PASSWORD_ENV } from '../../src/kinds/user/password.js';
import { emulatorClock } from '../support/clock.js';
import { tenantformApp } from '../support/access.js';
import { withApp } from '../../src/emulator/seed-apps.js';
import { loadedTenant } from '../support/folders.js';
import { only } from '../support/pipeline.js';
import { CONTOSO, entraSeed } from '../support/seed.js';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const CLIENT_SECRET = 'cs~Sup3rS3cretClientValue.42';
const INITIAL_PASSWORD = 'Init!Pass-Known-7731';

let emu: RunningEmulator;
beforeEach(async () => {
  const s = entraSeed();
  // The app the environment names, registered with tenantform's grants: the emulator knows no other.
  emu = await startEmulator({ seed: withApp(s, { ...tenantformApp(), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }) });
});
afterEach(async () => {
  await emu.close();
});

/** Everything a run leaves behind, and every secret the wire carried. */
class Capture {
  readonly artifacts: string[] = [];
  readonly secrets = new Set([CLIENT_SECRET, INITIAL_PASSWORD]);
  readonly fetch: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    const password = /"password":"([^"]+)"/.exec(body)?.[1];
    if (password) this.secrets.add(password);
    const res = await fetch(input, init);
    const token = (await res.clone().json().catch(() => ({})) as { access_token?: string }).access_token;
    if (token) this.secrets.add(token);
    return res;
  };

  clientsFor = () => createClients({
    tenantId: CONTOSO, emulatorUrl: emu.url, counter: createRequestCounter(), debug: (line) => this.artifacts.push(line),
    credentials: credentialsFromEnv({ AZURE_CLIENT_ID: CLIENT_ID, AZURE_CLIENT_SECRET: CLIENT_SECRET }),
    transport: { fetch: this.fetch }, clock: emulatorClock(emu),
  });

  log = (e: ApplyLogEntry): void => {
    this.artifacts.push(JSON.stringify(e));
  };

  leaks(): string[] {
    const all = this.artifacts.join('\n');
    return [...this.secrets].filter((s) => all.includes(s)).map((s) => `${s.slice(0, 4)}… leaked`);
  }
}

async function cycle(c: Capture, t: LoadedTenant, secret: (name: string) => string, kindList: Kind[] = kinds) {
  const plan = await planRun({ tenants: [t], clientsFor: c.clientsFor, kinds: kindList });
  c.artifacts.push(JSON.stringify(plan));
  const summary = await applyPlan({ plan, tenants: [t], clientsFor: c.clientsFor, kinds: kindList, log: c.log, secret });
  c.artifacts.push(JSON.stringify(summary));
  const again = await planRun({ tenants: [t], clientsFor: c.clientsFor, kinds: kindList });
  c.artifacts.push(JSON.stringify(again));
  return { plan, summary, again };
}

describe('secrets never reach output', () => {
  it('a full cycle with a client secret, a known initial password and a generated one leaks none of them', async () => {
    const c = new Capture();
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      const known = loadedTenant({ users: [{ userPrincipalName: 'new1@contoso.com', displayName: 'New One' }] });
      const first = await cycle(c, known, (name) => {
        if (name === PASSWORD_ENV) return INITIAL_PASSWORD;
        throw new Error(`no ${name}`);
      });
      expect(first.summary.status).toBe('success');
      const generated = loadedTenant({ users: [{ userPrincipalName: 'new2@contoso.com', displayName: 'New Two' }] });
      const second = await cycle(c, generated, (name) => {
        throw new Error(`secret ${name} is not set`);
      });
      expect(second.summary.status).toBe('success');
      expect(only(second.again).status).toBe('in_sync');
    } finally {
      c.artifacts.push(...out.mock.calls.map((a) => String(a[0])), ...err.mock.calls.map((a) => String(a[0])));
      out.mockRestore();
      err.mockRestore();
    }
    // Two passwords, at least one token: the search below would find them if they were anywhere.
    expect(c.secrets.size).toBeGreaterThanOrEqual(4);
    expect(c.artifacts.join('\n')).toContain('"path":"passwordProfile.password","sensitive":true');
    expect(c.leaks()).toEqual([]);
  });

  it('a failing change whose error echoes a generated password is redacted in the apply log and summary', async () => {
    const c = new Capture();
    const user = kinds.find((k) => k.kind === 'user')!;
    const echoing: Kind = {
      ...user,
      apply: async (_change, ctx) => {
        const password = initialPassword(ctx, {});
        c.secrets.add(password);
        throw new Error(`the service refused the request {"passwordProfile":{"password":"${password}"}}`);
      },
    };
    const t = loadedTenant({ users: [{ userPrincipalName: 'new3@contoso.com', displayName: 'New Three' }] });
    const { summary } = await cycle(c, t, (name) => {
      throw new Error(`secret ${name} is not set`);
    }, kinds.map((k) => (k.kind === 'user' ? echoing : k)));
    expect(summary.tenants[0]?.failed[0]?.error).toContain('"password":"(sensitive)"');
    expect(c.leaks()).toEqual([]);
  });
});
