/**
 * How well a scorer (an LLM judge or a reference metric) agrees with human ratings, measured
 * the way the summarization-evaluation literature measures it on SummEval ("summary-level"
 * correlation): for each document, Spearman's rho and Kendall's tau-b between the scorer's
 * scores of that document's summaries and the experts' ratings; a document where either side
 * is constant has no correlation and is skipped; the correlations are averaged over the
 * documents kept. This is what G-Eval (Liu et al., 2023, Table 1) and UniEval (Zhong et al.,
 * 2022) report, so the figures here can be set beside theirs.
 */
import path from 'node:path';
import type { Rubric } from '../config/rubric.js';
import { DatasetError } from '../dataset/errors.js';
import type { ModelId } from '../providers/model-id.js';
import type { JudgeResult } from '../results/types.js';
import { kendallTauB, spearman } from '../stats/index.js';
import {
  type CalibrationSet,
  DIMENSIONS,
  type Dimension,
  type RatedSummary,
} from './calibration-data.js';
import { type JudgeOptions, judgeOutput } from './judge.js';
import {
  metricF1,
  type ReferenceMetricName,
  type RougeScores,
  rougeMean,
  rougeMulti,
} from './rouge.js';

export const CALIBRATION_SCHEMA_VERSION = 1;

/** What scores the summaries: a reference metric, or one model judging with a rubric. */
export type CalibrationScorer =
  | { kind: 'metric'; id: ReferenceMetricName }
  | { kind: 'judge'; id: string; model: ModelId };

/**
 * How ROUGE combines several references: `mean` averages over them (the protocol behind the
 * published SummEval figures); `max` takes the best, as `rouge-score` and a run's reference
 * metrics do. With one reference both are the same.
 */
export type MultiReference = 'mean' | 'max';

/** How judge scorers call their model: the same seams `judgeOutput` takes in a run. */
export interface JudgeSetup {
  rubric: Rubric;
  /** The rubric's file, recorded in the report. */
  rubricFile: string;
  call: JudgeOptions['call'];
  costOf: JudgeOptions['costOf'];
  maxOutputTokens: number;
  maxAttempts: number;
}

export interface CalibrateOptions {
  set: CalibrationSet;
  scorers: CalibrationScorer[];
  /** Default `mean`. */
  multiReference?: MultiReference;
  /** Required when a judge scorer is listed. */
  judge?: JudgeSetup;
  /** Called after each summary a judge scored (or failed to). */
  onProgress?: (progress: { done: number; total: number }) => void;
}

/** The summary-level correlation of one scorer with one expert dimension. */
export interface Correlation {
  /** Mean over the documents kept of Spearman's rho; null when no document was kept. */
  spearman: number | null;
  /** Mean over the documents kept of Kendall's tau-b; null when no document was kept. */
  kendall: number | null;
  /** Documents that had a correlation and were averaged. */
  documents: number;
  /** Documents skipped: fewer than two scored summaries, or either side constant. */
  skippedDocuments: number;
}

/** `evals calibrate --json`: one scorer's agreement with the experts. */
export interface ScorerResult {
  /** As given to `--scorer`: `rouge-1`, or a model id. */
  scorer: string;
  kind: 'metric' | 'judge';
  /** Per expert dimension; null when the scorer does not score it (a rubric without it). */
  dimensions: Record<Dimension, Correlation | null>;
  /** The mean over the dimensions that have a correlation (all four, normally). */
  average: { spearman: number | null; kendall: number | null };
  /** Summaries the scorer was asked to score. */
  summaries: number;
  scored: number;
  /** Summaries with no score (an unparseable judge reply, a failed call, no reference); they
   *  are left out of every correlation, never counted as any score. */
  unscored: number;
  /** Up to five distinct reasons summaries were unscored, with how many had each. */
  unscoredReasons: Array<{ reason: string; count: number }>;
  /** What scoring cost in dollars: 0 for a metric; null when any judge call's cost is unknown. */
  costUsd: number | null;
}

/** The whole `evals calibrate --json` output. */
export interface CalibrationReport {
  schemaVersion: typeof CALIBRATION_SCHEMA_VERSION;
  data: {
    /** The rated-summaries file. */
    file: string;
    /** The references file, or null when the rows' own `reference`/`references` were used. */
    referencesFile: string | null;
    documents: number;
    summaries: number;
    multiReference: MultiReference;
  };
  /** The rubric file judge scorers followed; null when no judge scorer ran. */
  rubricFile: string | null;
  scorers: ScorerResult[];
  /** Things a reader of the figures should know (a judge's price is unknown, say). */
  warnings: string[];
}

/** Scores every summary with every scorer and correlates each with the expert ratings. */
export async function calibrate(options: CalibrateOptions): Promise<CalibrationReport> {
  const { set } = options;
  const multiReference = options.multiReference ?? 'mean';
  const judges = options.scorers.filter((s) => s.kind === 'judge');
  if (judges.length > 0 && !options.judge) {
    throw new TypeError('calibrate: judge scorers need options.judge');
  }
  const metrics = options.scorers.some((s) => s.kind === 'metric');
  if (metrics) checkReferences(set);
  const rouge = metrics ? rougeOfSummaries(set.summaries, multiReference) : [];

  const total = judges.length * set.summaries.length;
  let done = 0;
  const tick = () => {
    done++;
    options.onProgress?.({ done, total });
  };

  const scorers = await Promise.all(
    options.scorers.map((scorer) =>
      scorer.kind === 'metric'
        ? metricResult(scorer, set.summaries, rouge)
        : judgeResult(scorer, set.summaries, options.judge as JudgeSetup, tick),
    ),
  );
  return {
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    data: {
      file: set.file,
      referencesFile: set.referencesFile,
      documents: set.documents.length,
      summaries: set.summaries.length,
      multiReference,
    },
    rubricFile: judges.length > 0 ? (options.judge?.rubricFile ?? null) : null,
    scorers,
    warnings: [],
  };
}

/**
 * The summary-level correlation of scores with expert ratings: per document (items sharing a
 * `docId`), Spearman's rho and Kendall's tau-b over the items that have a score, averaged over
 * the documents where both sides vary. Items with a null score are left out.
 */
export function summaryLevelCorrelation(
  items: ReadonlyArray<{ docId: string; score: number | null; expert: number }>,
): Correlation {
  const byDocument = new Map<string, { scores: number[]; experts: number[] }>();
  for (const item of items) {
    let group = byDocument.get(item.docId);
    if (!group) {
      group = { scores: [], experts: [] };
      byDocument.set(item.docId, group);
    }
    if (item.score === null) continue;
    group.scores.push(item.score);
    group.experts.push(item.expert);
  }

  let rhoSum = 0;
  let tauSum = 0;
  let kept = 0;
  for (const { scores, experts } of byDocument.values()) {
    // spearman and kendallTauB are null exactly when a side is constant or has one value.
    const rho = spearman(scores, experts);
    const tau = kendallTauB(scores, experts);
    if (rho === null || tau === null) continue;
    rhoSum += rho;
    tauSum += tau;
    kept++;
  }
  return {
    spearman: kept > 0 ? rhoSum / kept : null,
    kendall: kept > 0 ? tauSum / kept : null,
    documents: kept,
    skippedDocuments: byDocument.size - kept,
  };
}

function metricResult(
  scorer: Extract<CalibrationScorer, { kind: 'metric' }>,
  summaries: RatedSummary[],
  rouge: Array<RougeScores | null>,
): ScorerResult {
  const scores = rouge.map((scores) => (scores ? metricF1(scores, scorer.id) : null));
  const reasons = scores.map((score) => (score === null ? 'no reference summary' : null));
  return result(scorer, summaries, () => scores, reasons, 0);
}

/** Every summary's ROUGE against its references (null without any), computed once for all. */
function rougeOfSummaries(
  summaries: RatedSummary[],
  multiReference: MultiReference,
): Array<RougeScores | null> {
  const combine = multiReference === 'mean' ? rougeMean : rougeMulti;
  return summaries.map((s) => (s.references.length > 0 ? combine(s.summary, s.references) : null));
}

async function judgeResult(
  scorer: Extract<CalibrationScorer, { kind: 'judge' }>,
  summaries: RatedSummary[],
  setup: JudgeSetup,
  tick: () => void,
): Promise<ScorerResult> {
  const results = await Promise.all(
    summaries.map(async (summary): Promise<JudgeResult> => {
      // SummEval's experts rated each summary against its article, without the references.
      const judged = await judgeOutput(
        {
          rubric: setup.rubric,
          judges: [scorer.model],
          call: setup.call,
          costOf: setup.costOf,
          maxOutputTokens: setup.maxOutputTokens,
          maxAttempts: setup.maxAttempts,
        },
        { article: summary.source, output: summary.summary },
      );
      tick();
      return judged;
    }),
  );

  const criteria = new Set(setup.rubric.criteria.map((c) => c.id));
  const reasons = results.map((r) =>
    r.status === 'scored'
      ? null
      : (r.verdicts.find((v) => v.unscoredReason)?.unscoredReason ?? 'no judge scored it'),
  );
  const costs = results.map((r) => r.costUsd);
  const costUsd = costs.some((c) => c === null)
    ? null
    : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0);
  return result(
    scorer,
    summaries,
    (dimension) =>
      criteria.has(dimension)
        ? results.map((r) => (r.status === 'scored' ? (r.criteria[dimension] ?? null) : null))
        : null,
    reasons,
    costUsd,
  );
}

/** Assembles a scorer's result from its scores per dimension (null: it does not score it). */
function result(
  scorer: CalibrationScorer,
  summaries: RatedSummary[],
  scoresFor: (dimension: Dimension) => Array<number | null> | null,
  reasons: Array<string | null>,
  costUsd: number | null,
): ScorerResult {
  const dimensions = {} as Record<Dimension, Correlation | null>;
  for (const dimension of DIMENSIONS) {
    const scores = scoresFor(dimension);
    dimensions[dimension] = scores
      ? summaryLevelCorrelation(
          summaries.map((s, i) => ({
            docId: s.docId,
            score: scores[i] ?? null,
            expert: s.expert[dimension],
          })),
        )
      : null;
  }

  const present = Object.values(dimensions).filter((c): c is Correlation => c !== null);
  const meanOf = (values: Array<number | null>) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : null;
  };
  const unscored = reasons.filter((r) => r !== null).length;
  return {
    scorer: scorer.id,
    kind: scorer.kind,
    dimensions,
    average: {
      spearman: meanOf(present.map((c) => c.spearman)),
      kendall: meanOf(present.map((c) => c.kendall)),
    },
    summaries: summaries.length,
    scored: summaries.length - unscored,
    unscored,
    unscoredReasons: countReasons(reasons),
    costUsd,
  };
}

function countReasons(reasons: Array<string | null>): Array<{ reason: string; count: number }> {
  const counts = new Map<string, number>();
  for (const reason of reasons)
    if (reason !== null) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 5);
}

/** A metric scorer on data without any reference is a usage error, not a column of unknowns. */
function checkReferences(set: CalibrationSet): void {
  if (set.summaries.some((s) => s.references.length > 0)) return;
  throw new DatasetError({
    file: path.relative(process.cwd(), set.file) || set.file,
    problem:
      'no summary has a reference ("reference" or "references"), so ROUGE cannot score any; ' +
      'add references or pass --references <file>',
  });
}
