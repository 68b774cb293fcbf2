// Reads one YAML file defensively: size limit before reading, strict UTF-8, YAML errors (syntax, duplicate keys,
// tabs), alias bombs. Every failure becomes a diagnostic with a position; nothing here throws on bad input.
import { readFile, stat } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import type { Diagnostic } from '../plan/types.js';
import type { SourceLocation } from './model.js';
import { isContainer, type SourcePositions } from './positions.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export interface YamlFileResult {
  value?: unknown;
  diagnostics: Diagnostic[];
}

export function errorAt(file: string, line: number, column: number, summary: string, path?: string): Diagnostic {
  const d: Diagnostic = { severity: 'error', summary, file, line, column };
  if (path !== undefined) d.path = path;
  return d;
}

/** `file` is the display path (relative to cwd); `abs` the path read. */
export async function readYamlFile(abs: string, file: string, sp: SourcePositions): Promise<YamlFileResult> {
  const size = (await stat(abs)).size;
  if (size > MAX_FILE_BYTES) {
    return { diagnostics: [errorAt(file, 1, 1, `file is ${size} bytes, over the limit of ${MAX_FILE_BYTES} bytes`)] };
  }
  const bytes = await readFile(abs);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column, byte } = firstInvalidUtf8(bytes);
    const hex = byte.toString(16).padStart(2, '0');
    return { diagnostics: [errorAt(file, line, column, `file is not valid UTF-8 (byte 0x${hex}); save it as UTF-8`)] };
  }
  return parseYamlText(text, file, sp);
}

export function parseYamlText(text: string, file: string, sp: SourcePositions): YamlFileResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lc });
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors.length ? faults(text, doc.errors) : []) {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push(errorAt(file, lp.line, lp.col, yamlMessage(e.code, e.message, text.slice(e.pos[0]))));
  }
  if (diagnostics.length > 0) return { diagnostics };
  diagnostics.push(...normaliseScalars(doc, lc, file));
  if (diagnostics.length > 0) return { diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const alias = firstAlias(doc);
    const p = alias === undefined ? { line: 1, col: 1 } : lc.linePos(alias);
    return { diagnostics: [errorAt(file, p.line, p.col, `cannot expand YAML aliases: ${msg}`)] };
  }
  const at = (offset: number): SourceLocation => {
    const p = lc.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  if (doc.contents && isContainer(value)) {
    sp.setOwn(value, at(doc.contents.range?.[0] ?? 0));
    recordPositions(doc.contents, value, sp, at);
  }
  return { value, diagnostics };
}

const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: true, strict: true } as const;
/** Faults reported per file, and the largest text re-parsed to tell them apart (each fault costs one parse). */
const MAX_FAULTS = 10;
const MAX_REPARSE_CHARS = 512 * 1024;

/**
 * One error per fault. After a fault (a tab, a bad indent) the parser misreads the lines that follow and reports
 * each of them again, so only the first error is trusted; the line holding it is then blanked (offsets and line
 * numbers kept) and the text parsed again, and the first error of that parse is the next independent fault.
 */
function faults(text: string, errors: YAMLError[]): YAMLError[] {
  const kept: YAMLError[] = [];
  let src = text;
  let current = errors;
  let done = -1;
  while (kept.length < MAX_FAULTS) {
    // A fault the blanking did not cure (an unclosed quote reported at the end) is reported once.
    const later = current.filter((e) => e.pos[0] > done);
    if (later.length === 0) break;
    const first = later.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
    kept.push(first);
    if (text.length > MAX_REPARSE_CHARS) break;
    const { start, end } = lineAt(src, first.pos[0]);
    src = src.slice(0, start) + ' '.repeat(end - start) + src.slice(end);
    done = end;
    current = parseDocument(src, { ...PARSE_OPTIONS, lineCounter: new LineCounter() }).errors;
  }
  return kept;
}

function lineAt(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, end: nl === -1 ? text.length : nl };
}

function recordPositions(node: YamlNode, value: unknown, sp: SourcePositions, at: (o: number) => SourceLocation): void {
  if (!isContainer(value) || isAlias(node)) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const keyNode = pair.key as YamlNode | null;
      const child = (value as Record<string, unknown>)[key];
      const keyPos = keyNode?.range ? at(keyNode.range[0]) : undefined;
      if (keyPos) sp.setChild(value, key, keyPos);
      const valNode = pair.value as YamlNode | null;
      if (valNode && isContainer(child)) {
        if (valNode.range && !isAlias(valNode)) sp.setOwn(child, at(valNode.range[0]));
        recordPositions(valNode, child, sp, at);
      }
    }
  } else if (isSeq(node) && Array.isArray(value)) {
    node.items.forEach((item, i) => {
      const itemNode = item as YamlNode;
      if (!itemNode?.range) return;
      const pos = at(itemNode.range[0]);
      sp.setChild(value, i, pos);
      const child = value[i];
      if (isContainer(child) && !isAlias(itemNode)) {
        sp.setOwn(child, pos);
        recordPositions(itemNode, child, sp, at);
      }
    });
  }
}

// Format and control characters (zero-width space, bidi marks, BOM, soft hyphen) make two keys that look the same
// differ; tabs and line breaks are ordinary text in descriptions and messages.
const INVISIBLE = /[\p{Cf}\p{Cc}]/u;
const ALLOWED_CONTROL = new Set(['\t', '\n', '\r']);

function invisibleIn(text: string): string | undefined {
  for (const ch of text) if (INVISIBLE.test(ch) && !ALLOWED_CONTROL.has(ch)) return ch;
  return undefined;
}

/**
 * Every string is read in Unicode NFC, the form the services store, so `é` typed as e + combining accent is the
 * same key as `é`; a string with an invisible character is refused where it stands.
 */
function normaliseScalars(doc: Document, lc: LineCounter, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string') return;
      const bad = invisibleIn(node.value);
      if (bad !== undefined) {
        const p = lc.linePos(node.range?.[0] ?? 0);
        const code = `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        found.push(errorAt(file, p.line, p.col, `invisible character ${code} in ${JSON.stringify(node.value)}: keys, names and references must be plain text; remove it`));
        return;
      }
      node.value = node.value.normalize('NFC');
    },
  });
  return found;
}

/** The offset of the first alias (`*name`): where an alias bomb starts to explode. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

function yamlMessage(code: string, message: string, source: string): string {
  const first = message.split('\n')[0] ?? message;
  const text = first.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `duplicate key "${/^["']?([^"':\n]*)/.exec(source)?.[1]?.trim()}" in the same map`;
  if (code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation in YAML; use spaces';
  return `YAML syntax error: ${text}`;
}

function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number; byte: number } {
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails to decode; the bad byte is at its end.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, lo));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1, byte: bytes[lo] ?? 0 };
}
