// Schema validation with ajv, compiled once per process, and the mapping of ajv's errors to messages a tenant admin
// understands (`users[3].usageLocation: must be a two-letter country code`).
import { readdirSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { FORMATS } from './formats.js';
import type { KindModel } from './kind-model.js';
import { formatPath } from './positions.js';
import { closest } from './suggest.js';

import { composeDocumentSchema, DOCUMENT_SCHEMA, readSchemaFile, SCHEMAS_DIR } from './schema-compose.js';

export { SCHEMAS_DIR } from './schema-compose.js';

/** One compiled validator per registry: the document schema is composed from its kinds. */
const compiled = new WeakMap<KindModel, ValidateFunction>();

function validator(model: KindModel): ValidateFunction {
  const known = compiled.get(model);
  if (known) return known;
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  for (const [name, def] of Object.entries(FORMATS)) ajv.addFormat(name, def.test);
  const { document, files } = composeDocumentSchema(model);
  const ids = new Set<string>();
  // Every published file (a section's definitions may reference another's), then the kinds' own files.
  const published = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith('.schema.json') && f !== 'emulator-seed.schema.json' && f !== DOCUMENT_SCHEMA);
  for (const f of [...published.map(readSchemaFile), ...files]) {
    if (ids.has(f.id)) continue;
    ids.add(f.id);
    ajv.addSchema(f.json, f.id);
  }
  ajv.addSchema(document, DOCUMENT_SCHEMA);
  const validate = ajv.getSchema(DOCUMENT_SCHEMA);
  if (!validate) throw new Error(`the composed ${DOCUMENT_SCHEMA} did not compile`);
  compiled.set(model, validate);
  return validate;
}

export interface SchemaIssue {
  /** `users[3].usageLocation`; where the position should point. */
  path: string;
  message: string;
}

export function validateDocument(doc: unknown, model: KindModel): SchemaIssue[] {
  const validate = validator(model);
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
