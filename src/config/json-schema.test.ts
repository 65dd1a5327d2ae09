import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schema.js';

describe('schema/*.json', () => {
  it.each(Object.entries(jsonSchemas()))(
    '%s matches the zod schema (run npm run schema)',
    async (file, schema) => {
      const written = JSON.parse(
        await readFile(new URL(`../../schema/${file}`, import.meta.url), 'utf8'),
      );
      expect(written).toEqual(JSON.parse(JSON.stringify(schema)));
    },
  );

  it('describes the keys a spec author types', () => {
    const spec = jsonSchemas()['spec.schema.json'] as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(spec.properties)).toEqual(
      expect.arrayContaining(['fixtures', 'prompt', 'rubric', 'models', 'judge', 'checks']),
    );
    expect(spec.required).toEqual(expect.arrayContaining(['fixtures', 'models', 'rubric']));
  });
});
