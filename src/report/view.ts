import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { type ArticleView, buildArticles } from './articles.js';
import { buildScatter, type ScatterView } from './chart.js';
import { buildFailures, buildUnscored, type FailureGroupView } from './failures.js';
import {
  formatDateTime,
  formatInterval,
  formatMs,
  formatNumber,
  formatPercent,
  formatUsd,
  NOT_APPLICABLE,
} from './format.js';
import { rankModels } from './rank.js';

/** Everything the HTML report is rendered from. */
export interface ReportInput {
  summary: RunSummary;
  rows: ResultRow[];
  prompt: { system: string | null; template: string };
  rubric: string | null;
  /** The model the routing chose for this task; highlighted in the chart and the tables. */
  chosenModel: string | null;
  /** When the report was rendered, ISO 8601; left out of the page when not given. */
  generatedAt?: string;
}

/** A table cell: the text shown and the number it sorts by (empty when unknown). */
export interface CellView {
  text: string;
  sortValue: string;
}

export interface RankingRowView {
  rank: number;
  /** The rank as shown: a skipped model has none. */
  rankText: string;
  model: string;
  chosen: boolean;
  onFrontier: boolean;
  skipped: boolean;
  /** `chosen`, `skipped`, both or null: the row's CSS classes. */
  rowClass: string | null;
  status: string;
  quality: CellView;
  checks: CellView;
  costPerArticle: CellView;
  costPer1k: CellView;
  latencyP50: CellView;
  latencyP95: CellView;
  ttftP50: CellView;
  tokensPerSecond: CellView;
  errorRate: CellView;
}

export interface HeaderView {
  evalName: string;
  task: string;
  runId: string;
  createdAt: string;
  generatedAt: string | null;
  duration: string;
  fixtures: string;
  fixtureCount: number;
  limit: number | null;
  priceTable: string;
  judged: boolean;
  judgedBy: string;
  unjudgedReason: string;
  /** Judges the spec named that were not used (unreachable, say). */
  judgesNotUsed: string | null;
  rankedBy: string;
  spend: { generation: string; judging: string; total: string };
  /** Counts of calls, formatted with thousands separators. */
  calls: { ok: string; errors: string; skipped: string; cached: string };
  chosenModel: string | null;
  skipped: { model: string; reason: string }[];
  warnings: string[];
}

export interface ReportView {
  pageTitle: string;
  header: HeaderView;
  chart: ScatterView;
  chartHasPoints: boolean;
  ranking: RankingRowView[];
  qualityColumn: string;
  articles: ArticleView[];
  failures: FailureGroupView[];
  unscored: FailureGroupView[];
  prompt: { system: string | null; template: string };
  rubric: string | null;
}

/** Turns a run's files into the values the templates print, formatted and in rank order. */
export function buildReportView(input: ReportInput): ReportView {
  const { summary, rows, chosenModel } = input;
  const ranked = rankModels(summary);
  const modelOrder = ranked.map((m) => m.model);
  const skippedModels = new Set(ranked.filter((m) => m.status === 'skipped').map((m) => m.model));

  const chart = buildScatter({ models: ranked, rankedBy: summary.rankedBy, chosenModel });
  const frontier = new Set(chart.points.filter((p) => p.onFrontier).map((p) => p.model));

  return {
    pageTitle: `${summary.eval}: ${summary.runId}`,
    header: buildHeader(input),
    chart,
    chartHasPoints: chart.points.length > 0,
    ranking: ranked.map((model, i) =>
      buildRankingRow(model, {
        rank: i + 1,
        judged: summary.judge.judged,
        streamed: summary.settings.stream,
        chosen: model.model === chosenModel,
        onFrontier: frontier.has(model.model),
      }),
    ),
    qualityColumn: summary.judge.judged ? 'Quality [95% CI]' : 'Quality',
    articles: buildArticles({
      // A model skipped outright is listed in the header; 139 copies of its reason would be noise.
      rows: rows.filter((r) => !skippedModels.has(r.model)),
      modelOrder,
      chosenModel,
    }),
    failures: buildFailures(rows, modelOrder),
    unscored: buildUnscored(rows, modelOrder),
    prompt: input.prompt,
    rubric: input.rubric,
  };
}

function buildHeader(input: ReportInput): HeaderView {
  const { summary, rows } = input;
  const { generationCostUsd, judgeCostUsd } = summary.totals;
  // An unjudged run normally spent nothing on judging, but failed judge calls may have cost.
  const judgingSpent = summary.judge.judged || (judgeCostUsd ?? 0) > 0;
  const total =
    generationCostUsd === null || (judgingSpent && judgeCostUsd === null)
      ? null
      : generationCostUsd + (judgingSpent ? (judgeCostUsd ?? 0) : 0);
  const notUsed = summary.judge.configured.filter((j) => !summary.judge.used.includes(j));

  const modelWarnings = summary.models.flatMap((m) => m.warnings.map((w) => `${m.model}: ${w}`));

  return {
    evalName: summary.eval,
    task: summary.task,
    runId: summary.runId,
    createdAt: formatDateTime(summary.createdAt),
    generatedAt: input.generatedAt ? formatDateTime(input.generatedAt) : null,
    duration: formatMs(summary.durationMs),
    fixtures: summary.settings.fixtures,
    fixtureCount: summary.settings.fixtureCount,
    limit: summary.settings.limit,
    priceTable: `${summary.priceTable.source} ${summary.priceTable.version}`,
    judged: summary.judge.judged,
    judgedBy: summary.judge.used.join(', '),
    unjudgedReason: summary.judge.reason ?? 'no reason recorded',
    judgesNotUsed: notUsed.length > 0 ? notUsed.join(', ') : null,
    rankedBy:
      summary.rankedBy === 'quality' ? "the judge's quality score" : 'the deterministic checks',
    spend: {
      generation: formatUsd(generationCostUsd),
      judging: judgingSpent ? formatUsd(judgeCostUsd) : 'none (unjudged)',
      total: formatUsd(total),
    },
    calls: {
      ok: count(rows, (r) => r.status === 'ok'),
      errors: count(rows, (r) => r.status === 'error'),
      skipped: count(rows, (r) => r.status === 'skipped'),
      cached: count(rows, (r) => r.cacheHit),
    },
    chosenModel: input.chosenModel,
    skipped: summary.models
      .filter((m) => m.status === 'skipped')
      .map((m) => ({ model: m.model, reason: m.skipReason ?? 'no reason recorded' })),
    warnings: [...summary.warnings, ...modelWarnings],
  };
}

function buildRankingRow(
  model: ModelSummary,
  context: {
    rank: number;
    judged: boolean;
    streamed: boolean;
    chosen: boolean;
    onFrontier: boolean;
  },
): RankingRowView {
  const skipped = model.status === 'skipped';
  const cell = (value: number | null, text: string): CellView =>
    skipped
      ? { text: NOT_APPLICABLE, sortValue: '' }
      : { text, sortValue: value === null ? '' : String(value) };

  const qualityText = !context.judged
    ? 'unjudged'
    : model.quality === null
      ? 'unscored'
      : formatInterval(model.quality);

  return {
    rank: context.rank,
    rankText: skipped ? NOT_APPLICABLE : String(context.rank),
    model: model.model,
    chosen: context.chosen,
    onFrontier: context.onFrontier,
    skipped,
    rowClass: [context.chosen ? 'chosen' : '', skipped ? 'skipped' : ''].join(' ').trim() || null,
    status: skipped
      ? `skipped: ${model.skipReason ?? 'no reason recorded'}`
      : `${model.ok} of ${model.articles} ok`,
    quality: cell(model.quality?.mean ?? null, qualityText),
    checks: cell(model.checkPassRate, formatPercent(model.checkPassRate)),
    costPerArticle: cell(model.costPerArticleUsd, formatUsd(model.costPerArticleUsd)),
    costPer1k: cell(model.costPer1kUsd, formatUsd(model.costPer1kUsd)),
    latencyP50: cell(model.latencyMs?.p50 ?? null, formatMs(model.latencyMs?.p50 ?? null)),
    latencyP95: cell(model.latencyMs?.p95 ?? null, formatMs(model.latencyMs?.p95 ?? null)),
    ttftP50: cell(
      model.ttftMs?.p50 ?? null,
      model.ttftMs === null && !context.streamed
        ? 'not streamed'
        : formatMs(model.ttftMs?.p50 ?? null),
    ),
    tokensPerSecond: cell(model.tokensPerSecond, formatNumber(model.tokensPerSecond)),
    errorRate: cell(model.errorRate, formatPercent(model.errorRate)),
  };
}

function count(rows: ResultRow[], predicate: (row: ResultRow) => boolean): string {
  return formatNumber(rows.filter(predicate).length, 0);
}
