// The TypeScript types of the YAML model are generated from schemas/; regenerating them must give the committed file,
// so a schema change without `npm run gen:types` (or a hand edit of generated.ts) fails here.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';

interface Generator { generateTypes(): Promise<string>; generatedPath: string }

it('src/config/generated.ts is exactly what the schemas generate', async () => {
  const script: string = '../../scripts/gen-types.mjs';
  const { generateTypes, generatedPath } = (await import(script)) as Generator;
  expect(await readFile(generatedPath, 'utf8')).toBe(await generateTypes());
}, 30_000);
