import type { ErrorKind } from '../providers/errors.js';

export const RESULTS_SCHEMA_VERSION = 1;

/** One deterministic check's verdict on one output. */
export interface CheckResult {
  /** The check's name as the spec gives it (`word_count`, `numbers_in_source`, ...). */
  name: string;
  passed: boolean;
  /** Why it failed, for a person: `212 words; at most 150`. Null when it passed. */
  detail: string | null;
}

/** One judge model's verdict on one output. */
export interface JudgeVerdict {
  /** The judge's model id. */
  model: string;
  status: 'scored' | 'unscored';
  /** Why the output is unscored (an unparseable reply, an error), else null. */
  unscoredReason: string | null;
  /** Score per criterion on the rubric's scale; empty when unscored. */
  scores: Record<string, number>;
  /** The weighted mean of the scores, normalised to 0..1; null when unscored. */
  overall: number | null;
  rationale: string | null;
  /** The exact prompt sent to the judge (system and user parts). */
  prompt: { system: string; user: string };
  /** The judge's reply exactly as it came back, or null when the call failed. */
  rawReply: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** How many judge calls were made for this verdict (a reply that fails validation is retried). */
  attempts: number;
}

/** The judging of one output: every judge's verdict and their aggregate. */
export interface JudgeResult {
  status: 'scored' | 'unscored';
  /** The panel's aggregate (mean or median, per the spec) per criterion, normalised to 0..1. */
  criteria: Record<string, number>;
  /** The panel's aggregate quality on 0..1; null when no judge scored the output. */
  overall: number | null;
  verdicts: JudgeVerdict[];
  /** Judges not asked about this output because they are of the candidate's own family. */
  excluded: string[];
  /** The judging's own cost; null when any judge call's cost is unknown. */
  costUsd: number | null;
}

/** One retry the runner made before the call's final outcome. */
export interface RetryRecord {
  kind: ErrorKind;
  message: string;
  waitMs: number;
}

/** One line of `results.jsonl`: one model's work on one article. */
export interface ResultRow {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  /** The routing task this eval measures (`summarize`). */
  task: string;
  articleId: string;
  /** The model id, `provider:model`. */
  model: string;
  status: 'ok' | 'error' | 'skipped';
  /** Why the model was not called (absent credentials, say); null unless skipped. */
  skipReason: string | null;
  output: string | null;
  error: { kind: ErrorKind; message: string; status: number | null } | null;
  /** Wall time of the call that produced the row, retries excluded, by a monotonic clock. */
  latencyMs: number | null;
  /** Time to the first generated text when streaming; null when not streamed. */
  ttftMs: number | null;
  /** Every prompt token (cache reads and writes included); null when the provider did not say. */
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** The usage object exactly as the provider reported it. */
  usageRaw: unknown;
  /** The generation's cost; null when a price or a token count is unknown. */
  costUsd: number | null;
  /** True when the output came from the harness's cache and cost nothing this time. */
  cacheHit: boolean;
  /** Attempts made, the successful one included. */
  attempts: number;
  retries: RetryRecord[];
  finishReason: string | null;
  warnings: string[];
  judge: JudgeResult | null;
  checks: CheckResult[];
  /** Reference metrics (`rouge-1`, `rouge-2`, `rouge-l`: F1 on 0..1) when the article carries
   *  a reference summary; else null. */
  referenceMetrics: Record<string, number> | null;
  /** When the call started, ISO 8601. */
  startedAt: string;
}
