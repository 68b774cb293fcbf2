import { describe, expect, it } from 'vitest';
import { createReadSession } from './session.js';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('ReadSession', () => {
  it('shares a read while it is in flight and forgets it once settled', async () => {
    const s = createReadSession();
    let reads = 0;
    const d = deferred<string>();
    const read = () => (reads++, d.promise);
    const a = s.shared('users', read);
    const b = s.shared('users', read);
    d.resolve('u');
    expect([await a, await b]).toEqual(['u', 'u']);
    expect(reads).toBe(1);
    await s.shared('users', async () => (reads++, 'again'));
    expect(reads).toBe(2);
  });

  it('keeps a memo for the session, but not a failure', async () => {
    const s = createReadSession();
    let reads = 0;
    await expect(s.memo('skus', async () => { reads++; throw new Error('429'); })).rejects.toThrow('429');
    expect(await s.memo('skus', async () => (reads++, 'catalogue'))).toBe('catalogue');
    expect(await s.memo('skus', async () => (reads++, 'stale?'))).toBe('catalogue');
    expect(reads).toBe(2);
  });

  it('two sessions never share: a second run reads afresh', async () => {
    let reads = 0;
    const read = async () => ++reads;
    expect(await createReadSession().memo('skus', read)).toBe(1);
    expect(await createReadSession().memo('skus', read)).toBe(2);
  });

  it('keys are separate: shared and memo of one key do not mix', async () => {
    const s = createReadSession();
    expect(await s.memo('skus', async () => 'kept')).toBe('kept');
    expect(await s.shared('skus', async () => 'fresh')).toBe('fresh');
  });
});
