import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultRow } from '../../src/results/types.js';
import { REPO_ROOT, readJsonl } from './cli.js';

export const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'wikinews.jsonl');
export const RUBRIC = path.join(REPO_ROOT, 'evals', 'summarize.rubric.yaml');

export interface SpecModelEntry {
  id: string;
  price?: { inputPerMTok: number; outputPerMTok: number };
}

export interface SpecOptions {
  name: string;
  models: SpecModelEntry[];
  /** `generation:` settings, e.g. `{ timeoutMs: 300, maxAttempts: 2 }`. */
  generation?: Record<string, number>;
  /** Further top-level YAML, appended as is. */
  extra?: string;
}

/**
 * Writes an eval spec over the repo's fixtures and rubric to a new file in `dir` and returns
 * its path, for `loadSpec()` or the CLI.
 */
export async function writeSpec(dir: string, options: SpecOptions): Promise<string> {
  const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
  const generation = Object.entries(options.generation ?? {});
  const lines = [
    `name: ${options.name}`,
    `fixtures: ${FIXTURES}`,
    'prompt:',
    '  system: You summarize news.',
    '  template: "Summarize: {{title}}\\n\\n{{body}}"',
    `rubric: ${RUBRIC}`,
    'models:',
    ...options.models.map(({ id, price }) =>
      price
        ? `  - id: ${id}\n    price: { inputPerMTok: ${price.inputPerMTok}, outputPerMTok: ${price.outputPerMTok} }`
        : `  - id: ${id}`,
    ),
    ...(generation.length > 0
      ? ['generation:', ...generation.map(([key, value]) => `  ${key}: ${value}`)]
      : []),
    options.extra ?? '',
  ];
  await writeFile(file, lines.join('\n'));
  return file;
}

/** The rows of a run folder's results.jsonl. */
export function rowsOnDisk(runDir: string): Promise<ResultRow[]> {
  return readJsonl<ResultRow>(path.join(runDir, 'results.jsonl'));
}
