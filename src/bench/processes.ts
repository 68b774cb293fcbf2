// What the bench's scenarios share about their child processes and request counts: each client and each emulator
// runs in a process of its own, and a phase's requests are the counter's growth over it.
import type { ChildProcess } from 'node:child_process';

/**
 * The last stdout line of a child that `match`es: resolves at once on a `listening …` line (an emulator that stays
 * up), else when the child exits; a child that exits without one fails the scenario.
 */
export function lastLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let found: string | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) if (match(l)) { found = l; if (l.startsWith('listening')) resolve(l); }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('exit', (code) => (found ? resolve(found) : reject(new Error(`bench child exited with ${code}`))));
  });
}

/** The requests per service a phase added to a counter's snapshot. */
export function countsSince(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v > (before[k] ?? 0)) out[k] = v - (before[k] ?? 0);
  return out;
}
