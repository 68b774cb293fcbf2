// Generates src/config/generated.ts from the JSON Schemas so the TypeScript types cannot drift from them.
// `npm run gen:types` writes the file; src/config/generated.test.ts regenerates in memory and compares.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import console from 'node:console';
import process from 'node:process';
import { compile } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const generatedPath = join(root, 'src', 'config', 'generated.ts');

const banner = `// GENERATED from schemas/*.schema.json by \`npm run gen:types\`. Do not edit by hand.`;

/** @returns {Promise<string>} the TypeScript source for the tenant document and every section type */
export async function generateTypes() {
  const schemasDir = join(root, 'schemas');
  const schema = JSON.parse(await readFile(join(schemasDir, 'tenant-document.schema.json'), 'utf8'));
  return compile(schema, 'TenantDocument', {
    cwd: schemasDir,
    bannerComment: banner,
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    format: false,
    unreachableDefinitions: false,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(generatedPath, await generateTypes());
  console.log(`wrote ${generatedPath}`);
}
