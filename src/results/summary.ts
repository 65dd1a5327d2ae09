import type { ErrorKind } from '../providers/errors.js';
import { parseModelId } from '../providers/model-id.js';
import {
  bootstrapMeanInterval,
  krippendorffAlphaInterval,
  percentile,
  spearman,
} from '../stats/index.js';
import {
  type ModelSummary,
  type Percentiles,
  type RunSummary,
  SUMMARY_SCHEMA_VERSION,
} from './summary-types.js';
import type { ResultRow } from './types.js';

export type SummaryHeader = Omit<
  RunSummary,
  'schemaVersion' | 'models' | 'rankedBy' | 'totals' | 'judge'
> & {
  judge: Omit<RunSummary['judge'], 'agreement'>;
};

/** Aggregates a run's rows into `summary.json`, one entry per model in the order given. */
export function summarize(header: SummaryHeader, models: string[], rows: ResultRow[]): RunSummary {
  const byModel = new Map<string, ResultRow[]>(models.map((m) => [m, []]));
  for (const row of rows) byModel.get(row.model)?.push(row);

  const summaries = models.map((model) => summarizeModel(model, byModel.get(model) ?? []));
  const judged = summaries.some((s) => s.quality !== null);
  // Models that returned nothing cost nothing; unknown cost among the rest makes the total unknown.
  const ran = summaries.filter((s) => s.ok > 0);
  return {
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    ...header,
    judge: {
      ...header.judge,
      judged: header.judge.judged && judged,
      agreement: header.judge.used.length > 1 ? panelAgreement(header.judge.used, rows) : null,
    },
    rankedBy: judged ? 'quality' : 'checks',
    totals: {
      generationCostUsd: sumOrNull(ran.map((s) => s.totalCostUsd)),
      judgeCostUsd: sumOrNull(ran.map((s) => s.judgeCostUsd)),
    },
    models: summaries,
  };
}

/** One model's aggregates. Exported for tests. */
export function summarizeModel(model: string, rows: ResultRow[]): ModelSummary {
  const ok = rows.filter((r) => r.status === 'ok');
  const errors = rows.filter((r) => r.status === 'error');
  const attempted = ok.length + errors.length;
  const skipped = rows.find((r) => r.status === 'skipped');

  const perArticleQuality: Record<string, number | null> = {};
  for (const row of ok) perArticleQuality[row.articleId] = row.judge?.overall ?? null;
  const qualities = Object.values(perArticleQuality).filter((q): q is number => q !== null);

  const criteria: Record<string, number> = {};
  const criterionValues = new Map<string, number[]>();
  for (const row of ok) {
    for (const [id, value] of Object.entries(row.judge?.criteria ?? {})) {
      criterionValues.set(id, [...(criterionValues.get(id) ?? []), value]);
    }
  }
  for (const [id, values] of criterionValues) criteria[id] = mean(values);

  const checked = ok.filter((r) => r.checks.length > 0);
  const checkFailures: Record<string, number> = {};
  for (const row of ok) {
    for (const check of row.checks) {
      if (!check.passed) checkFailures[check.name] = (checkFailures[check.name] ?? 0) + 1;
    }
  }

  const errorsByKind: Partial<Record<ErrorKind, number>> = {};
  for (const row of errors) {
    const kind = row.error?.kind ?? 'unknown';
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  }

  const totalCostUsd = ok.length > 0 ? sumOrNull(ok.map((r) => r.costUsd)) : null;
  const judgeCostUsd = sumOrNull(ok.map((r) => (r.judge ? r.judge.costUsd : 0)));
  const costPerArticleUsd = totalCostUsd === null ? null : totalCostUsd / ok.length;

  return {
    model,
    provider: parseModelId(model)?.provider ?? '',
    status: skipped && attempted === 0 ? 'skipped' : 'ran',
    skipReason: attempted === 0 ? (skipped?.skipReason ?? null) : null,
    articles: rows.length,
    ok: ok.length,
    errors: errors.length,
    quality: qualities.length > 0 ? bootstrapMeanInterval(qualities, { seed: 1 }) : null,
    criteria,
    // No check ran: the pass rate is unknown, not 100%.
    checkPassRate: checked.length > 0 ? checked.filter(passedAll).length / checked.length : null,
    checkFailures,
    totalCostUsd,
    costPerArticleUsd,
    costPer1kUsd: costPerArticleUsd === null ? null : costPerArticleUsd * 1000,
    judgeCostUsd,
    latencyMs: percentiles(ok.map((r) => r.latencyMs)),
    ttftMs: percentiles(ok.map((r) => r.ttftMs)),
    tokensPerSecond: tokensPerSecond(ok),
    inputTokens: ok.length > 0 ? sumOrNull(ok.map((r) => r.inputTokens)) : null,
    outputTokens: ok.length > 0 ? sumOrNull(ok.map((r) => r.outputTokens)) : null,
    errorRate: attempted > 0 ? errors.length / attempted : null,
    errorsByKind,
    judges: [
      ...new Set(
        ok
          .flatMap((r) => r.judge?.verdicts.filter((v) => v.status === 'scored') ?? [])
          .map((v) => v.model),
      ),
    ],
    referenceMetrics: meanMetrics(ok),
    perArticleQuality,
    warnings: [...new Set([...ok.flatMap((r) => r.warnings), ...panelWarnings(ok)])],
  };
}

/** Says so when the panel's family rule left a model's outputs with no judge at all. */
function panelWarnings(rows: ResultRow[]): string[] {
  const judged = rows.filter((row) => row.judge !== null);
  const alone = judged.filter(
    (row) => row.judge?.verdicts.length === 0 && row.judge.excluded.length > 0,
  );
  if (alone.length === 0) return [];
  const judges = [...new Set(alone.flatMap((row) => row.judge?.excluded ?? []))].join(', ');
  return [
    `${alone.length} outputs unjudged: every reachable judge (${judges}) is of the model's own ` +
      'family; add a judge of another family or set judge.allowSameFamily',
  ];
}

/** Mean of each reference metric over the rows that carry it. */
function meanMetrics(rows: ResultRow[]): Record<string, number> {
  const values = new Map<string, number[]>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row.referenceMetrics ?? {})) {
      values.set(name, [...(values.get(name) ?? []), value]);
    }
  }
  return Object.fromEntries([...values].map(([name, list]) => [name, mean(list)]));
}

/**
 * How well a panel agrees on the outputs two or more of its judges scored: Krippendorff's
 * alpha (interval) of their overall scores, and the mean Spearman correlation over judge pairs.
 */
export function panelAgreement(
  judges: string[],
  rows: ResultRow[],
): RunSummary['judge']['agreement'] {
  const units: Array<Array<number | null>> = [];
  for (const row of rows) {
    const byJudge = new Map(
      (row.judge?.verdicts ?? [])
        .filter((v) => v.status === 'scored' && v.overall !== null)
        .map((v) => [v.model, v.overall as number]),
    );
    if (byJudge.size >= 2) units.push(judges.map((judge) => byJudge.get(judge) ?? null));
  }

  const correlations: number[] = [];
  for (let a = 0; a < judges.length; a++) {
    for (let b = a + 1; b < judges.length; b++) {
      const pairs = units.filter((unit) => unit[a] != null && unit[b] != null);
      if (pairs.length < 3) continue;
      const rho = spearman(
        pairs.map((unit) => unit[a] as number),
        pairs.map((unit) => unit[b] as number),
      );
      if (rho !== null) correlations.push(rho);
    }
  }
  return {
    krippendorffAlpha: krippendorffAlphaInterval(units),
    meanPairwiseSpearman: correlations.length > 0 ? mean(correlations) : null,
    outputs: units.length,
  };
}

function passedAll(row: ResultRow): boolean {
  return row.checks.every((check) => check.passed);
}

/** Median of output tokens over generation time (after the first token when streamed). */
function tokensPerSecond(rows: ResultRow[]): number | null {
  const rates: number[] = [];
  for (const row of rows) {
    if (row.outputTokens === null || row.latencyMs === null) continue;
    const generationMs = row.latencyMs - (row.ttftMs ?? 0);
    if (generationMs > 0) rates.push((row.outputTokens / generationMs) * 1000);
  }
  return rates.length > 0 ? percentile(rates, 0.5) : null;
}

function percentiles(values: Array<number | null>): Percentiles | null {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return null;
  // Hundredths of a millisecond: finer than any clock here measures.
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50: round(percentile(known, 0.5)), p95: round(percentile(known, 0.95)) };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The sum, or null when any value is unknown. */
function sumOrNull(values: Array<number | null>): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}
