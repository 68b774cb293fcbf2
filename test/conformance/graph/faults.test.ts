// The emulator's body faults on the wire (`--faults truncated:…,nonjson:…,empty:…,nullvalue:…`): what a proxy or a
// broken front end can hand back with a 200 instead of Graph's JSON (api-reference/v1.0/api/user-list.md: a
// successful list is `200 OK` with a JSON collection in `value`). Each kind hits reads only and replays by seed.
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaults } from '../../../src/emulator/faults.js';
import { type RunningEmulator } from '../../../src/emulator/index.js';
import { startEmulator } from '../../support/world.js';
import { conformanceSeed } from './kit.js';
import { token } from '../../support/http.js';
import { CONTOSO } from '../../support/seed.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function raw(faults: string, method = 'GET', path = '/users', body?: unknown): Promise<{ status: number; type: string; text: string }> {
  emu = await startEmulator({ seed: conformanceSeed(), faults, throttling: false });
  const bearer = await token(emu.url, CONTOSO);
  const res = await fetch(`${emu.url}/v1.0${path}`, {
    method, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('body faults', () => {
  it('the spec accepts the four kinds beside the others and refuses unknown ones', () => {
    expect(parseFaults('truncated:0.1,nonjson:0.1,empty:0.1,nullvalue:0.1,seed:3').rates).toEqual({ truncated: 0.1, nonjson: 0.1, empty: 0.1, nullvalue: 0.1 });
    expect(() => parseFaults('garbled:0.1')).toThrow(/unknown fault 'garbled'/);
  });

  it('truncated: 200 with a JSON content type and a body cut short that no JSON parser accepts', async () => {
    const r = await raw('truncated:1');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.text.startsWith('{"@odata.context"')).toBe(true);
    expect(parses(r.text)).toBe(false);
  });

  it('nonjson: 200 with an HTML page', async () => {
    const r = await raw('nonjson:1');
    expect([r.status, r.type.split(';')[0]]).toEqual([200, 'text/html']);
    expect(r.text).toMatch(/^<!DOCTYPE html>/);
  });

  it('empty: 200 with no body at all', async () => {
    const r = await raw('empty:1');
    expect([r.status, r.text]).toEqual([200, '']);
  });

  it('nullvalue: 200 with {"value": null}', async () => {
    const r = await raw('nullvalue:1');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ value: null });
  });

  it('writes are not hit: a create under nullvalue:1 is 201 with the user (user-post-users.md)', async () => {
    const r = await raw('nullvalue:1', 'POST', '/users', {
      accountEnabled: true, displayName: 'W', mailNickname: 'w', userPrincipalName: 'w@contoso.com', passwordProfile: { password: 'xWwvJ]6NMw+bWH-d' },
    });
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text)).toMatchObject({ userPrincipalName: 'w@contoso.com' });
  });
});
