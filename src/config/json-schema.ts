import { z } from 'zod';
import { rubricSchema } from './rubric.js';
import { specSchema } from './spec.js';

/**
 * JSON Schemas of the files people write, for editor completion in YAML files
 * (`# yaml-language-server: $schema=...`). `schema/*.json` is generated from these and a test
 * keeps it in sync: run `npm run schema` after changing a zod schema.
 */
export function jsonSchemas(): Record<string, unknown> {
  return {
    'spec.schema.json': {
      title: 'batch-evals eval spec',
      ...z.toJSONSchema(specSchema, { io: 'input', unrepresentable: 'any' }),
    },
    'rubric.schema.json': {
      title: 'batch-evals rubric',
      ...z.toJSONSchema(rubricSchema, { io: 'input', unrepresentable: 'any' }),
    },
  };
}
