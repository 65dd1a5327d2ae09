import { describe, expect, it } from 'vitest';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import { renderTerminalTable } from './table.js';

function model(fields: Partial<ModelSummary> & { model: string }): ModelSummary {
  return {
    provider: 'openai',
    status: 'ran',
    skipReason: null,
    articles: 10,
    ok: 10,
    errors: 0,
    quality: null,
    criteria: {},
    checkPassRate: null,
    checkFailures: {},
    totalCostUsd: null,
    costPerArticleUsd: null,
    costPer1kUsd: null,
    judgeCostUsd: null,
    latencyMs: { p50: 1200, p95: 3400 },
    ttftMs: null,
    tokensPerSecond: null,
    inputTokens: null,
    outputTokens: null,
    errorRate: 0.1,
    errorsByKind: {},
    judges: [],
    referenceMetrics: {},
    perArticleQuality: {},
    warnings: [],
    ...fields,
  };
}

function summary(models: ModelSummary[], fields: Partial<RunSummary> = {}): RunSummary {
  return {
    schemaVersion: 1,
    runId: 'run',
    eval: 'summarize',
    task: 'summarize',
    createdAt: '2025-06-01T12:00:00.000Z',
    durationMs: 1000,
    settings: {
      specPath: 'evals/summarize.yaml',
      fixtures: 'fixtures/news',
      fixtureCount: 10,
      fixturesHash: 'f',
      promptHash: 'p',
      rubricHash: 'r',
      limit: null,
      concurrency: {},
      maxOutputTokens: null,
      temperature: null,
      stream: false,
      prompt: { system: null, template: 'Summarize: {{article.body}}' },
      rubric: 'Accuracy.',
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

const q = (mean: number) => ({ mean, low: mean - 0.05, high: mean + 0.05, n: 10 });

/** The model ids in the order the table prints them. */
function order(table: string, ids: string[]): string[] {
  return ids
    .map((id) => ({ id, at: table.indexOf(` ${id} `) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.id);
}

describe('renderTerminalTable', () => {
  it('ranks by quality, then by cost, with unscored and skipped models last', () => {
    const table = renderTerminalTable(
      summary([
        model({ model: 'skipped:x', status: 'skipped', skipReason: 'OPENAI_API_KEY is not set' }),
        model({ model: 'cheap:good', quality: q(0.8), costPer1kUsd: 0.5 }),
        model({ model: 'unscored:y', quality: null, costPer1kUsd: 0.1 }),
        model({ model: 'dear:good', quality: q(0.8), costPer1kUsd: 5 }),
        model({ model: 'best:z', quality: q(0.9), costPer1kUsd: null }),
      ]),
    );

    expect(order(table, ['skipped:x', 'cheap:good', 'unscored:y', 'dear:good', 'best:z'])).toEqual([
      'best:z',
      'cheap:good',
      'dear:good',
      'unscored:y',
      'skipped:x',
    ]);
    expect(table).toContain('0.90 [0.85–0.95]');
    expect(table).toContain('skipped: OPENAI_API_KEY is not set');
  });

  it('prints unknown for a null cost, never $0', () => {
    const table = renderTerminalTable(
      summary([model({ model: 'ollama:qwen3:8b', quality: q(0.7), costPer1kUsd: null })]),
    );
    const line = table.split('\n').find((l) => l.includes('ollama:qwen3:8b')) ?? '';

    expect(line).toContain('unknown');
    expect(line).not.toContain('$0');
  });

  it('prints a free model as $0.00 and small costs with significant digits', () => {
    const table = renderTerminalTable(
      summary([
        model({ model: 'local:lead-3', quality: q(0.5), costPer1kUsd: 0 }),
        model({ model: 'openai:nano', quality: q(0.6), costPer1kUsd: 0.00042 }),
      ]),
    );

    expect(table).toContain('$0.00042');
    expect(table).toMatch(/local:lead-3 .*\$0\.00 /);
  });

  it('ranks an unjudged run by check pass rate', () => {
    const table = renderTerminalTable(
      summary(
        [
          model({ model: 'a:low', checkPassRate: 0.5, costPer1kUsd: 1 }),
          model({ model: 'b:high', checkPassRate: 0.95, costPer1kUsd: 2 }),
        ],
        {
          rankedBy: 'checks',
          judge: {
            configured: [],
            used: [],
            judged: false,
            reason: 'no judge configured',
            aggregate: 'mean',
            agreement: null,
          },
        },
      ),
    );

    expect(order(table, ['a:low', 'b:high'])).toEqual(['b:high', 'a:low']);
    expect(table).toContain('checks passed');
    expect(table).toContain('95.0%');
  });

  it('prints no colour codes unless asked to', () => {
    const models = [
      model({ model: 'a:x', quality: q(0.8), costPer1kUsd: 1 }),
      model({ model: 'b:y', status: 'skipped', skipReason: 'no key' }),
    ];

    expect(renderTerminalTable(summary(models))).not.toContain('\u001b[');
    expect(renderTerminalTable(summary(models), { color: false })).not.toContain('\u001b[');
    expect(renderTerminalTable(summary(models), { color: true })).toContain('\u001b[');
  });

  it('shows — rather than figures for a skipped model', () => {
    const table = renderTerminalTable(
      summary([model({ model: 'b:y', status: 'skipped', skipReason: 'no key' })]),
    );
    const line = table.split('\n').find((l) => l.includes('b:y')) ?? '';

    expect(line.match(/—/g)).toHaveLength(6);
    expect(line).not.toContain('unknown');
  });
});
