import type { JudgeResult, ResultRow } from '../results/types.js';
import { type FlagOptions, flagRow, type OutputFlag } from './flags.js';
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
  /** `ROUGE-1 0.42 · ROUGE-2 0.18 · ROUGE-L 0.35`; null without a reference summary. */
  reference: string | null;
  /** Why a reader might look at this output: failures and disagreements. */
  flags: OutputFlag[];
  /** The flag kinds, space-separated, for the page's filter: `failure disagreement`. */
  flagKinds: string;
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
  /** Scored under the quality floor: the score is shown as a warning. */
  belowFloor: boolean;
  overall: string;
  /** `accuracy 0.80 · coverage 0.60`; empty when unscored. */
  criteria: string;
  verdicts: {
    model: string;
    overall: string;
    /** The judge's own scores on the rubric's scale: `faithfulness 4 · coverage 3`. */
    scores: string;
    rationale: string | null;
    unscoredReason: string | null;
  }[];
  /** Judges of the candidate's own family, not asked; null when none was left out. */
  excluded: string | null;
}

/** One article's block: every model's output on it, best-ranked model first. */
export interface ArticleView {
  index: number;
  id: string;
  /** Only the first article is visible until the reader picks another. */
  hidden: boolean;
  /** The flag kinds of any of its outputs, space-separated. */
  flagKinds: string;
  outputs: OutputView[];
}

/** How many outputs (and on how many articles) each filter of the per-article view keeps. */
export interface FlagCounts {
  failure: { outputs: number; articles: number };
  disagreement: { outputs: number; articles: number };
}

/**
 * Groups the rows by article, in the order the articles first appear, and orders each
 * article's outputs by the models' rank.
 */
export function buildArticles(options: {
  rows: ResultRow[];
  modelOrder: string[];
  chosenModel: string | null;
  flags: FlagOptions;
}): ArticleView[] {
  const { rows, modelOrder, chosenModel } = options;
  const rank = new Map(modelOrder.map((model, i) => [model, i]));
  const byArticle = new Map<string, ResultRow[]>();
  for (const row of rows) {
    const list = byArticle.get(row.articleId);
    if (list) list.push(row);
    else byArticle.set(row.articleId, [row]);
  }

  return [...byArticle].map(([id, articleRows], index) => {
    const outputs = articleRows
      .sort((a, b) => (rank.get(a.model) ?? rank.size) - (rank.get(b.model) ?? rank.size))
      .map((row) =>
        buildOutput(row, {
          chosen: row.model === chosenModel,
          flags: flagRow(row, options.flags),
          qualityFloor: options.flags.qualityFloor,
        }),
      );
    return {
      index,
      id,
      hidden: index > 0,
      flagKinds: joinKinds(outputs.flatMap((o) => o.flags)),
      outputs,
    };
  });
}

/** What the filters of the per-article view will find. */
export function countFlags(articles: ArticleView[]): FlagCounts {
  const count = (kind: 'failure' | 'disagreement') => ({
    outputs: articles.reduce(
      (sum, a) => sum + a.outputs.filter((o) => o.flags.some((f) => f.kind === kind)).length,
      0,
    ),
    articles: articles.filter((a) => a.flagKinds.includes(kind)).length,
  });
  return { failure: count('failure'), disagreement: count('disagreement') };
}

function joinKinds(flags: OutputFlag[]): string {
  return [...new Set(flags.map((f) => f.kind))].sort().join(' ');
}

function buildOutput(
  row: ResultRow,
  context: { chosen: boolean; flags: OutputFlag[]; qualityFloor: number },
): OutputView {
  const { chosen, flags } = context;
  const failed = row.checks.filter((c) => !c.passed).length;
  return {
    model: row.model,
    chosen,
    status: row.status,
    meta: row.status === 'skipped' ? '' : describeCall(row),
    reference: describeReference(row.referenceMetrics),
    flags,
    flagKinds: joinKinds(flags),
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
    judge: row.judge ? buildJudge(row.judge, context.qualityFloor) : null,
  };
}

function describeCall(row: ResultRow): string {
  const parts = [formatMs(row.latencyMs), formatUsd(row.costUsd)];
  if (row.outputTokens !== null) parts.push(`${formatNumber(row.outputTokens, 0)} tokens out`);
  if (row.cacheHit) parts.push('from cache');
  if (row.attempts > 1) parts.push(`${row.attempts} attempts`);
  return parts.join(' · ');
}

/** `rouge-l` → `ROUGE-L`: the reference metrics' names as papers print them. */
export function referenceMetricLabel(name: string): string {
  return name.toUpperCase();
}

function describeReference(metrics: Record<string, number> | null): string | null {
  // Older run files carry no such field at all.
  if (!metrics || Object.keys(metrics).length === 0) return null;
  return Object.entries(metrics)
    .map(([name, value]) => `${referenceMetricLabel(name)} ${formatScore(value)}`)
    .join(' · ');
}

export function describeErrorKind(error: NonNullable<ResultRow['error']>): string {
  return error.status === null ? error.kind : `${error.kind} (HTTP ${error.status})`;
}

function buildJudge(judge: JudgeResult, qualityFloor: number): JudgeView {
  const criteria = Object.entries(judge.criteria)
    .map(([name, score]) => `${name} ${formatScore(score)}`)
    .join(' · ');
  return {
    scored: judge.status === 'scored',
    belowFloor: judge.overall !== null && judge.overall < qualityFloor,
    overall: judge.status === 'scored' ? formatScore(judge.overall) : 'unscored',
    criteria,
    verdicts: judge.verdicts.map((v) => ({
      model: v.model,
      overall: v.status === 'scored' ? formatScore(v.overall) : 'unscored',
      scores: Object.entries(v.scores)
        .map(([name, score]) => `${name} ${formatNumber(score)}`)
        .join(' · '),
      rationale: v.rationale,
      unscoredReason: v.unscoredReason,
    })),
    excluded: judge.excluded?.length ? judge.excluded.join(', ') : null,
  };
}
