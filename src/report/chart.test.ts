import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../results/summary-types.js';
import { buildScatter, paretoFrontier } from './chart.js';

function model(id: string, costPer1kUsd: number | null, mean: number | null): ModelSummary {
  return {
    model: id,
    provider: 'p',
    status: 'ran',
    skipReason: null,
    articles: 5,
    ok: 5,
    errors: 0,
    quality: mean === null ? null : { mean, low: mean - 0.05, high: mean + 0.05, n: 5 },
    criteria: {},
    checkPassRate: mean,
    checkFailures: {},
    totalCostUsd: null,
    costPerArticleUsd: null,
    costPer1kUsd,
    judgeCostUsd: null,
    latencyMs: null,
    ttftMs: null,
    tokensPerSecond: null,
    inputTokens: null,
    outputTokens: null,
    errorRate: 0,
    errorsByKind: {},
    judges: [],
    referenceMetrics: {},
    perArticleQuality: {},
    warnings: [],
  };
}

describe('paretoFrontier', () => {
  it('keeps each model that is better than everything cheaper', () => {
    const frontier = paretoFrontier([
      { model: 'free', costPer1kUsd: 0, value: 0.4 },
      { model: 'free-worse', costPer1kUsd: 0, value: 0.3 },
      { model: 'cheap', costPer1kUsd: 0.1, value: 0.6 },
      { model: 'dominated', costPer1kUsd: 1, value: 0.55 },
      { model: 'dear', costPer1kUsd: 5, value: 0.9 },
    ]);

    expect(frontier.map((p) => p.model)).toEqual(['free', 'cheap', 'dear']);
  });
});

describe('buildScatter', () => {
  const chart = buildScatter({
    models: [
      model('dear', 10, 0.9),
      model('mid', 1, 0.7),
      model('cheap', 0.01, 0.6),
      model('free', 0, 0.4),
      model('unpriced', null, 0.8),
      model('failed', 2, null),
    ],
    rankedBy: 'quality',
    chosenModel: 'mid',
  });
  const at = (id: string) => chart.points.find((p) => p.model === id);

  it('places cost on a log axis, free models left of it, and better quality higher', () => {
    const [free, cheap, mid, dear] = ['free', 'cheap', 'mid', 'dear'].map((id) => at(id));

    expect(chart.free).not.toBeNull();
    expect(free?.cx).toBe(chart.free?.x);
    expect(free?.cx).toBeLessThan(chart.free?.separatorX ?? 0);
    expect(cheap?.cx).toBeGreaterThan(chart.free?.separatorX ?? 0);
    // A log axis: $0.01 → $1 spans as far as $1 → $100 would, twice $1 → $10.
    const decade = (dear?.cx ?? 0) - (mid?.cx ?? 0);
    expect((mid?.cx ?? 0) - (cheap?.cx ?? 0)).toBeCloseTo(2 * decade, 0);
    expect(dear?.cy).toBeLessThan(mid?.cy ?? 0);
    expect(dear?.whisker?.y1).toBeGreaterThan(dear?.whisker?.y2 ?? 0);
  });

  it('lists what it cannot plot instead of plotting it at zero', () => {
    expect(chart.points.map((p) => p.model).sort()).toEqual(['cheap', 'dear', 'free', 'mid']);
    expect(chart.costUnknown).toEqual([{ model: 'unpriced', figure: 'quality 0.80 [0.75–0.85]' }]);
    expect(chart.noFigure).toEqual(['failed']);
  });

  it('joins the frontier cheapest first and marks the chosen model', () => {
    expect(chart.frontierPoints?.split(' ')).toHaveLength(4);
    expect(at('mid')?.chosen).toBe(true);
    expect(at('mid')?.label).toBe('mid (chosen)');
    expect(at('mid')?.r).toBeGreaterThan(at('dear')?.r ?? 0);
  });

  it('labels the axis with the check pass rate on an unjudged run', () => {
    const unjudged = buildScatter({
      models: [model('a', 1, 0.5), model('b', 2, 0.75)],
      rankedBy: 'checks',
      chosenModel: null,
    });

    expect(unjudged.yLabel).toContain('Check pass rate');
    expect(unjudged.points.every((p) => p.whisker === null)).toBe(true);
    expect(unjudged.yTicks.map((t) => t.label)).toContain('50%');
    expect(unjudged.free).toBeNull();
  });
});
