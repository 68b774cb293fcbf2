// The schema of a tenant file, composed from config's own sections and the schema file each kind names for its
// section (`KindSpec.schema`), so that adding a kind edits no central schema. `schemas/tenant-document.schema.json`,
// which editors load through the `$schema` modeline, is this composition of the registry, written by
// `npm run gen:schema` (a test fails when it is stale).
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KindModel } from './kind-model.js';
import { KindRegistryError } from './kind-model.js';
import { topKey } from './kind-spec.js';

export const SCHEMAS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');
export const DOCUMENT_SCHEMA = 'tenant-document.schema.json';

/** Config's own top-level keys and the files describing them. */
const OWN_SECTIONS: ReadonlyArray<[string, string]> = [
  ['tenant', 'tenant.schema.json'],
  ['extends', 'tenant.schema.json'],
  ['policy', 'policy.schema.json'],
  ['vars', 'tenant.schema.json'],
];

type Json = Record<string, unknown>;

/** A schema file by the name it is referenced as: its base name (absolute paths are a kind's own file). */
export interface SchemaFile {
  id: string;
  json: Json;
}

export function readSchemaFile(file: string): SchemaFile {
  const path = isAbsolute(file) ? file : join(SCHEMAS_DIR, file);
  return { id: basename(file), json: JSON.parse(readFileSync(path, 'utf8')) as Json };
}

/** Local `#/...` references of a fragment, made absolute to the file it was taken from. */
function rebase(value: unknown, id: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rebase(v, id));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${id}${v}` : rebase(v, id)]),
  );
}

/** The document schema and the files it references (the kinds' files that live outside `schemas/` among them). */
export function composeDocumentSchema(model: KindModel): { document: Json; files: SchemaFile[] } {
  const files = new Map<string, SchemaFile>();
  const properties: Json = {};
  for (const top of new Set(model.specs.map((s) => topKey(s.section)))) {
    if (!model.schemas.has(top)) throw new KindRegistryError(`no kind names the schema of the YAML section "${top}"`);
  }
  for (const [key, file] of [...OWN_SECTIONS, ...model.schemas]) {
    if (key in properties) throw new KindRegistryError(`the YAML section "${key}" is config's own; a kind cannot name its schema`);
    const f = files.get(basename(file)) ?? readSchemaFile(file);
    files.set(f.id, f);
    const fragment = (f.json.properties as Json | undefined)?.[key];
    if (fragment === undefined) throw new KindRegistryError(`schema ${file} has no top-level property "${key}"`);
    properties[key] = rebase(fragment, f.id);
  }
  const document: Json = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'TenantDocument',
    description: 'Any YAML file of a tenant folder or a baseline: every top-level key is optional here; the merged tenant must have `tenant`.',
    type: 'object',
    additionalProperties: false,
    properties,
  };
  return { document, files: [...files.values()] };
}

/** The published document schema's text, as `npm run gen:schema` writes it. */
export const documentSchemaText = (model: KindModel): string => `${JSON.stringify(composeDocumentSchema(model).document, null, 2)}\n`;
