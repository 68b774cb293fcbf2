import { describe, expect, it } from 'vitest';
import { benchEmulator } from '../../src/bench/emulator.js';

describe('benchEmulator', () => {
  it('reads every seeded user through paging and reports the request counts', async () => {
    const r = await benchEmulator(2500);
    expect(r.figures).toMatchObject({ users: 2500, 'top999.requests': 3, 'default100.requests': 25 });
  });
});
