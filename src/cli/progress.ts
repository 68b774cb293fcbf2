// Progress of a plan, drift or apply over many tenants, on stderr so that stdout (a plan as JSON, say) stays clean.
// On a terminal: a live block, redrawn in place by log-update, with the counts so far and a line per running tenant.
// In CI or when stderr is not a terminal: one line per tenant as it finishes, with its outcome and how long it took,
// so a log shows how far a long run got.
import { createLogUpdate } from 'log-update';
import type { TenantProgress } from '../engine/run.js';
import { colorEnabled, colors, type Colors } from './color.js';

export interface RunProgress extends TenantProgress {
  /** Ends the live display, whatever happened to the run; calling it again does nothing. */
  stop(): void;
}

export type ProgressFactory = (verb: 'plan' | 'drift' | 'apply', total: number) => RunProgress;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

function paintOutcome(c: Colors, outcome: string): string {
  if (/error|failed|refused/.test(outcome)) return c.red(outcome);
  if (/changes|applied/.test(outcome)) return c.yellow(outcome);
  return c.green(outcome);
}

/** CI: a line per finished tenant. */
function lineProgress(write: (text: string) => void, c: Colors, verb: string, total: number): RunProgress {
  const started = new Map<string, number>();
  let finished = 0;
  return {
    start: (tenant) => void started.set(tenant, Date.now()),
    step: () => undefined,
    done: (tenant, outcome, detail) => {
      finished++;
      const ms = Date.now() - (started.get(tenant) ?? Date.now());
      write(`tenantform: ${verb} [${finished}/${total}] ${tenant}: ${paintOutcome(c, outcome)}${detail ? ` (${detail})` : ''} in ${seconds(ms)}\n`);
    },
    stop: () => undefined,
  };
}

interface Running {
  since: number;
  steps: number;
  failed: number;
}

/** A terminal: the block is redrawn on every event and every 100 ms, so running tenants' times tick. */
function liveProgress(stream: NodeJS.WriteStream, c: Colors, verb: string, total: number): RunProgress {
  const draw = createLogUpdate(stream);
  const running = new Map<string, Running>();
  const outcomes = new Map<string, number>();
  let finished = 0;
  const render = (): void => {
    const counts = [...outcomes].map(([o, n]) => `${n} ${paintOutcome(c, o)}`).join(', ');
    const lines = [`${c.bold(`tenantform ${verb}`)}: ${finished}/${total} tenants done${counts ? ` — ${counts}` : ''}`];
    for (const [name, r] of running) {
      const steps = r.steps || r.failed ? `, ${r.steps} changes done${r.failed ? `, ${c.red(`${r.failed} failed`)}` : ''}` : '';
      lines.push(`  ${c.cyan('…')} ${name} ${c.dim(seconds(Date.now() - r.since))}${steps}`);
    }
    draw(lines.join('\n'));
  };
  const timer = setInterval(render, 100);
  timer.unref();
  return {
    start: (tenant) => {
      running.set(tenant, { since: Date.now(), steps: 0, failed: 0 });
      render();
    },
    step: (tenant, status) => {
      const r = running.get(tenant);
      if (!r) return;
      if (status === 'completed' || status === 'already_live') r.steps++;
      if (status === 'failed') r.failed++;
    },
    done: (tenant, outcome) => {
      running.delete(tenant);
      finished++;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      render();
    },
    stop: () => {
      clearInterval(timer);
      draw.clear();
    },
  };
}

/** Progress on `stream` (stderr), live only on a terminal outside CI. */
export function progressOn(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): ProgressFactory {
  const live = stream.isTTY === true && !env.CI;
  const c = colors(colorEnabled(stream.isTTY === true, env));
  return (verb, total) => (live ? liveProgress(stream, c, verb, total) : lineProgress((t) => stream.write(t), c, verb, total));
}
