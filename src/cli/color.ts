// Whether output is coloured. The escapes themselves come from picocolors; this only decides, by the conventions
// users set once for every tool: `--no-color` on the command line, then FORCE_COLOR (Node's rule: it overrides
// NO_COLOR; "0" or "false" turn colour off), then NO_COLOR (any non-empty value), else colour only on a terminal.
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

let flagOff = false;

/** `--no-color` was given: nothing this process prints is coloured. */
export function disableColor(): void {
  flagOff = true;
}

export function colorEnabled(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flagOff) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY;
}

export const colors = (enabled: boolean): Colors => pc.createColors(enabled);
