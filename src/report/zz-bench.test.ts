import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { renderReport } from './html.js';
import { renderTerminalTable } from './table.js';

it('bench', () => {
  const names = [
    'openai:gpt-4.1-nano',
    'openai:gpt-4.1-mini',
    'anthropic:claude-haiku-4-5',
    'bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0',
    'ollama:qwen3:8b',
    'ollama:llama3.2:3b',
    'local:lead-3',
    'local:textrank',
    'openai:gpt-5-mini',
    'anthropic:claude-sonnet-4-5',
  ];
  const costs = [0.05, 0.3, 1.2, 1.25, 0, 0, 0, 0, null, 4.5];
  const qual = [0.62, 0.74, 0.81, 0.8, 0.55, 0.48, 0.35, 0.4, 0.83, 0.88];
  const models: ModelSummary[] = names.map((model, i) => ({
    model,
    provider: model.split(':')[0] ?? '',
    status: 'ran',
    skipReason: null,
    articles: 139,
    ok: 135,
    errors: 4,
    quality:
       { mean: qual[i]!, low: qual[i]! - 0.04, high: Math.min(1, qual[i]! + 0.04), n: 135 },
    criteria: { accuracy: 0.8 },
    checkPassRate: 0.9 - i * 0.03,
    checkFailures: {},
    totalCostUsd: costs[i] ?? null,
    costPerArticleUsd: costs[i] == null ? null : costs[i]! / 1000,
    costPer1kUsd: costs[i] ?? null,
    judgeCostUsd: 0.1,
    latencyMs: { p50: 500 + i * 300, p95: 1500 + i * 700 },
    ttftMs: { p50: 200, p95: 400 },
    tokensPerSecond: 90 - i * 5,
    inputTokens: 1,
    outputTokens: 1,
    errorRate: 4 / 139,
    errorsByKind: {},
    perArticleQuality: {},
    warnings: i === 4 ? ['ignored temperature'] : [],
  }));
  const summary: RunSummary = {
    schemaVersion: 1,
    runId: '2025-06-01T12-00-00Z-abc123',
    eval: 'summarize',
    task: 'summarize',
    createdAt: '2025-06-01T12:00:00.000Z',
    durationMs: 600000,
    settings: {
      specPath: 'evals/summarize.yaml',
      fixtures: 'fixtures/news-139',
      fixtureCount: 139,
      fixturesHash: '',
      promptHash: '',
      rubricHash: '',
      limit: null,
      concurrency: {},
      maxOutputTokens: 400,
      temperature: 0,
      stream: true,
      prompt: { system: null, template: 't' },
      rubric: 'r',
      routing: { qualityFloor: 0.6, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
    },
    priceTable: { source: 'genai-prices', version: '0.1.8' },
    judge: { configured: ['openai:gpt-4.1'], used: ['openai:gpt-4.1'], judged: true, reason: null },
    rankedBy: 'quality',
    totals: { generationCostUsd: 1.234, judgeCostUsd: 0.456 },
    models,
    warnings: ['price for ollama models: free (local)'],
  };
  const words = Array.from(
    { length: 100 },
    (_, i) =>
      ['the', 'council', 'voted', 'on', 'budget', 'Tuesday', 'after', 'long', 'debate'][i % 9],
  ).join(' ');
  const rows: ResultRow[] = [];
  for (const m of models) {
    if (m.status === 'skipped') continue;
    for (let a = 0; a < 139; a++) {
      const err = a % 35 === 0;
      rows.push({
        schemaVersion: 1,
        runId: 'r',
        task: 'summarize',
        articleId: `article-${String(a).padStart(3, '0')}`,
        model: m.model,
        status: err ? 'error' : 'ok',
        skipReason: null,
        output: err ? null : `${words}.\n\nSecond paragraph.`,
        error: err
          ? {
              kind: 'rate_limit',
              message: 'Rate limit reached for requests per minute. Please try again in 2s.',
              status: 429,
            }
          : null,
        latencyMs: 900,
        ttftMs: 200,
        inputTokens: 1000,
        outputTokens: 150,
        cachedInputTokens: 0,
        cacheWriteTokens: null,
        reasoningTokens: null,
        usageRaw: {},
        costUsd: 0.00042,
        cacheHit: false,
        attempts: 1,
        retries: [],
        finishReason: 'stop',
        warnings: [],
        judge: err
          ? null
          : {
              status: 'scored',
              criteria: { accuracy: 0.75, coverage: 0.5, concision: 1 },
              overall: 0.75,
              costUsd: 0.001,
              verdicts: [
                {
                  model: 'openai:gpt-4.1',
                  status: 'scored',
                  unscoredReason: null,
                  scores: {},
                  overall: 0.75,
                  rationale:
                    'The summary captures the main decision and the vote count, but omits the dissenting council members and slightly overstates the budget increase. Otherwise concise and faithful to the source.',
                  prompt: {
                    system: 'long judge system prompt',
                    user: 'long user prompt with article',
                  },
                  rawReply: '{}',
                  inputTokens: 1,
                  outputTokens: 1,
                  costUsd: 0.001,
                  attempts: 1,
                },
              ],
            },
        checks: [
          {
            name: 'word_count',
            passed: a % 3 !== 0,
            detail: a % 3 !== 0 ? null : '212 words; at most 150',
          },
          { name: 'numbers_in_source', passed: true, detail: null },
          { name: 'no_preamble', passed: true, detail: null },
        ],
        startedAt: '2025-06-01T12:00:00.000Z',
      });
    }
  }
  const input = {
    summary,
    rows,
    prompt: { system: 'You summarize.', template: 'Summarize {{article}}' },
    rubric: 'Rubric',
    chosenModel: 'anthropic:claude-haiku-4-5',
    generatedAt: '2025-06-02T08:00:00Z',
  };
  let t = performance.now();
  let html = renderReport(input);
  console.log('first render ms', (performance.now() - t).toFixed(1));
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    html = renderReport(input);
    console.log('render ms', (performance.now() - t).toFixed(1));
  }
  console.log('bytes', Buffer.byteLength(html), 'rows', rows.length);
  writeFileSync('/tmp/report-sample.html', html);
  console.log(renderTerminalTable(summary));
  console.log(
    renderTerminalTable({
      ...summary,
      rankedBy: 'checks',
      judge: { configured: [], used: [], judged: false, reason: 'no judge configured' },
    }),
  );
});
