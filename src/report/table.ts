import Table from 'cli-table3';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import { formatInterval, formatMs, formatPercent, formatUsd, NOT_APPLICABLE } from './format.js';
import { rankModels } from './rank.js';

export interface TerminalTableOptions {
  /** Emit ANSI colour codes; off by default so piped output and logs stay clean. */
  color?: boolean;
}

/** Longest skip reason printed in the status column; the full reason is in the report. */
const MAX_REASON_CHARS = 30;

const ANSI = { bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m' };

/**
 * The run's models as a terminal table, best first: by quality (or by check pass rate on an
 * unjudged run), then by cost. Unknown figures print `unknown`; figures that do not apply to a
 * skipped model print `—`.
 */
export function renderTerminalTable(
  summary: RunSummary,
  options: TerminalTableOptions = {},
): string {
  const color = options.color ?? false;
  const paint = (code: string, text: string) => (color ? `${code}${text}${ANSI.reset}` : text);

  const figureHeader = summary.rankedBy === 'quality' ? 'quality [95% CI]' : 'checks passed';
  const head = [
    '#',
    'model',
    figureHeader,
    'cost / 1k articles',
    'p50',
    'p95',
    'error rate',
    'status',
  ];

  const table = new Table({
    head: head.map((h) => paint(ANSI.bold, h)),
    // cli-table3 colours head and border by default; colour is ours to decide.
    // Compact: a rule under the header but none between rows, so ten models fit on a screen.
    style: { head: [], border: [], compact: true },
    colAligns: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'left'],
  });

  rankModels(summary).forEach((model, i) => {
    const rank = model.status === 'skipped' ? NOT_APPLICABLE : String(i + 1);
    const cells = [rank, model.model, ...figures(model, summary), status(model)];
    table.push(model.status === 'skipped' ? cells.map((c) => paint(ANSI.dim, c)) : cells);
  });

  // Why a run is unjudged is the CLI's to say, beside whatever else it prints.
  return table.toString();
}

function figures(model: ModelSummary, summary: RunSummary): string[] {
  if (model.status === 'skipped') return Array(5).fill(NOT_APPLICABLE);

  const figure =
    summary.rankedBy === 'quality'
      ? model.quality === null
        ? 'unscored'
        : formatInterval(model.quality)
      : formatPercent(model.checkPassRate);
  return [
    figure,
    formatUsd(model.costPer1kUsd),
    formatMs(model.latencyMs?.p50 ?? null),
    formatMs(model.latencyMs?.p95 ?? null),
    formatPercent(model.errorRate),
  ];
}

function status(model: ModelSummary): string {
  if (model.status === 'ran') return 'ran';
  const reason = model.skipReason ?? 'no reason recorded';
  const brief =
    reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS - 1)}…` : reason;
  return `skipped: ${brief}`;
}
