// Helpers for the kinds' export: stable ordering and natural-key references.

/** Case-insensitive ordering by a key, ties broken by the exact string so that output never depends on the wire. */
export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    const [lx, ly] = [x.toLowerCase(), y.toLowerCase()];
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

export const sortStrings = (list: string[]): string[] => [...list].sort(byKey((s) => s));

/** `n thing(s)` for comments. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A plan address turned back into the reference a YAML list takes: users and guests bare, groups as `group:<nick>`. */
export function yamlReference(address: string): string | undefined {
  if (address.startsWith('user:')) return address.slice(5);
  if (address.startsWith('guest:')) return address.slice(6);
  if (address.startsWith('group:')) return address;
  return undefined;
}
