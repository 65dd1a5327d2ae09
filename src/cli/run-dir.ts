import { existsSync } from 'node:fs';
import { readSummary, runFiles } from '../results/files.js';
import { UsageError } from './errors.js';

/** Opens a run folder, saying what is missing when it is not one. */
export async function loadRun(dir: string) {
  const files = runFiles(dir);
  for (const file of [files.summary, files.results]) {
    if (!existsSync(file)) {
      throw new UsageError(
        `${file} not found; pass a run folder written by \`evals run\`, e.g. reports/summarize/<run-id>`,
      );
    }
  }
  return { files, summary: await readSummary(files.summary) };
}
