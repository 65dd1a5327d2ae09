import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../providers/errors.js';
import { type SummaryHeader, summarize, summarizeModel } from './summary.js';
import type { CheckResult, JudgeResult, ResultRow } from './types.js';

const MINI = 'openai:gpt-5.4-mini';
const HAIKU = 'anthropic:claude-haiku-4-5';

function row(fields: Partial<ResultRow> = {}): ResultRow {
  return {
    schemaVersion: 1,
    runId: 'run-1',
    task: 'summarize',
    articleId: 'a1',
    model: MINI,
    status: 'ok',
    skipReason: null,
    output: 'A summary.',
    error: null,
    latencyMs: 1_000,
    ttftMs: null,
    inputTokens: 1_000,
    outputTokens: 100,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    usageRaw: null,
    costUsd: 0.001,
    cacheHit: false,
    referenceMetrics: null,
    attempts: 1,
    retries: [],
    finishReason: 'stop',
    warnings: [],
    judge: null,
    checks: [],
    startedAt: '2026-01-01T00:00:00.000Z',
    ...fields,
  };
}

function errorRow(kind: ErrorKind, fields: Partial<ResultRow> = {}): ResultRow {
  return row({
    status: 'error',
    output: null,
    error: { kind, message: `${kind} from the provider`, status: null },
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    ...fields,
  });
}

function skippedRow(fields: Partial<ResultRow> = {}): ResultRow {
  return row({
    status: 'skipped',
    skipReason: 'OPENAI_API_KEY is not set',
    output: null,
    latencyMs: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    attempts: 0,
    ...fields,
  });
}

function judged(overall: number | null, judgeCostUsd: number | null = 0.0005): JudgeResult {
  return {
    status: overall === null ? 'unscored' : 'scored',
    criteria: overall === null ? {} : { faithfulness: overall },
    overall,
    verdicts: [],
    excluded: [],
    costUsd: judgeCostUsd,
  };
}

const check = (name: string, passed: boolean): CheckResult => ({
  name,
  passed,
  detail: passed ? null : `${name} failed`,
});

const HEADER: SummaryHeader = {
  runId: 'run-1',
  eval: 'summarize',
  task: 'summarize',
  createdAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1_000,
  settings: {
    specPath: 'evals/summarize.yaml',
    fixtures: 'fixtures/news',
    fixtureCount: 3,
    fixturesHash: 'f',
    promptHash: 'p',
    rubricHash: 'r',
    limit: null,
    concurrency: {},
    maxOutputTokens: 300,
    temperature: 0,
    stream: false,
    prompt: { system: null, template: '{{article}}' },
    rubric: '',
    routing: { qualityFloor: 0.7, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
  },
  priceTable: { source: '@pydantic/genai-prices', version: '0.1.8' },
  judge: { configured: [HAIKU], used: [HAIKU], judged: true, reason: null, aggregate: 'mean' },
  warnings: [],
};

describe('summarizeModel', () => {
  it('counts the error rate over attempted calls, leaving skipped rows out', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1' }),
      row({ articleId: 'a2' }),
      row({ articleId: 'a3' }),
      errorRow('rate_limit', { articleId: 'a4' }),
      skippedRow({ articleId: 'a5', skipReason: 'budget reached' }),
      skippedRow({ articleId: 'a6', skipReason: 'budget reached' }),
    ]);

    expect(summary.errorRate).toBe(0.25);
    expect(summary.ok).toBe(3);
    expect(summary.errors).toBe(1);
    expect(summary.status).toBe('ran');
    expect(summary.skipReason).toBeNull();
  });

  it('gives the cost per 1,000 articles as the mean cost of ok rows times 1,000', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1', costUsd: 0.001 }),
      row({ articleId: 'a2', costUsd: 0.002 }),
      row({ articleId: 'a3', costUsd: 0.006 }),
      errorRow('server', { articleId: 'a4' }),
    ]);

    expect(summary.totalCostUsd).toBeCloseTo(0.009, 12);
    expect(summary.costPerArticleUsd).toBeCloseTo(0.003, 12);
    expect(summary.costPer1kUsd).toBeCloseTo(3, 10);
  });

  it('makes the cost unknown, never 0, when any ok row has an unknown cost', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1', costUsd: 0.001 }),
      row({ articleId: 'a2', costUsd: null }),
    ]);

    expect(summary.totalCostUsd).toBeNull();
    expect(summary.costPerArticleUsd).toBeNull();
    expect(summary.costPer1kUsd).toBeNull();
  });

  it('marks a model that was only skipped as skipped, with its reason', () => {
    const summary = summarizeModel(MINI, [
      skippedRow({ articleId: 'a1' }),
      skippedRow({ articleId: 'a2' }),
    ]);

    expect(summary.status).toBe('skipped');
    expect(summary.skipReason).toBe('OPENAI_API_KEY is not set');
    expect(summary.errorRate).toBeNull();
    expect(summary.totalCostUsd).toBeNull();
    expect(summary.quality).toBeNull();
    expect(summary.latencyMs).toBeNull();
  });

  it('gives latency p50 and p95 over ok rows only', () => {
    const latencies = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000];
    const summary = summarizeModel(MINI, [
      ...latencies.map((latencyMs, i) => row({ articleId: `a${i}`, latencyMs })),
      errorRow('timeout', { articleId: 'slow', latencyMs: 120_000 }),
    ]);

    // numpy-style interpolation: p50 at position 4.5, p95 at position 8.55.
    expect(summary.latencyMs?.p50).toBeCloseTo(550, 10);
    expect(summary.latencyMs?.p95).toBeCloseTo(955, 10);
  });

  it('gives time to first token percentiles only from streamed rows', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1', ttftMs: 100 }),
      row({ articleId: 'a2', ttftMs: 300 }),
      row({ articleId: 'a3', ttftMs: null }),
    ]);
    expect(summary.ttftMs?.p50).toBe(200);
    expect(summarizeModel(MINI, [row()]).ttftMs).toBeNull();
  });

  it('gives the judge quality with its interval over scored articles', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1', judge: judged(0.6) }),
      row({ articleId: 'a2', judge: judged(0.8) }),
      row({ articleId: 'a3', judge: judged(1) }),
      row({ articleId: 'a4', judge: judged(null) }),
      row({ articleId: 'a5', judge: null }),
    ]);

    expect(summary.quality?.mean).toBeCloseTo(0.8, 12);
    expect(summary.quality?.n).toBe(3);
    expect(summary.quality?.low).toBeGreaterThanOrEqual(0.6);
    expect(summary.quality?.low).toBeLessThan(0.8);
    expect(summary.quality?.high).toBeGreaterThan(0.8);
    expect(summary.quality?.high).toBeLessThanOrEqual(1);
    expect(summary.perArticleQuality).toEqual({ a1: 0.6, a2: 0.8, a3: 1, a4: null, a5: null });
    expect(summary.criteria.faithfulness).toBeCloseTo(0.8, 12);
    expect(summary.judgeCostUsd).toBeCloseTo(0.002, 12);
  });

  it('has no quality when nothing was judged', () => {
    const summary = summarizeModel(MINI, [row({ articleId: 'a1' }), row({ articleId: 'a2' })]);
    expect(summary.quality).toBeNull();
    expect(summary.judgeCostUsd).toBe(0);
  });

  it('gives the share of ok outputs that passed every check, and failures per check', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1', checks: [check('word_count', true), check('no_markdown', true)] }),
      row({ articleId: 'a2', checks: [check('word_count', false), check('no_markdown', true)] }),
      row({ articleId: 'a3', checks: [check('word_count', false), check('no_markdown', false)] }),
      row({ articleId: 'a4', checks: [check('word_count', true), check('no_markdown', true)] }),
      errorRow('server', { articleId: 'a5' }),
    ]);

    expect(summary.checkPassRate).toBe(0.5);
    expect(summary.checkFailures).toEqual({ word_count: 2, no_markdown: 1 });
  });

  it('counts errors by kind', () => {
    const summary = summarizeModel(MINI, [
      row({ articleId: 'a1' }),
      errorRow('rate_limit', { articleId: 'a2' }),
      errorRow('rate_limit', { articleId: 'a3' }),
      errorRow('auth', { articleId: 'a4' }),
    ]);

    expect(summary.errorsByKind).toEqual({ rate_limit: 2, auth: 1 });
    expect(summary.errorRate).toBe(0.75);
  });

  it('gives tokens per second over generation time, after the first token', () => {
    const summary = summarizeModel(MINI, [
      // 100 tokens over 1,000 - 500 ms: 200 tokens/s.
      row({ articleId: 'a1', outputTokens: 100, latencyMs: 1_000, ttftMs: 500 }),
    ]);
    expect(summary.tokensPerSecond).toBeCloseTo(200, 10);
  });
});

describe('summarize', () => {
  it('keeps a skipped-only model out of the run totals, so they stay known', () => {
    const summary = summarize(
      HEADER,
      [MINI, HAIKU],
      [
        skippedRow({ model: MINI, articleId: 'a1' }),
        skippedRow({ model: MINI, articleId: 'a2' }),
        row({ model: HAIKU, articleId: 'a1', costUsd: 0.002, judge: judged(0.9, 0.001) }),
        row({ model: HAIKU, articleId: 'a2', costUsd: 0.003, judge: judged(0.7, 0.001) }),
      ],
    );

    expect(summary.models.map((m) => [m.model, m.status])).toEqual([
      [MINI, 'skipped'],
      [HAIKU, 'ran'],
    ]);
    expect(summary.totals.generationCostUsd).toBeCloseTo(0.005, 12);
    expect(summary.totals.judgeCostUsd).toBeCloseTo(0.002, 12);
    expect(summary.rankedBy).toBe('quality');
    expect(summary.judge.judged).toBe(true);
  });

  it('makes the run total unknown when a model that ran has an unknown cost', () => {
    const summary = summarize(
      HEADER,
      [MINI, HAIKU],
      [row({ model: MINI, costUsd: null }), row({ model: HAIKU, costUsd: 0.002 })],
    );
    expect(summary.totals.generationCostUsd).toBeNull();
  });

  it('ranks by checks, and says the run is unjudged, when nothing was judged', () => {
    const summary = summarize(
      HEADER,
      [MINI],
      [row({ articleId: 'a1', judge: judged(null) }), row({ articleId: 'a2' })],
    );

    expect(summary.rankedBy).toBe('checks');
    expect(summary.judge.judged).toBe(false);
    expect(summary.schemaVersion).toBe(1);
  });

  it('keeps the models in the order given and ignores rows of models not listed', () => {
    const summary = summarize(
      HEADER,
      [HAIKU, MINI],
      [row({ model: MINI }), row({ model: 'ollama:qwen3:8b' }), row({ model: HAIKU })],
    );
    expect(summary.models.map((m) => m.model)).toEqual([HAIKU, MINI]);
    expect(summary.models.map((m) => m.provider)).toEqual(['anthropic', 'openai']);
  });
});
