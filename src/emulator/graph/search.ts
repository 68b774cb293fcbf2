// `$search` on directory objects as concepts/search-query-parameter.md ("Using $search on directory object
// collections") describes it: clauses `"property:text"` joined by upper-case AND / OR with parentheses, tokenised
// matching on displayName and description, startsWith on the other string properties.
import { ApiError } from '../router.js';
import type { Getter, Predicate } from './odata.js';
import { lex } from './lex.js';

type Node = { t: 'and' | 'or'; l: Node; r: Node } | { t: 'clause'; prop: string; text: string };

/** How a property matches: `tokens` (displayName, description) or `prefix` (every other searchable string). */
export type SearchFields = ReadonlyMap<string, 'tokens' | 'prefix'>;

// Microsoft publishes no text for a malformed $search on directory objects; the code is the one the documented
// $search errors use (concepts/aad-advanced-queries.md).
const invalid = (msg: string): ApiError => new ApiError(400, 'Request_UnsupportedQuery', `Invalid $search clause: ${msg}`);

function clauses(raw: string): string[] {
  return lex(raw, /\s*("(?:[^"\\]|\\.)*"|\(|\)|AND\b|OR\b)\s*/y, (i) => invalid(`syntax error at position ${i}; every clause must be "property:text" in double quotes.`));
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[]) {}
  parse(): Node {
    const n = this.or();
    if (this.i < this.toks.length) throw invalid(`unexpected '${this.toks[this.i]}'.`);
    return n;
  }
  private or(): Node {
    let l = this.and();
    while (this.toks[this.i] === 'OR') {
      this.i++;
      l = { t: 'or', l, r: this.and() };
    }
    return l;
  }
  private and(): Node {
    let l = this.primary();
    while (this.toks[this.i] === 'AND') {
      this.i++;
      l = { t: 'and', l, r: this.primary() };
    }
    return l;
  }
  private primary(): Node {
    const tok = this.toks[this.i++];
    if (tok === undefined) throw invalid('unexpected end of expression.');
    if (tok === '(') {
      const n = this.or();
      if (this.toks[this.i++] !== ')') throw invalid("missing ')'.");
      return n;
    }
    if (!tok.startsWith('"')) throw invalid(`unexpected '${tok}'.`);
    const body = tok.slice(1, -1).replace(/\\(.)/g, '$1');
    const colon = body.indexOf(':');
    // The property name must be specified in the clause (search-query-parameter.md, syntax rules).
    if (colon <= 0) throw invalid(`'${body}' names no property; use "property:text".`);
    return { t: 'clause', prop: body.slice(0, colon), text: body.slice(colon + 1) };
  }
}

/** Words of a value: split at spaces, symbols, digit runs and lower-to-upper case changes; lower-cased. */
export function words(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/\p{L}+|\p{N}+/gu)) out.push(...m[0].split(/(?<=\p{Ll})(?=\p{Lu})/u));
  return out.map((w) => w.toLowerCase());
}

/** A value's searchable tokens: its words plus, per space-separated chunk, those words joined (hello.world → helloworld). */
export function tokens(s: string): string[] {
  const joined = s.split(/\s+/).map((chunk) => words(chunk).join('')).filter(Boolean);
  return [...new Set([...words(s), ...joined])];
}

/**
 * Every word of the search text must start some token of the value, in any order. The docs' own example
 * (`"displayName:Guthr"`) relies on this prefix match; the service behaves so.
 */
function tokenMatch(value: string, text: string): boolean {
  const have = tokens(value);
  return words(text).every((w) => have.some((t) => t.startsWith(w)));
}

export function compileSearch(raw: string, fields: SearchFields, entity: string, get: Getter): Predicate {
  const unquoted = raw.trim();
  if (unquoted === '') throw invalid('the expression is empty.');
  const ast = new Parser(clauses(unquoted)).parse();
  const build = (n: Node): Predicate => {
    if (n.t !== 'clause') {
      const l = build(n.l), r = build(n.r);
      return n.t === 'and' ? (o) => l(o) && r(o) : (o) => l(o) || r(o);
    }
    const mode = [...fields].find(([k]) => k.toLowerCase() === n.prop.toLowerCase());
    if (!mode) {
      throw new ApiError(400, 'Request_UnsupportedQuery', `Property '${n.prop}' of resource '${entity}' is not supported in $search by the emulator.`);
    }
    const [prop, how] = mode;
    return (o) => {
      const v = get(o, prop);
      if (typeof v !== 'string') return false;
      return how === 'tokens' ? tokenMatch(v, n.text) : v.toLowerCase().startsWith(n.text.toLowerCase());
    };
  };
  return build(ast);
}
