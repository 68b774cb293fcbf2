// How a dynamic distribution group's recipient filter is compared. Exchange does not keep the filter as written: it
// wraps it in parentheses and appends its own exclusions of system mailboxes (`-and (-not(Name -like
// 'SystemMailbox{*'))`, `-and (-not(RecipientTypeDetailsValue -eq 'MailboxPlan'))`, ...), and which exclusions it
// appends varies with the service's version: `(((declared)) -and (-not(...)) -and ...)`. So the plan reads back the
// declared part — the first group, when all that follows it is exclusions of that form (a filter's own `-not` clauses
// sit inside the group and stay) — and compares it with the YAML's ignoring case (OPATH names, operators and string
// comparisons are case-insensitive), runs of spaces and enclosing parentheses. A stored filter of any other shape is
// compared whole, so it shows as a change rather than being guessed at. A filter that says the same in other words
// (reordered clauses) is a change too: tenantform does not evaluate OPATH.

/** An exclusion Exchange appends: `-and (-not(Name -like '...'))` or `-and (-not(RecipientTypeDetailsValue -eq '...'))`. */
const EXCLUSION = / -and \(-not\((?:Name -like '[^']*'|RecipientTypeDetailsValue -eq '[^']*')\)\)/gi;

/** The index of the parenthesis closing the one `f` starts with (quotes respected), or -1. */
function groupEnd(f: string): number {
  if (!f.startsWith('(')) return -1;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < f.length; i += 1) {
    const ch = f[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (depth === 0) return i;
  }
  return -1;
}

/** Whether the outermost parentheses of `f` enclose all of it (`(a) -and (b)` has none that do). */
const enclosed = (f: string): boolean => f.length > 1 && groupEnd(f) === f.length - 1;

function unwrap(f: string): string {
  let out = f.trim();
  while (enclosed(out)) out = out.slice(1, -1).trim();
  return out;
}

/** The part of a stored filter that was declared: Exchange's exclusions and wrapping taken off. */
export function declaredPart(stored: string): string {
  const whole = stored.trim();
  const inner = enclosed(whole) ? whole.slice(1, -1).trim() : whole;
  const end = groupEnd(inner);
  if (end > 0 && inner.slice(end + 1).replace(EXCLUSION, '').trim() === '') return unwrap(inner.slice(0, end + 1));
  return unwrap(whole);
}

/** The form two filters are compared in. */
export function canonicalFilter(f: string): string {
  return unwrap(f.replace(/\s+/g, ' ')).toLowerCase();
}
