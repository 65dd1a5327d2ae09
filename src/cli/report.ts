import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderReport } from '../report/html.js';
import { readResults } from '../results/files.js';
import { chooseRoute } from '../routing/choose.js';
import type { CommandContext } from './context.js';
import { loadRun } from './run-dir.js';

export async function reportCommand(runDir: string, context: CommandContext) {
  const dir = path.resolve(context.io.cwd, runDir);
  const { summary, files } = await loadRun(dir);
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
    }),
  );
  context.io.stdout.write(`${path.relative(context.io.cwd, files.report)}\n`);
}
