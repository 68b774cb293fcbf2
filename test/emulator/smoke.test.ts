import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { type Call, errorOf, graph, token } from '../support/http.js';
import { startSmall } from '../support/world.js';

let emu: RunningEmulator;
let call: Call;

beforeAll(async () => {
  emu = await startSmall();
  call = graph(emu.url, await token(emu.url));
});
afterAll(() => emu.close());

describe('the Graph module over HTTP', () => {
  it('serves /organization with the verified domains', async () => {
    const r = await call('GET', '/organization');
    expect(r.status).toBe(200);
    const org = (r.body.value as Record<string, unknown>[])[0];
    expect(org?.displayName).toBe('Contoso');
    expect(org?.verifiedDomains).toEqual([
      { capabilities: 'Email', isDefault: true, isInitial: false, name: 'contoso.com', type: 'Managed' },
      { capabilities: 'Email, OfficeCommunicationsOnline', isDefault: false, isInitial: true, name: 'contoso.onmicrosoft.com', type: 'Managed' },
    ]);
    expect(r.headers.get('x-ms-resource-unit')).toBe('1');
  });

  it('answers without a token with 401 and Graph’s error body', async () => {
    const r = await graph(emu.url, '')('GET', '/users');
    expect(r.status).toBe(401);
    const e = errorOf(r);
    expect(e.code).toBe('InvalidAuthenticationToken');
    expect(Object.keys(e.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
  });
});
