import { describe, expect, it } from 'vitest';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import { buildRouting } from './build.js';
import { chooseRoute } from './choose.js';
import { type RoutingPolicyValues, routingConfigSchema } from './schema.js';

interface ModelFigures {
  quality?: number | null;
  /** Half the width of the quality interval. */
  spread?: number;
  cost?: number | null;
  p95?: number;
  errorRate?: number;
  checkPassRate?: number | null;
  status?: 'ran' | 'skipped';
  skipReason?: string | null;
  ok?: number;
}

function model(id: string, figures: ModelFigures = {}): ModelSummary {
  const {
    quality = 0.8,
    spread = 0.02,
    cost = 1,
    p95 = 2_000,
    errorRate = 0,
    checkPassRate = 0.9,
    status = 'ran',
    skipReason = null,
    ok = status === 'skipped' ? 0 : 20,
  } = figures;
  return {
    model: id,
    provider: id.slice(0, id.indexOf(':')),
    status,
    skipReason,
    articles: 20,
    ok,
    errors: status === 'skipped' ? 0 : Math.round(errorRate * 20),
    quality:
      quality === null || status === 'skipped'
        ? null
        : { mean: quality, low: quality - spread, high: quality + spread, n: ok },
    criteria: {},
    checkPassRate: status === 'skipped' ? null : checkPassRate,
    checkFailures: {},
    totalCostUsd: cost === null ? null : (cost / 1000) * ok,
    costPerArticleUsd: cost === null ? null : cost / 1000,
    costPer1kUsd: cost,
    judgeCostUsd: 0,
    latencyMs: status === 'skipped' ? null : { p50: p95 / 2, p95 },
    ttftMs: null,
    tokensPerSecond: null,
    inputTokens: null,
    outputTokens: null,
    errorRate: status === 'skipped' ? null : errorRate,
    errorsByKind: {},
    judges: [],
    referenceMetrics: {},
    perArticleQuality: {},
    warnings: [],
  };
}

function run(models: ModelSummary[], rankedBy: RunSummary['rankedBy'] = 'quality'): RunSummary {
  return {
    schemaVersion: 1,
    runId: '2026-01-01T00-00-00-abc123',
    eval: 'summarize',
    task: 'summarize',
    createdAt: '2026-01-01T00:00:00.000Z',
    durationMs: 60_000,
    settings: {
      specPath: 'evals/summarize.yaml',
      fixtures: 'fixtures/news',
      fixtureCount: 20,
      fixturesHash: 'sha256:fixtures',
      promptHash: 'sha256:prompt',
      rubricHash: 'sha256:rubric',
      limit: null,
      concurrency: { default: 4 },
      maxOutputTokens: 300,
      temperature: 0,
      stream: true,
      prompt: { system: 'You write briefings.', template: 'Summarize: {{article}}' },
      rubric: 'description: x',
      routing: {
        qualityFloor: 0.7,
        maxErrorRate: 0.05,
        objective: 'cheapest',
        fallbacks: 2,
      },
    },
    priceTable: { source: '@pydantic/genai-prices', version: '0.1.8' },
    judge: {
      configured: ['anthropic:claude-sonnet-4-6'],
      used: rankedBy === 'quality' ? ['anthropic:claude-sonnet-4-6'] : [],
      judged: rankedBy === 'quality',
      reason: rankedBy === 'quality' ? null : 'no judge reachable',
      aggregate: 'mean',
      agreement: null,
    },
    rankedBy,
    totals: { generationCostUsd: 1, judgeCostUsd: 0.5 },
    models,
    warnings: [],
  };
}

function policy(overrides: Partial<RoutingPolicyValues> = {}): RoutingPolicyValues {
  return {
    qualityFloor: 0.7,
    maxErrorRate: 0.05,
    objective: 'cheapest',
    fallbacks: 2,
    ...overrides,
  };
}

const reasonFor = (choice: ReturnType<typeof chooseRoute>, id: string) =>
  choice.rejected.find((r) => r.model === id)?.reason;

describe('chooseRoute', () => {
  it('picks the cheapest model whose quality meets the floor', () => {
    const choice = chooseRoute(
      run([
        model('openai:gpt-5.4', { quality: 0.92, cost: 5 }),
        model('anthropic:claude-haiku-4-5', { quality: 0.78, cost: 1.2 }),
        model('ollama:qwen3:8b', { quality: 0.6, cost: 0.1 }),
      ]),
      policy(),
    );

    expect(choice.primary?.summary.model).toBe('anthropic:claude-haiku-4-5');
    expect(choice.fallbacks.map((c) => c.summary.model)).toEqual(['openai:gpt-5.4']);
    expect(reasonFor(choice, 'ollama:qwen3:8b')).toBe('quality 0.600 is below the floor 0.7');
  });

  it('rejects a model above the error-rate ceiling, whatever its price', () => {
    const choice = chooseRoute(
      run([
        model('openai:flaky', { quality: 0.9, cost: 0.5, errorRate: 0.1 }),
        model('openai:steady', { quality: 0.9, cost: 3 }),
      ]),
      policy(),
    );

    expect(choice.primary?.summary.model).toBe('openai:steady');
    expect(reasonFor(choice, 'openai:flaky')).toBe('error rate 0.100 is above 0.05');
  });

  it('rejects a model over the cost ceiling, and one whose cost is unknown', () => {
    const choice = chooseRoute(
      run([
        model('openai:dear', { quality: 0.95, cost: 12.5 }),
        model('ollama:unpriced', { quality: 0.95, cost: null }),
        model('openai:fair', { quality: 0.8, cost: 4 }),
      ]),
      policy({ maxCostPer1kUsd: 10 }),
    );

    expect(choice.primary?.summary.model).toBe('openai:fair');
    expect(reasonFor(choice, 'openai:dear')).toBe('cost $12.5000 per 1k is above $10');
    expect(reasonFor(choice, 'ollama:unpriced')).toContain('cost unknown');
  });

  it('rejects a model over the p95 latency ceiling', () => {
    const choice = chooseRoute(
      run([
        model('ollama:slow', { quality: 0.9, cost: 0, p95: 45_000.4 }),
        model('openai:quick', { quality: 0.9, cost: 2, p95: 3_000 }),
      ]),
      policy({ maxLatencyP95Ms: 30_000 }),
    );

    expect(choice.primary?.summary.model).toBe('openai:quick');
    expect(reasonFor(choice, 'ollama:slow')).toBe('p95 latency 45000 ms is above 30000 ms');
  });

  it('sorts a model of unknown cost after every model of known cost', () => {
    const choice = chooseRoute(
      run([
        model('ollama:unpriced', { quality: 0.95, cost: null }),
        model('openai:dear', { quality: 0.8, cost: 40 }),
        model('anthropic:cheap', { quality: 0.75, cost: 2 }),
      ]),
      policy(),
    );

    expect(choice.primary?.summary.model).toBe('anthropic:cheap');
    expect(choice.fallbacks.map((c) => c.summary.model)).toEqual([
      'openai:dear',
      'ollama:unpriced',
    ]);
    const bothOther = chooseRoute(
      run([model('ollama:unpriced', { cost: null }), model('openai:dear', { cost: 40 })]),
      policy(),
    );
    expect(bothOther.primary?.summary.model).toBe('openai:dear');
  });

  it('with objective best, lets a cheaper model whose interval overlaps the best win the tie', () => {
    const summary = run([
      model('openai:top', { quality: 0.9, spread: 0.05, cost: 10 }),
      model('anthropic:close', { quality: 0.87, spread: 0.05, cost: 2 }),
      model('ollama:cheapest', { quality: 0.75, spread: 0.05, cost: 0.5 }),
    ]);

    const best = chooseRoute(summary, policy({ objective: 'best' }));
    // 0.87 + 0.05 reaches above 0.90 - 0.05: a near-tie, and the cheaper model takes it.
    expect(best.primary?.summary.model).toBe('anthropic:close');
    expect(best.fallbacks.map((c) => c.summary.model)).toEqual(['openai:top', 'ollama:cheapest']);

    const cheapest = chooseRoute(summary, policy({ objective: 'cheapest' }));
    expect(cheapest.primary?.summary.model).toBe('ollama:cheapest');
  });

  it('with objective best, picks the best when no cheaper interval overlaps it', () => {
    const choice = chooseRoute(
      run([
        model('openai:top', { quality: 0.95, spread: 0.01, cost: 10 }),
        model('anthropic:close', { quality: 0.9, spread: 0.01, cost: 2 }),
      ]),
      policy({ objective: 'best' }),
    );

    expect(choice.primary?.summary.model).toBe('openai:top');
  });

  it('orders fallbacks other providers first, capped at policy.fallbacks', () => {
    const summary = run([
      model('openai:a', { cost: 1 }),
      model('openai:b', { cost: 2 }),
      model('anthropic:c', { cost: 3 }),
      model('bedrock:d', { cost: 4 }),
    ]);
    const fallbacks = (count: number) =>
      chooseRoute(summary, policy({ fallbacks: count })).fallbacks.map((c) => c.summary.model);

    expect(chooseRoute(summary, policy()).primary?.summary.model).toBe('openai:a');
    expect(fallbacks(2)).toEqual(['anthropic:c', 'bedrock:d']);
    expect(fallbacks(3)).toEqual(['anthropic:c', 'bedrock:d', 'openai:b']);
    expect(fallbacks(10)).toEqual(['anthropic:c', 'bedrock:d', 'openai:b']);
    expect(fallbacks(0)).toEqual([]);
  });

  it('rejects a skipped model with its skip reason, and one that never succeeded', () => {
    const choice = chooseRoute(
      run([
        model('openai:a', {
          status: 'skipped',
          skipReason: 'OPENAI_API_KEY is not set',
        }),
        model('anthropic:b', { ok: 0, quality: null, checkPassRate: null, errorRate: 1 }),
        model('bedrock:c'),
      ]),
      policy(),
    );

    expect(choice.primary?.summary.model).toBe('bedrock:c');
    expect(reasonFor(choice, 'openai:a')).toBe('skipped: OPENAI_API_KEY is not set');
    expect(reasonFor(choice, 'anthropic:b')).toBe('no successful call');
  });

  it('moves to the dearer, better model as the floor rises past the cheaper one', () => {
    const summary = run([
      model('ollama:small', { quality: 0.74, cost: 0.2 }),
      model('anthropic:mid', { quality: 0.83, cost: 1.5 }),
      model('openai:large', { quality: 0.91, cost: 9 }),
    ]);
    const primaryAt = (qualityFloor: number) =>
      chooseRoute(summary, policy({ qualityFloor })).primary?.summary.model ?? null;

    expect(primaryAt(0.7)).toBe('ollama:small');
    expect(primaryAt(0.74)).toBe('ollama:small');
    expect(primaryAt(0.75)).toBe('anthropic:mid');
    expect(primaryAt(0.85)).toBe('openai:large');
    expect(primaryAt(0.95)).toBeNull();
  });

  it('ranks an unjudged run by check pass rate', () => {
    const choice = chooseRoute(
      run(
        [
          model('ollama:sloppy', { quality: null, checkPassRate: 0.6, cost: 0 }),
          model('openai:tidy', { quality: null, checkPassRate: 0.95, cost: 2 }),
        ],
        'checks',
      ),
      policy({ qualityFloor: 0.8 }),
    );

    expect(choice.primary?.summary.model).toBe('openai:tidy');
    expect(choice.primary?.score).toBe(0.95);
    expect(choice.primary?.low).toBe(0.95);
    expect(choice.primary?.high).toBe(0.95);
    expect(reasonFor(choice, 'ollama:sloppy')).toBe('check pass rate 0.600 is below the floor 0.8');
  });

  it('ignores the check pass rate on a judged run', () => {
    const choice = chooseRoute(
      run([model('openai:a', { quality: 0.65, checkPassRate: 1 })]),
      policy(),
    );
    expect(choice.primary).toBeNull();
    expect(reasonFor(choice, 'openai:a')).toBe('quality 0.650 is below the floor 0.7');
  });
});

describe('buildRouting', () => {
  const inputs = (summary: RunSummary, overrides: Partial<RoutingPolicyValues> = {}) => ({
    summary,
    policy: policy(overrides),
    prompt: summary.settings.prompt,
    params: { maxOutputTokens: 300, temperature: 0 },
    generatedAt: new Date('2026-01-02T03:04:05.000Z'),
  });

  it('writes a config that validates, with the evidence, the policy and the hashes', () => {
    const summary = run([
      model('anthropic:claude-haiku-4-5', { quality: 0.82, cost: 1.25, p95: 2_400 }),
      model('openai:gpt-5.4-mini', { quality: 0.8, cost: 0.9, p95: 1_800, errorRate: 0.05 }),
      model('ollama:qwen3:8b', { quality: 0.5, cost: 0 }),
    ]);

    const { config, choice } = buildRouting(inputs(summary));

    expect(config).not.toBeNull();
    expect(routingConfigSchema.parse(config)).toEqual(config);
    expect(config?.generatedAt).toBe('2026-01-02T03:04:05.000Z');

    const route = config?.routes.summarize;
    expect(route?.primary).toEqual({
      model: 'openai:gpt-5.4-mini',
      params: { maxOutputTokens: 300, temperature: 0 },
    });
    expect(route?.fallbacks.map((f) => f.model)).toEqual(['anthropic:claude-haiku-4-5']);
    expect(route?.evidence[0]).toEqual({
      model: 'openai:gpt-5.4-mini',
      rankedBy: 'quality',
      quality: { mean: 0.8, low: expect.closeTo(0.78, 12), high: expect.closeTo(0.82, 12), n: 20 },
      checkPassRate: 0.9,
      costPer1kUsd: 0.9,
      latencyP95Ms: 1_800,
      errorRate: 0.05,
    });
    expect(route?.evidence.map((e) => e.model)).toEqual([
      'openai:gpt-5.4-mini',
      'anthropic:claude-haiku-4-5',
    ]);
    expect(route?.policy).toEqual(policy());
    expect(route?.prompt).toEqual({
      system: 'You write briefings.',
      template: 'Summarize: {{article}}',
    });
    expect(route?.source).toEqual({
      eval: 'summarize',
      runId: '2026-01-01T00-00-00-abc123',
      fixtures: 'fixtures/news',
      fixturesHash: 'sha256:fixtures',
      promptHash: 'sha256:prompt',
      rubricHash: 'sha256:rubric',
      judges: ['anthropic:claude-sonnet-4-6'],
      priceTable: '@pydantic/genai-prices@0.1.8',
    });
    expect(choice.rejected.map((r) => r.model)).toEqual(['ollama:qwen3:8b']);
  });

  it('carries the check pass rate as the quality evidence of an unjudged run', () => {
    const summary = run(
      [model('openai:tidy', { quality: null, checkPassRate: 0.85, cost: 2 })],
      'checks',
    );

    const { config } = buildRouting(inputs(summary));

    expect(routingConfigSchema.safeParse(config).success).toBe(true);
    expect(config?.routes.summarize?.evidence[0]).toMatchObject({
      rankedBy: 'checks',
      quality: { mean: 0.85, low: 0.85, high: 0.85, n: 20 },
      checkPassRate: 0.85,
    });
    expect(config?.routes.summarize?.source.judges).toEqual([]);
  });

  it('leaves temperature out of the params when the eval set none', () => {
    const summary = run([model('openai:a')]);
    const { config } = buildRouting({ ...inputs(summary), params: { maxOutputTokens: 200 } });

    expect(config?.routes.summarize?.primary.params).toEqual({ maxOutputTokens: 200 });
    expect(routingConfigSchema.safeParse(config).success).toBe(true);
  });

  it('writes no config when no model meets the policy, and says why each was rejected', () => {
    const summary = run([
      model('openai:a', { quality: 0.5 }),
      model('anthropic:b', { quality: 0.6 }),
    ]);

    const { config, choice } = buildRouting(inputs(summary));

    expect(config).toBeNull();
    expect(choice.rejected).toHaveLength(2);
  });
});
