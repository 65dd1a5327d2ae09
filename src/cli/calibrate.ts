import path from 'node:path';
import cliProgress from 'cli-progress';
import {
  DEFAULT_CALIBRATION_DATA,
  DEFAULT_CALIBRATION_REFERENCES,
  DEFAULT_CALIBRATION_RUBRIC,
  runCalibration,
} from '../calibrate.js';
import type { CalibrationReport, MultiReference } from '../judge/calibrate.js';
import { renderCalibrationTable } from '../report/calibration-table.js';
import { formatNumber, formatUsd } from '../report/format.js';
import type { CommandContext } from './context.js';

export interface CalibrateCommandOptions {
  data?: string;
  /** A references file, or `rows` for the rows' own `reference`/`references`. */
  references?: string;
  scorer?: string[];
  limit?: number;
  rubric?: string;
  concurrency?: number;
  multiRef: MultiReference;
  json?: boolean;
}

/** With no --scorer: the free reference metrics, which need no credentials. */
const DEFAULT_SCORERS = ['rouge-1', 'rouge-2', 'rouge-l'];

export async function calibrateCommand(options: CalibrateCommandOptions, context: CommandContext) {
  const { io, env } = context;
  const dataFile = options.data ? path.resolve(io.cwd, options.data) : DEFAULT_CALIBRATION_DATA;
  // The default data's rows carry one reference; the published figures use all 11.
  let referencesFile: string | null = options.data ? null : DEFAULT_CALIBRATION_REFERENCES;
  if (options.references === 'rows') referencesFile = null;
  else if (options.references) referencesFile = path.resolve(io.cwd, options.references);

  const progress = progressBar(io.stderr);
  const report = await runCalibration({
    env,
    dataFile,
    referencesFile,
    scorers: options.scorer && options.scorer.length > 0 ? options.scorer : DEFAULT_SCORERS,
    rubricFile: options.rubric ? path.resolve(io.cwd, options.rubric) : DEFAULT_CALIBRATION_RUBRIC,
    multiReference: options.multiRef,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    onProgress: progress.update,
  }).finally(() => progress.stop());

  // A judge that scored nothing measured nothing: that is a failure, not a row of unknowns.
  const silent = report.scorers.filter((s) => s.kind === 'judge' && s.scored === 0);
  if (silent.length > 0) context.setExitCode(1);

  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const color = Boolean(io.stdout.isTTY) && !env.NO_COLOR;
  io.stdout.write(
    `${[renderCalibrationTable(report, { color }), ...notes(report, io.cwd)].join('\n')}\n`,
  );
}

/** The lines under the table: what was scored against what, what was left out, what it cost. */
function notes(report: CalibrationReport, cwd: string): string[] {
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative.startsWith('..') ? file : relative;
  };
  const { data } = report;
  const lines = [
    'Summary-level correlation with the expert ratings: per document, then averaged over the ' +
      `documents kept (${formatNumber(data.documents, 0)} documents, ` +
      `${formatNumber(data.summaries, 0)} summaries in ${shown(data.file)}).`,
  ];
  if (report.scorers.some((s) => s.kind === 'metric')) {
    const source = data.referencesFile ? shown(data.referencesFile) : 'the rows';
    const how = data.multiReference === 'mean' ? 'averaged over' : 'the best of';
    lines.push(`ROUGE F1 against the references in ${source}, ${how} each document's references.`);
  }
  if (report.rubricFile) lines.push(`Judges followed ${shown(report.rubricFile)}.`);

  const judges = report.scorers.filter((s) => s.kind === 'judge');
  for (const scorer of report.scorers) {
    if (scorer.unscored === 0) continue;
    const reason = scorer.unscoredReasons[0];
    const example = reason ? `; most often: ${reason.reason}` : '';
    lines.push(
      `${scorer.scorer}: ${scorer.unscored} of ${scorer.summaries} summaries unscored, ` +
        `left out of the correlations${example}`,
    );
  }
  if (judges.length > 0) {
    const costs = judges.map((s) => s.costUsd);
    const total = costs.some((c) => c === null)
      ? null
      : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0);
    const each = judges.map((s) => `${s.scorer} ${formatUsd(s.costUsd)}`).join(', ');
    lines.push(`Judge cost: ${formatUsd(total)}${judges.length > 1 ? ` (${each})` : ''}`);
  }
  for (const scorer of judges.filter((s) => s.scored === 0)) {
    lines.push(
      `${scorer.scorer} scored no summary, so it has no correlation; see the reason above.`,
    );
  }
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  return lines;
}

/** A bar on stderr while judge calls are in flight; nothing when stderr is not a terminal. */
function progressBar(stream: NodeJS.WriteStream) {
  if (!stream.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {value}/{total} summaries judged | {eta_formatted} left',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: ({ done, total }: { done: number; total: number }) => {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
