// The request cost of an Exchange plan read: lists for settings, one cmdlet per mailbox for permissions/calendars.
import { expect, it } from 'vitest';
import { benchExchange } from '../../src/bench/exchange.js';

it('reads mailbox settings with paged lists and permissions with one request per mailbox', async () => {
  const rows = await benchExchange(120, () => undefined);
  const [settings, permissions, calendar] = rows;
  expect(settings!.requests).toBe(2);
  expect(permissions!.requests).toBe(120 + 2);
  expect(calendar!.requests).toBe(120);
}, 60_000);
