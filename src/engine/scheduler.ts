// A topological scheduler: a node starts once all it depends on completed; a failure skips its transitive
// dependants while independent work continues; at most `concurrency` nodes run at once.

export interface GraphNode {
  id: string;
  dependsOn: string[];
}

export type NodeOutcome =
  | { status: 'completed' }
  | { status: 'failed'; error: unknown }
  | { status: 'skipped'; reason: string };

export interface ScheduleHooks {
  /** Called when a node is skipped, as it happens, so logs follow the real sequence. */
  onSkip?(id: string, reason: string): void;
}

export async function runGraph(
  nodes: readonly GraphNode[],
  concurrency: number,
  run: (id: string) => Promise<void>,
  hooks: ScheduleHooks = {},
): Promise<Map<string, NodeOutcome>> {
  const outcomes = new Map<string, NodeOutcome>();
  const known = new Set(nodes.map((n) => n.id));
  const waiting = new Map<string, Set<string>>();
  const dependants = new Map<string, string[]>();
  for (const n of nodes) {
    waiting.set(n.id, new Set(n.dependsOn.filter((d) => d !== n.id)));
    for (const d of n.dependsOn) dependants.set(d, [...(dependants.get(d) ?? []), n.id]);
  }
  const skip = (id: string, reason: string): void => {
    if (outcomes.has(id)) return;
    outcomes.set(id, { status: 'skipped', reason });
    waiting.delete(id);
    hooks.onSkip?.(id, reason);
    for (const dep of dependants.get(id) ?? []) skip(dep, reason);
  };
  for (const n of nodes) {
    const missing = n.dependsOn.find((d) => !known.has(d));
    if (missing) skip(n.id, `depends on ${missing}, which is not in the plan`);
  }

  const limit = Math.max(1, Math.floor(concurrency) || 1);
  let running = 0;
  return new Promise((resolve) => {
    const pump = (): void => {
      for (const [id, deps] of waiting) {
        if (running >= limit) break;
        if (deps.size > 0) continue;
        waiting.delete(id);
        running++;
        run(id).then(
          () => finish(id, { status: 'completed' }),
          (error: unknown) => finish(id, { status: 'failed', error }),
        );
      }
      if (running === 0) {
        // Whatever still waits can never start: it sits on a dependency cycle.
        for (const id of [...waiting.keys()]) skip(id, 'dependency cycle');
        resolve(outcomes);
      }
    };
    const finish = (id: string, outcome: NodeOutcome): void => {
      running--;
      outcomes.set(id, outcome);
      for (const dep of dependants.get(id) ?? []) {
        if (outcome.status === 'completed') waiting.get(dep)?.delete(id);
        else skip(dep, `${id} failed`);
      }
      pump();
    };
    pump();
  });
}
