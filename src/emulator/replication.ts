// Entra's eventual consistency: a directory object created through Graph is not at once visible to every reader,
// because the write lands on one replica and the read may hit another. Microsoft's support article "404 error when
// managing objects using Microsoft Graph" (learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/
// 404-not-found-error-manage-objects-microsoft-graph) says a new object can be missing for a while after its create
// succeeded. The emulator models it per object: each new object gets its own delay, drawn from a seed so that a run
// is repeatable, on the emulator's clock so that a test moves time instead of waiting.

/** The longest a new object stays invisible by default; every new object waits a quarter of it at least. */
export const DEFAULT_REPLICATION_DELAY_MS = 4000;

export interface Replication {
  /** The longest delay; 0 switches eventual consistency off (every write is read back at once). */
  replicationDelayMs: number;
  /** Picks each object's delay; the same seed gives the same delays. */
  replicationSeed?: number;
}

/** FNV-1a over the seed and the object id: a stable fraction in [0, 1). */
function fraction(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

/** How long after its creation the object `id` becomes visible: between a quarter of the maximum and the maximum. */
export function replicationDelayOf(r: Replication, id: string): number {
  if (r.replicationDelayMs <= 0) return 0;
  return Math.round(r.replicationDelayMs * (0.25 + 0.75 * fraction(r.replicationSeed ?? 0, id.toLowerCase())));
}

/** Seeded objects (createdMs 0) were always there; a new one is visible once its own delay has passed. */
export function isReplicated(r: Replication, obj: { id: string; createdMs: number }, now: number): boolean {
  return obj.createdMs === 0 || now - obj.createdMs >= replicationDelayOf(r, obj.id);
}
