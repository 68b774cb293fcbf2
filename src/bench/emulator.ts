// Benchmark: seed a 100,000-user tenant into the emulator and read every user back through @odata.nextLink paging.
import { startEmulator } from '../emulator/index.js';
import type { SeedDocument } from '../emulator/seed.js';
import { NAIVE_APP, withBenchApps } from './access.js';

export interface BenchResult { name: string; figures: Record<string, number | string> }

const TENANT = '6b1a3c6e-0000-4000-8000-0000000b0001';

export function bigSeed(users: number): SeedDocument {
  return {
    tenants: [{
      tenantId: TENANT, displayName: 'Bench', domains: ['bench.example', 'bench.onmicrosoft.com'], skus: [],
      users: Array.from({ length: users }, (_, i) => ({ userPrincipalName: `user${i}@bench.example`, displayName: `User ${i}`, department: `D${i % 50}` })),
    }],
  };
}

async function readAll(url: string, bearer: string, first: string): Promise<{ users: number; requests: number; ms: number }> {
  const started = performance.now();
  let next: string | undefined = `${url}/v1.0${first}`;
  let users = 0;
  let requests = 0;
  while (next) {
    const res = await fetch(next, { headers: { authorization: `Bearer ${bearer}` } });
    requests++;
    if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    users += body.value.length;
    next = body['@odata.nextLink'];
  }
  return { users, requests, ms: Math.round(performance.now() - started) };
}

export async function benchEmulator(userCount = 100_000): Promise<BenchResult> {
  const seedStarted = performance.now();
  const emu = await startEmulator({ seed: withBenchApps(bigSeed(userCount)), throttling: true });
  const seedMs = Math.round(performance.now() - seedStarted);
  try {
    const tokenRes = await fetch(`${emu.url}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: NAIVE_APP.clientId, client_secret: NAIVE_APP.secret, scope: 'https://graph.microsoft.com/.default' }),
    });
    const bearer = ((await tokenRes.json()) as { access_token: string }).access_token;
    const big = await readAll(emu.url, bearer, '/users?$top=999&$select=id,userPrincipalName,displayName');
    const small = await readAll(emu.url, bearer, '/users');
    if (big.users !== userCount || small.users !== userCount) throw new Error(`read ${big.users}/${small.users} of ${userCount} users`);
    return {
      name: 'emulator: seed and page through a 100k-user tenant',
      figures: {
        users: userCount, seedMs,
        'top999.requests': big.requests, 'top999.ms': big.ms, 'top999.usersPerSec': Math.round((userCount * 1000) / big.ms),
        'default100.requests': small.requests, 'default100.ms': small.ms, 'default100.usersPerSec': Math.round((userCount * 1000) / small.ms),
      },
    };
  } finally {
    await emu.close();
  }
}
