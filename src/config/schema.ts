// Schema validation with ajv, compiled once per process, and the mapping of ajv's errors to messages a tenant admin
// understands (`users[3].usageLocation: must be a two-letter country code`).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { FORMATS } from './formats.js';
import { formatPath } from './positions.js';
import { closest } from './suggest.js';

export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
const DOCUMENT_SCHEMA = 'tenant-document.schema.json';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  for (const [name, def] of Object.entries(FORMATS)) ajv.addFormat(name, def.test);
  for (const f of readdirSync(SCHEMAS_DIR)) {
    if (!f.endsWith('.schema.json') || f === 'emulator-seed.schema.json') continue;
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, f), 'utf8')) as object, f);
  }
  compiled = ajv.getSchema(DOCUMENT_SCHEMA) as ValidateFunction;
  return compiled;
}

export interface SchemaIssue {
  /** `users[3].usageLocation`; where the position should point. */
  path: string;
  message: string;
}

export function validateDocument(doc: unknown): SchemaIssue[] {
  const validate = validator();
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const err of validate.errors ?? []) {
    const issue = toIssue(err);
    const k = `${issue.path}\0${issue.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    issues.push(issue);
  }
  return issues;
}

function pointerToSegments(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function toIssue(err: ErrorObject): SchemaIssue {
  const segs = pointerToSegments(err.instancePath);
  const path = formatPath(segs);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const hint = closest(key, allowed, 2);
      return {
        path: formatPath([...segs, key]),
        message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      };
    }
    case 'required':
      return { path, message: `missing required key "${String(p.missingProperty)}"` };
    case 'enum':
      return { path, message: `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'format': {
      const def = FORMATS[String(p.format)];
      return { path, message: def?.message ?? `must match format ${String(p.format)}` };
    }
    case 'type':
      return { path, message: `must be ${typeName(String(p.type))}` };
    default:
      return { path, message: err.message ?? 'is invalid' };
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    object: 'a map (key: value)',
    array: 'a list',
    string: 'a string (quote it if it looks like a number or date)',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
  };
  return names[t] ?? t;
}
