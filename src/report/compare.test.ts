import { describe, expect, it } from 'vitest';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import { compareRuns } from './compare.js';

function model(
  id: string,
  fields: Partial<Pick<ModelSummary, 'status' | 'quality' | 'checkPassRate' | 'costPer1kUsd'>> & {
    p95?: number | null;
  } = {},
): ModelSummary {
  const p95 = fields.p95 === undefined ? 2000 : fields.p95;
  return {
    model: id,
    provider: 'openai',
    status: fields.status ?? 'ran',
    skipReason: fields.status === 'skipped' ? 'no key' : null,
    articles: 100,
    ok: 100,
    errors: 0,
    quality: fields.quality === undefined ? q(0.7) : fields.quality,
    criteria: {},
    checkPassRate: fields.checkPassRate ?? 0.9,
    checkFailures: {},
    totalCostUsd: null,
    costPerArticleUsd: null,
    costPer1kUsd: fields.costPer1kUsd === undefined ? 1 : fields.costPer1kUsd,
    judgeCostUsd: null,
    latencyMs: p95 === null ? null : { p50: p95 / 2, p95 },
    ttftMs: null,
    tokensPerSecond: null,
    inputTokens: null,
    outputTokens: null,
    errorRate: 0,
    errorsByKind: {},
    judges: ['openai:judge'],
    referenceMetrics: {},
    perArticleQuality: {},
    warnings: [],
  };
}

function q(mean: number, halfWidth = 0.05) {
  return { mean, low: mean - halfWidth, high: mean + halfWidth, n: 100 };
}

function run(runId: string, models: ModelSummary[], fields: Partial<RunSummary> = {}): RunSummary {
  return {
    schemaVersion: 1,
    runId,
    eval: 'summarize',
    task: 'summarize',
    createdAt: '2026-06-01T12:00:00.000Z',
    durationMs: 1000,
    settings: {
      specPath: 'evals/summarize.yaml',
      fixtures: 'fixtures/news',
      fixtureCount: 100,
      fixturesHash: 'f',
      promptHash: 'p',
      rubricHash: 'r',
      limit: null,
      concurrency: {},
      maxOutputTokens: null,
      temperature: null,
      stream: false,
      prompt: { system: null, template: 't' },
      rubric: 'r',
      routing: { qualityFloor: 0.6, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
    },
    priceTable: { source: 'genai-prices', version: '0.1.8' },
    judge: {
      configured: ['openai:judge'],
      used: ['openai:judge'],
      judged: true,
      reason: null,
      aggregate: 'mean',
      agreement: null,
    },
    rankedBy: 'quality',
    totals: { generationCostUsd: null, judgeCostUsd: null },
    models,
    warnings: [],
    ...fields,
  };
}

describe('compareRuns', () => {
  it('calls a quality move news only when the two intervals do not overlap', () => {
    const comparison = compareRuns({
      earlier: run('before', [
        model('a:up', { quality: q(0.6) }),
        model('b:noise', { quality: q(0.7, 0.08) }),
        model('c:down', { quality: q(0.8) }),
      ]),
      current: run('after', [
        model('a:up', { quality: q(0.75) }),
        model('b:noise', { quality: q(0.8, 0.08) }),
        model('c:down', { quality: q(0.65) }),
      ]),
    });
    const by = (id: string) => comparison.models.find((m) => m.model === id)?.quality;

    expect(by('a:up')).toMatchObject({
      before: '0.60 [0.55–0.65]',
      after: '0.75 [0.70–0.80]',
      delta: '+0.15',
      movement: 'better',
      separated: true,
    });
    // Larger than a:up's gap between means would need, but the intervals overlap.
    expect(by('b:noise')).toMatchObject({ delta: '+0.10', movement: 'same', separated: false });
    expect(by('c:down')).toMatchObject({ delta: '−0.15', movement: 'worse', separated: true });
    expect(comparison.separatedCount).toBe(2);
    expect(comparison.headline).toContain(
      "2 models' quality moved beyond the noise (1 up, 1 down)",
    );
    // In this run's rank order.
    expect(comparison.models.map((m) => m.model)).toEqual(['b:noise', 'a:up', 'c:down']);
  });

  it('compares cost and p95 latency, lower being better, and unknown as unknown', () => {
    const comparison = compareRuns({
      earlier: run('before', [
        model('a:x', { costPer1kUsd: 2, p95: 2000 }),
        model('b:y', { costPer1kUsd: null, p95: 1000 }),
      ]),
      current: run('after', [
        model('a:x', { costPer1kUsd: 1.5, p95: 2100 }),
        model('b:y', { costPer1kUsd: 0.5, p95: 1500 }),
      ]),
    });
    const a = comparison.models.find((m) => m.model === 'a:x');
    const b = comparison.models.find((m) => m.model === 'b:y');

    expect(a?.costPer1k).toMatchObject({ delta: '−$0.50 (−25%)', movement: 'better' });
    // 5% on a p95 is within what two runs of one model differ by.
    expect(a?.latencyP95).toMatchObject({ delta: '+100 ms (+5%)', movement: 'same' });
    expect(b?.costPer1k).toMatchObject({
      before: 'unknown',
      after: '$0.50',
      delta: 'unknown',
      sortValue: '',
      movement: 'unknown',
    });
    expect(b?.latencyP95).toMatchObject({ delta: '+500 ms (+50%)', movement: 'worse' });
  });

  it('lists models added and removed, a skipped model as not present', () => {
    const comparison = compareRuns({
      earlier: run('before', [model('a:kept'), model('b:gone'), model('c:skipped-now')]),
      current: run('after', [
        model('a:kept'),
        model('c:skipped-now', { status: 'skipped', quality: null }),
        model('d:new'),
      ]),
    });

    expect(comparison.models.map((m) => m.model)).toEqual(['a:kept']);
    expect(comparison.added).toEqual([{ model: 'd:new', note: null }]);
    expect(comparison.removed).toEqual([
      { model: 'b:gone', note: null },
      { model: 'c:skipped-now', note: 'skipped in this run' },
    ]);
  });

  it('warns when the prompt, rubric, articles or judges differ', () => {
    const earlier = run('before', [model('a:x')]);
    const comparison = compareRuns({
      earlier,
      current: run('after', [model('a:x')], {
        settings: { ...earlier.settings, promptHash: 'p2', fixturesHash: 'f2', fixtureCount: 50 },
        judge: { ...earlier.judge, used: ['anthropic:judge'] },
      }),
    });

    expect(comparison.caveats).toEqual([
      'The articles differ (fixtures/news, 100 then fixtures/news, 50): every figure may move with them.',
      'The prompt changed: a move may come from the prompt rather than the model.',
      'The judges changed (openai:judge then anthropic:judge): quality scores are not on the same ruler.',
    ]);
    expect(compareRuns({ earlier, current: earlier }).caveats).toEqual([]);
  });

  it('compares check pass rates, without intervals, when a run is unjudged', () => {
    const comparison = compareRuns({
      earlier: run('before', [model('a:x', { checkPassRate: 0.8 })], { rankedBy: 'checks' }),
      current: run('after', [model('a:x', { checkPassRate: 0.9 })]),
    });

    expect(comparison.figureLabel).toBe('Check pass rate');
    expect(comparison.models[0]?.quality).toMatchObject({
      before: '80.0%',
      after: '90.0%',
      delta: '+10.0 pts',
      movement: 'better',
      separated: false,
    });
    expect(comparison.caveats).toContain(
      'One of the runs is unjudged: comparing check pass rates, which have no interval.',
    );
  });
});
