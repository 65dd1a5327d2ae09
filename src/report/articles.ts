import type { JudgeResult, ResultRow } from '../results/types.js';
import { clipText, formatMs, formatNumber, formatScore, formatUsd } from './format.js';

/** Longest provider error message printed in full; some providers answer with an HTML page. */
export const MAX_MESSAGE_CHARS = 1000;

/** One model's work on one article, as the per-article view prints it. */
export interface OutputView {
  model: string;
  chosen: boolean;
  status: ResultRow['status'];
  /** `latency · cost · tokens`, already formatted. */
  meta: string;
  output: string | null;
  /** An ok call that returned no text: worth saying, since it shows as nothing otherwise. */
  emptyOutput: boolean;
  error: { kind: string; message: string } | null;
  skipReason: string | null;
  checks: { name: string; passed: boolean; detail: string | null }[];
  /** `3 of 4 checks passed`; null when the output had no checks. */
  checksSummary: string | null;
  anyCheckFailed: boolean;
  judge: JudgeView | null;
}

export interface JudgeView {
  scored: boolean;
  overall: string;
  /** `accuracy 0.80 · coverage 0.60`; empty when unscored. */
  criteria: string;
  verdicts: {
    model: string;
    overall: string;
    rationale: string | null;
    unscoredReason: string | null;
  }[];
}

/** One article's block: every model's output on it, best-ranked model first. */
export interface ArticleView {
  index: number;
  id: string;
  /** Only the first article is visible until the reader picks another. */
  hidden: boolean;
  outputs: OutputView[];
}

/**
 * Groups the rows by article, in the order the articles first appear, and orders each
 * article's outputs by the models' rank.
 */
export function buildArticles(options: {
  rows: ResultRow[];
  modelOrder: string[];
  chosenModel: string | null;
}): ArticleView[] {
  const { rows, modelOrder, chosenModel } = options;
  const rank = new Map(modelOrder.map((model, i) => [model, i]));
  const byArticle = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const list = byArticle.get(row.articleId);
    if (list) list.push(row);
    else byArticle.set(row.articleId, [row]);
  }

  return [...byArticle].map(([id, articleRows], index) => ({
    index,
    id,
    hidden: index > 0,
    outputs: articleRows
      .sort((a, b) => (rank.get(a.model) ?? rank.size) - (rank.get(b.model) ?? rank.size))
      .map((row) => buildOutput(row, row.model === chosenModel)),
  }));
}

function buildOutput(row: ResultRow, chosen: boolean): OutputView {
  const failed = row.checks.filter((c) => !c.passed).length;
  return {
    model: row.model,
    chosen,
    status: row.status,
    meta: row.status === 'skipped' ? '' : describeCall(row),
    output: row.output,
    emptyOutput: row.status === 'ok' && !row.output,
    error: row.error
      ? {
          kind: describeErrorKind(row.error),
          message: clipText(row.error.message, MAX_MESSAGE_CHARS),
        }
      : null,
    skipReason: row.skipReason,
    checks: row.checks.map((c) => ({ name: c.name, passed: c.passed, detail: c.detail })),
    checksSummary:
      row.checks.length === 0
        ? null
        : `${row.checks.length - failed} of ${row.checks.length} checks passed`,
    anyCheckFailed: failed > 0,
    judge: row.judge ? buildJudge(row.judge) : null,
  };
}

function describeCall(row: ResultRow): string {
  const parts = [formatMs(row.latencyMs), formatUsd(row.costUsd)];
  if (row.outputTokens !== null) parts.push(`${formatNumber(row.outputTokens, 0)} tokens out`);
  if (row.cacheHit) parts.push('from cache');
  if (row.attempts > 1) parts.push(`${row.attempts} attempts`);
  return parts.join(' · ');
}

export function describeErrorKind(error: NonNullable<ResultRow['error']>): string {
  return error.status === null ? error.kind : `${error.kind} (HTTP ${error.status})`;
}

function buildJudge(judge: JudgeResult): JudgeView {
  const criteria = Object.entries(judge.criteria)
    .map(([name, score]) => `${name} ${formatScore(score)}`)
    .join(' · ');
  return {
    scored: judge.status === 'scored',
    overall: judge.status === 'scored' ? formatScore(judge.overall) : 'unscored',
    criteria,
    verdicts: judge.verdicts.map((v) => ({
      model: v.model,
      overall: v.status === 'scored' ? formatScore(v.overall) : 'unscored',
      rationale: v.rationale,
      unscoredReason: v.unscoredReason,
    })),
  };
}
