import type { ErrorKind } from '../providers/errors.js';

export const SUMMARY_SCHEMA_VERSION = 1;

/** A mean with its 95% bootstrap interval over articles. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
  /** How many articles the mean is over. */
  n: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
}

/** One model's aggregates over the run. */
export interface ModelSummary {
  model: string;
  provider: string;
  /** `skipped` when the model was never called (absent credentials, say). */
  status: 'ran' | 'skipped';
  skipReason: string | null;
  articles: number;
  ok: number;
  errors: number;
  /** Quality on 0..1 from the judge, with its interval; null when no output was judged. */
  quality: Interval | null;
  /** Mean per criterion on 0..1 over judged outputs. */
  criteria: Record<string, number>;
  /** Share of ok outputs that passed every check; null when there are no ok outputs. */
  checkPassRate: number | null;
  /** Failures per check name. */
  checkFailures: Record<string, number>;
  /** Null when any ok row's cost is unknown. */
  totalCostUsd: number | null;
  costPerArticleUsd: number | null;
  costPer1kUsd: number | null;
  /** What judging this model's outputs cost (0 when none was judged); null when unknown. */
  judgeCostUsd: number | null;
  latencyMs: Percentiles | null;
  ttftMs: Percentiles | null;
  /** Output tokens per second of generation time, median over calls; null when unknown. */
  tokensPerSecond: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Errors over calls attempted (skipped rows excluded). */
  errorRate: number | null;
  errorsByKind: Partial<Record<ErrorKind, number>>;
  /** The judges that scored at least one of this model's outputs (a panel may exclude a judge
   *  of the model's own family). */
  judges: string[];
  /** Mean of each reference metric (`rouge-1`, `rouge-2`, `rouge-l`: F1 on 0..1) over ok
   *  outputs, when the fixtures carry reference summaries; else empty. */
  referenceMetrics: Record<string, number>;
  /** Quality per article (0..1), null where unscored: lets the gate pair models by article. */
  perArticleQuality: Record<string, number | null>;
  /** Distinct warnings the provider's rows carried. */
  warnings: string[];
}

/** `summary.json`: the run's settings and each model's aggregates. */
export interface RunSummary {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  runId: string;
  eval: string;
  task: string;
  createdAt: string;
  /** Seconds from the first call to the last row. */
  durationMs: number;
  settings: {
    specPath: string;
    fixtures: string;
    fixtureCount: number;
    /** sha256 of the fixture set's articles, of the prompt template, and of the rubric. */
    fixturesHash: string;
    promptHash: string;
    rubricHash: string;
    limit: number | null;
    concurrency: Record<string, number>;
    maxOutputTokens: number | null;
    temperature: number | null;
    stream: boolean;
    /** The prompt the models were sent, so the run folder alone can be re-reported and routed. */
    prompt: { system: string | null; template: string };
    /** The rubric file's text. */
    rubric: string;
    /** The routing policy the spec set, so `evals report` marks the same choice. */
    routing: {
      qualityFloor: number;
      maxErrorRate: number;
      maxCostPer1kUsd?: number | undefined;
      maxLatencyP95Ms?: number | undefined;
      objective: 'cheapest' | 'best';
      fallbacks: number;
    };
  };
  priceTable: { source: string; version: string };
  judge: {
    /** The judge models configured in the spec. */
    configured: string[];
    /** The judges that were reachable and used. */
    used: string[];
    judged: boolean;
    /** Why the run is unjudged, when it is. */
    reason: string | null;
    /** How the panel's scores of one output are combined. */
    aggregate: 'mean' | 'median';
    /**
     * How well the judges agree, over outputs that two or more judges scored: Krippendorff's
     * alpha (interval) of their overall scores, and the mean pairwise Spearman correlation.
     * Null with a single judge.
     */
    agreement: {
      krippendorffAlpha: number | null;
      meanPairwiseSpearman: number | null;
      /** Outputs scored by two or more judges. */
      outputs: number;
    } | null;
  };
  /** What ranks the models: the judge's quality, or the check pass rate on an unjudged run. */
  rankedBy: 'quality' | 'checks';
  totals: {
    generationCostUsd: number | null;
    judgeCostUsd: number | null;
  };
  models: ModelSummary[];
  warnings: string[];
}
