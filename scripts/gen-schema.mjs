// Writes schemas/tenant-document.schema.json, the schema editors load through each file's `$schema` modeline, as
// the composition of the registry's kinds (each names the schema file of its section). Run `npm run gen:schema`
// (it builds first); test/config/document-schema.test.ts fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import console from 'node:console';
import { kinds } from '../dist/kinds/index.js';
import { describeKinds } from '../dist/config/kind-model.js';
import { DOCUMENT_SCHEMA, SCHEMAS_DIR, documentSchemaText } from '../dist/config/schema-compose.js';

const path = join(SCHEMAS_DIR, DOCUMENT_SCHEMA);
await writeFile(path, documentSchemaText(describeKinds(kinds)));
console.log(`wrote ${path}`);
