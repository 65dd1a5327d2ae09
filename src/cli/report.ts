import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderReport } from '../report/html.js';
import { readResults, readSummary, runFiles } from '../results/files.js';
import type { RunSummary } from '../results/summary-types.js';
import { chooseRoute } from '../routing/choose.js';
import type { CommandContext } from './context.js';
import { UsageError } from './errors.js';
import { loadRun } from './run-dir.js';

export interface ReportOptions {
  /** An earlier run folder (or its summary.json) to compare this run with. */
  compare?: string;
}

export async function reportCommand(
  runDir: string,
  options: ReportOptions,
  context: CommandContext,
) {
  const dir = path.resolve(context.io.cwd, runDir);
  const { summary, files } = await loadRun(dir);
  const earlier = options.compare
    ? await loadEarlierSummary(path.resolve(context.io.cwd, options.compare))
    : null;
  const rows = await readResults(files.results);
  const chosen = chooseRoute(summary, summary.settings.routing).primary?.summary.model ?? null;
  await writeFile(
    files.report,
    renderReport({
      summary,
      rows,
      prompt: summary.settings.prompt,
      rubric: summary.settings.rubric,
      chosenModel: chosen,
      earlier,
    }),
  );
  context.io.stdout.write(`${path.relative(context.io.cwd, files.report)}\n`);
}

/** The comparison needs only the earlier run's aggregates, so its rows need not be there. */
async function loadEarlierSummary(target: string): Promise<RunSummary> {
  const file =
    existsSync(target) && statSync(target).isDirectory() ? runFiles(target).summary : target;
  if (!existsSync(file)) {
    throw new UsageError(
      `--compare: ${file} not found; pass an earlier run folder written by \`evals run\`, ` +
        'e.g. reports/summarize/<run-id>, or its summary.json',
    );
  }
  try {
    return await readSummary(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--compare: ${file} is not a readable summary.json (${reason})`);
  }
}
