import type { RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { type ArticleView, buildArticles, countFlags, type FlagCounts } from './articles.js';
import { buildScatter, type ScatterView } from './chart.js';
import { type ComparisonView, compareRuns } from './compare.js';
import { buildFailures, buildUnscored, type FailureGroupView } from './failures.js';
import { JUDGE_GAP } from './flags.js';
import { formatNumber, formatScore } from './format.js';
import { buildHeader, type HeaderView } from './header.js';
import { rankModels } from './rank.js';
import { buildRanking, type RankingView } from './ranking.js';

export type { CellView } from './ranking.js';

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
  /** An earlier run's summary to compare this one with (`evals report --compare`). */
  earlier?: RunSummary | null;
}

/** The per-article view's filters, with how much each keeps. */
export interface ArticleFilterView {
  value: 'all' | 'disagreement' | 'failure';
  label: string;
}

export interface ReportView {
  pageTitle: string;
  header: HeaderView;
  chart: ScatterView;
  chartHasPoints: boolean;
  ranking: RankingView;
  comparison: ComparisonView | null;
  articles: ArticleView[];
  articleFilters: ArticleFilterView[];
  /** What counts as a disagreement, for the hint under the filter. */
  disagreementRule: string;
  failures: FailureGroupView[];
  unscored: FailureGroupView[];
}

/** Turns a run's files into the values the templates print, formatted and in rank order. */
export function buildReportView(input: ReportInput): ReportView {
  const { summary, rows, chosenModel } = input;
  const ranked = rankModels(summary);
  const modelOrder = ranked.map((m) => m.model);
  const skippedModels = new Set(ranked.filter((m) => m.status === 'skipped').map((m) => m.model));

  const chart = buildScatter({ models: ranked, rankedBy: summary.rankedBy, chosenModel });
  const frontier = new Set(chart.points.filter((p) => p.onFrontier).map((p) => p.model));
  const qualityFloor = summary.settings.routing.qualityFloor;

  const articles = buildArticles({
    // A model skipped outright is listed in the header; 139 copies of its reason would be noise.
    rows: rows.filter((r) => !skippedModels.has(r.model)),
    modelOrder,
    chosenModel,
    flags: { judged: summary.judge.judged, qualityFloor },
  });

  return {
    pageTitle: `${summary.eval}: ${summary.runId}`,
    header: buildHeader(input),
    chart,
    chartHasPoints: chart.points.length > 0,
    ranking: buildRanking({ summary, ranked, rows, chosenModel, frontier }),
    comparison: input.earlier ? compareRuns({ current: summary, earlier: input.earlier }) : null,
    articles,
    articleFilters: articleFilters(articles.length, countFlags(articles)),
    disagreementRule:
      `Disagreement: two judges' overall scores more than ${formatScore(JUDGE_GAP)} apart; a ` +
      `failed check on an output the judge passed (at least ${formatScore(qualityFloor)}, the ` +
      `quality floor); or every check passed on an output the judge scored below ` +
      `${formatScore(Math.max(0, qualityFloor - JUDGE_GAP))}. ` +
      'Failure: a failed call, a failed check, or an output the judge could not score.',
    failures: buildFailures(rows, modelOrder),
    unscored: buildUnscored(rows, modelOrder),
  };
}

function articleFilters(articleCount: number, counts: FlagCounts): ArticleFilterView[] {
  const describe = (name: string, c: { outputs: number; articles: number }) =>
    `${name}: ${formatNumber(c.outputs, 0)} ${c.outputs === 1 ? 'output' : 'outputs'} on ` +
    `${formatNumber(c.articles, 0)} ${c.articles === 1 ? 'article' : 'articles'}`;
  return [
    { value: 'all', label: `All articles (${formatNumber(articleCount, 0)})` },
    { value: 'disagreement', label: describe('Disagreements', counts.disagreement) },
    { value: 'failure', label: describe('Failures', counts.failure) },
  ];
}
