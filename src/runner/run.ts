import type { ModelId } from '../providers/model-id.js';
import type { Usage } from '../providers/types.js';
import {
  type CheckResult,
  type JudgeResult,
  RESULTS_SCHEMA_VERSION,
  type ResultRow,
} from '../results/types.js';
import type { Clock } from './clock.js';
import type { Dispatcher } from './dispatch.js';

/** The part of an article the runner needs; every field is a template variable. */
export interface RunArticle {
  id: string;
  body: string;
  [field: string]: unknown;
}

/** A candidate model, and why it will not be called when it will not. */
export interface PlannedModel {
  model: ModelId;
  skipReason: string | null;
}

export interface Scoring {
  checks: CheckResult[];
  judge: JudgeResult | null;
  referenceMetrics: Record<string, number> | null;
}

export type RunEvent =
  | { type: 'start'; total: number; skipped: Array<{ model: string; reason: string }> }
  | { type: 'row'; row: ResultRow; done: number; total: number };

export interface RunTasksOptions {
  runId: string;
  task: string;
  articles: RunArticle[];
  models: PlannedModel[];
  /** The rendered prompt of an article (rendered once, before any call). */
  prompts: ReadonlyMap<string, { system: string | null; user: string }>;
  generation: { maxOutputTokens: number; temperature?: number | undefined; stream: boolean };
  dispatcher: Dispatcher;
  costOf: (model: ModelId, usage: Usage) => number | null;
  /** Checks and judges an ok output; its calls go through the same dispatcher. */
  score?: (input: { article: RunArticle; output: string; model: ModelId }) => Promise<Scoring>;
  /** Receives each finished row, in completion order (the results writer). */
  onRow: (row: ResultRow) => Promise<void> | void;
  onEvent?: (event: RunEvent) => void;
  clock: Clock;
  /**
   * Interrupts the run (with the dispatcher's `stop` or `signal`): calls not yet sent are not
   * sent, and calls cut off leave no row (they did not finish); every finished row is kept.
   */
  interrupted?: () => boolean;
}

/**
 * Runs every (model, article) task: skipped models get their rows at once; the rest are called
 * through the dispatcher, scored, and handed to `onRow` as each finishes.
 */
export async function runTasks(options: RunTasksOptions): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  const total = options.models.length * options.articles.length;
  const skipped = options.models.flatMap((m) =>
    m.skipReason === null ? [] : [{ model: m.model.id, reason: m.skipReason }],
  );
  options.onEvent?.({ type: 'start', total, skipped });

  const finish = async (row: ResultRow) => {
    rows.push(row);
    await options.onRow(row);
    options.onEvent?.({ type: 'row', row, done: rows.length, total });
  };

  for (const planned of options.models) {
    if (planned.skipReason === null) continue;
    for (const article of options.articles) {
      await finish(skippedRow(options, planned.model, article.id, planned.skipReason));
    }
  }

  const tasks: Promise<void>[] = [];
  for (const article of options.articles) {
    for (const planned of options.models) {
      if (planned.skipReason !== null) continue;
      tasks.push(
        runOne(options, planned.model, article).then((row) => (row ? finish(row) : undefined)),
      );
    }
  }
  await Promise.all(tasks);
  return rows;
}

async function runOne(
  options: RunTasksOptions,
  model: ModelId,
  article: RunArticle,
): Promise<ResultRow | null> {
  const prompt = options.prompts.get(article.id);
  if (!prompt) throw new Error(`no rendered prompt for article ${article.id}`);

  const outcome = await options.dispatcher.call(model, {
    ...(prompt.system !== null ? { system: prompt.system } : {}),
    messages: [{ role: 'user', content: prompt.user }],
    maxOutputTokens: options.generation.maxOutputTokens,
    ...(options.generation.temperature !== undefined
      ? { temperature: options.generation.temperature }
      : {}),
    stream: options.generation.stream,
    document: article.body,
  });

  const base = baseRow(options, model, article.id);
  if (!outcome.ok && outcome.error.kind === 'aborted' && options.interrupted?.()) return null;
  if (!outcome.ok) {
    return {
      ...base,
      status: 'error',
      error: {
        kind: outcome.error.kind,
        message: outcome.error.message,
        status: outcome.error.status,
      },
      latencyMs: outcome.latencyMs === null ? null : round(outcome.latencyMs),
      attempts: outcome.attempts,
      retries: outcome.retries,
      startedAt: outcome.startedAt.toISOString(),
    };
  }

  const { result } = outcome;
  const scoring = options.score
    ? await options.score({ article, output: result.text, model })
    : { checks: [], judge: null, referenceMetrics: null };
  return {
    ...base,
    status: 'ok',
    output: result.text,
    latencyMs: round(outcome.latencyMs),
    ttftMs: outcome.ttftMs === null ? null : round(outcome.ttftMs),
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cachedInputTokens: result.usage.cachedInputTokens,
    cacheWriteTokens: result.usage.cacheWriteTokens,
    reasoningTokens: result.usage.reasoningTokens,
    usageRaw: result.usage.raw,
    costUsd: options.costOf(model, result.usage),
    attempts: outcome.attempts,
    retries: outcome.retries,
    finishReason: result.finishReason,
    warnings: result.warnings,
    checks: scoring.checks,
    judge: scoring.judge,
    referenceMetrics: scoring.referenceMetrics,
    startedAt: outcome.startedAt.toISOString(),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function baseRow(options: RunTasksOptions, model: ModelId, articleId: string): ResultRow {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: options.runId,
    task: options.task,
    articleId,
    model: model.id,
    status: 'skipped',
    skipReason: null,
    output: null,
    error: null,
    latencyMs: null,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    usageRaw: null,
    costUsd: null,
    cacheHit: false,
    attempts: 0,
    retries: [],
    finishReason: null,
    warnings: [],
    judge: null,
    checks: [],
    referenceMetrics: null,
    startedAt: options.clock.date().toISOString(),
  };
}

function skippedRow(
  options: RunTasksOptions,
  model: ModelId,
  articleId: string,
  reason: string,
): ResultRow {
  return { ...baseRow(options, model, articleId), status: 'skipped', skipReason: reason };
}
