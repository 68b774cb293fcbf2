// How Exchange reads travel (src/clients/exchange-reads.ts): a few declared objects cost one cmdlet each, more than
// 25 one paged list, over HTTP against the emulator's InvokeCommand endpoint, counted on the client's counter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRequestCounter } from '../../src/clients/counter.js';
import { EXCHANGE_SCOPED_LIMIT, invokeOne, invokeScoped } from '../../src/clients/exchange-reads.js';
import { startWorld, type World } from '../support/clients.js';
import { mailSeed } from '../support/seed.js';

let h: World | undefined;
afterEach(async () => h?.close());

const addresses = (n: number): string[] => ['alice@contoso.com', 'bob@contoso.com', ...Array.from({ length: n - 2 }, (_, i) => `ghost${i}@contoso.com`)];
const primaries = (rows: Record<string, unknown>[]): string[] => rows.map((r) => String(r.PrimarySmtpAddress).toLowerCase()).sort();

describe('Exchange scoped reads', () => {
  it('reads up to 25 declared mailboxes one cmdlet each; absent ones are simply missing', async () => {
    h = await startWorld(mailSeed());
    const counter = createRequestCounter();
    const ex = h.clients(counter).exchange;
    const rows = await invokeScoped(ex, 'Get-Mailbox', addresses(EXCHANGE_SCOPED_LIMIT), { list: { ResultSize: 'Unlimited' } });
    expect(primaries(rows)).toEqual(['alice@contoso.com', 'bob@contoso.com']);
    expect(counter.count('exchange')).toBe(EXCHANGE_SCOPED_LIMIT);
  });

  it('reads 26 or more, or all, by one paged list that holds mailboxes not asked for too', async () => {
    h = await startWorld(mailSeed());
    const counter = createRequestCounter();
    const ex = h.clients(counter).exchange;
    const many = await invokeScoped(ex, 'Get-Mailbox', addresses(EXCHANGE_SCOPED_LIMIT + 1), { list: { ResultSize: 'Unlimited' } });
    expect(primaries(many)).toEqual(['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com']);
    expect(counter.count('exchange')).toBe(1);
    const all = await invokeScoped(ex, 'Get-Mailbox', [], { all: true, list: { ResultSize: 'Unlimited' } });
    expect(primaries(all)).toEqual(primaries(many));
    expect(counter.count('exchange')).toBe(2);
  });

  it('one object by identity: undefined only for the service\'s not-found, any other failure thrown', async () => {
    h = await startWorld(mailSeed());
    const ex = h.clients().exchange;
    expect(await invokeOne(ex, 'Get-Mailbox', 'nobody@contoso.com')).toBeUndefined();
    expect(String((await invokeOne(ex, 'Get-Mailbox', 'ALICE@contoso.com'))?.PrimarySmtpAddress).toLowerCase()).toBe('alice@contoso.com');
    await expect(invokeOne(ex, 'No-SuchCmdlet', 'alice@contoso.com')).rejects.toThrow();
  });
});
