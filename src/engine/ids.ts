// Natural keys to object ids during apply: seeded from the re-read live objects, extended by each create.
import type { IdResolver } from '../kinds/contract.js';

export class UnresolvedAddressError extends Error {
  override name = 'UnresolvedAddressError';
  constructor(readonly address: string) {
    super(`no object id known for ${address}`);
  }
}

export class MapIdResolver implements IdResolver {
  private readonly ids = new Map<string, string>();

  /** Each live object's `id` under its address. */
  seed(liveByAddress: Iterable<[string, unknown]>): this {
    for (const [address, obj] of liveByAddress) {
      const id = (obj as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id !== '') this.ids.set(address, id);
    }
    return this;
  }

  lookup(address: string): string | undefined {
    return this.ids.get(address);
  }

  /** Throws UnresolvedAddressError for addresses outside the plan's reads; kinds may catch it and query. */
  async resolve(address: string): Promise<string> {
    const id = this.ids.get(address);
    if (id === undefined) throw new UnresolvedAddressError(address);
    return id;
  }

  record(address: string, id: string): void {
    this.ids.set(address, id);
  }
}
