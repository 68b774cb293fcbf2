// "Did you mean": the closest of a list of known names to a mistyped one, by edit distance. Used for schema keys,
// references, licensing names and country codes, so every suggestion in validate's output works the same way.

/** Edits allowed for a suggestion: a fifth of the word, at least 2 (a typo in a long SKU name is often 2-3 edits). */
function budget(word: string): number {
  return Math.max(2, Math.floor(word.length / 5));
}

/** The candidate nearest to `word` (case-insensitive; the first of equals), or undefined when none is near. */
export function closest(word: string, candidates: Iterable<string>, maxDistance = budget(word)): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = maxDistance + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), bestD - 1);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** Levenshtein distance; stops early once every path costs more than `limit` (returns limit + 1 then). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
