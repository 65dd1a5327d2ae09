// Writes schema/*.json from the zod schemas; a test fails when they drift apart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { jsonSchemas } from '../dist/config/json-schema.js';

mkdirSync('schema', { recursive: true });
for (const [file, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schema/${file}`, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${file}`);
}
