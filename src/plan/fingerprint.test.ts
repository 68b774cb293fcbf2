import { describe, expect, it } from 'vitest';
import { canonicalJson, fingerprint } from './fingerprint.js';

describe('canonical JSON and fingerprints', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined, x: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":2,"z":1}]},"b":1}');
  });

  it('gives equal objects in any key order the same fingerprint and different objects different ones', () => {
    const a = fingerprint({ id: '1', displayName: 'Alice', tags: ['x'] });
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fingerprint({ tags: ['x'], displayName: 'Alice', id: '1', extra: undefined })).toBe(a);
    expect(fingerprint({ id: '1', displayName: 'Alice', tags: ['y'] })).not.toBe(a);
    expect(fingerprint({ id: '1', displayName: 'Alice', tags: ['x'], accountEnabled: null })).not.toBe(a);
  });

  it('keeps array order significant', () => {
    expect(fingerprint([1, 2])).not.toBe(fingerprint([2, 1]));
  });
});
