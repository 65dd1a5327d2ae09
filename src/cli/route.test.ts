import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { type RoutingConfig, routingConfigSchema } from '../routing/schema.js';
import { main } from './main.js';

interface Figures {
  quality: number;
  costPer1kUsd: number | null;
  p95?: number;
}

function modelSummary(model: string, figures: Figures): ModelSummary {
  const { quality, costPer1kUsd, p95 = 2_000 } = figures;
  return {
    model,
    provider: model.slice(0, model.indexOf(':')),
    status: 'ran',
    skipReason: null,
    articles: 2,
    ok: 2,
    errors: 0,
    quality: { mean: quality, low: quality - 0.02, high: quality + 0.02, n: 2 },
    criteria: {},
    checkPassRate: 1,
    checkFailures: {},
    totalCostUsd: costPer1kUsd === null ? null : (costPer1kUsd / 1000) * 2,
    costPerArticleUsd: costPer1kUsd === null ? null : costPer1kUsd / 1000,
    costPer1kUsd,
    judgeCostUsd: 0,
    latencyMs: { p50: p95 / 2, p95 },
    ttftMs: null,
    tokensPerSecond: null,
    inputTokens: 200,
    outputTokens: 40,
    errorRate: 0,
    errorsByKind: {},
    judges: ['openai:gpt-5.4-mini'],
    referenceMetrics: {},
    perArticleQuality: { a1: quality, a2: quality },
    warnings: [],
  };
}

function runSummary(task: string, models: ModelSummary[]): RunSummary {
  return {
    schemaVersion: 1,
    runId: `${task}-run`,
    eval: task,
    task,
    createdAt: '2026-03-01T00:00:00.000Z',
    durationMs: 1_000,
    settings: {
      specPath: `evals/${task}.yaml`,
      fixtures: 'fixtures/wikinews.jsonl',
      fixtureCount: 2,
      fixturesHash: 'f',
      promptHash: 'p',
      rubricHash: 'r',
      limit: 2,
      concurrency: {},
      maxOutputTokens: 400,
      temperature: 0,
      stream: true,
      prompt: { system: 'You write headlines.', template: 'Headline for:\n\n{{body}}' },
      rubric: '',
      routing: {
        qualityFloor: 0.7,
        maxErrorRate: 0.05,
        objective: 'cheapest',
        fallbacks: 2,
      },
    },
    priceTable: { source: '@pydantic/genai-prices', version: 'test' },
    judge: {
      configured: ['openai:gpt-5.4-mini'],
      used: ['openai:gpt-5.4-mini'],
      judged: true,
      reason: null,
      aggregate: 'mean',
      agreement: null,
    },
    rankedBy: 'quality',
    totals: { generationCostUsd: 0.01, judgeCostUsd: 0.01 },
    models,
    warnings: [],
  };
}

function row(summary: RunSummary, model: string, articleId: string): ResultRow {
  return {
    schemaVersion: 1,
    runId: summary.runId,
    task: summary.task,
    articleId,
    model,
    status: 'ok',
    skipReason: null,
    output: 'Council raises budget by 3%',
    error: null,
    latencyMs: 900,
    ttftMs: 300,
    inputTokens: 100,
    outputTokens: 20,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    usageRaw: null,
    costUsd: 0.0001,
    cacheHit: false,
    attempts: 1,
    retries: [],
    finishReason: 'stop',
    warnings: [],
    judge: null,
    checks: [],
    referenceMetrics: null,
    startedAt: '2026-03-01T00:00:00.000Z',
  };
}

/** A run folder as `evals run` leaves it: summary.json and results.jsonl. */
async function writeRun(dir: string, summary: RunSummary): Promise<string> {
  const runDir = path.join(dir, 'reports', summary.eval, summary.runId);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(runDir, { recursive: true });
  await writeFile(path.join(runDir, 'summary.json'), JSON.stringify(summary, null, 2));
  const rows = summary.models.flatMap((m) => ['a1', 'a2'].map((a) => row(summary, m.model, a)));
  await writeFile(
    path.join(runDir, 'results.jsonl'),
    rows.map((r) => JSON.stringify(r)).join('\n'),
  );
  return runDir;
}

function stream() {
  let text = '';
  const writer = {
    write(chunk: string) {
      text += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { writer, text: () => text };
}

async function evals(cwd: string, ...args: string[]) {
  const stdout = stream();
  const stderr = stream();
  const code = await main(args, {}, { stdout: stdout.writer, stderr: stderr.writer, cwd });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

async function readRouting(file: string): Promise<RoutingConfig> {
  return routingConfigSchema.parse(JSON.parse(await readFile(file, 'utf8')));
}

// The headline run: nano is cheap but scores 0.75; haiku costs more and scores 0.86.
const HEADLINE = runSummary('headline', [
  modelSummary('openai:gpt-5.4-nano', { quality: 0.75, costPer1kUsd: 0.05 }),
  modelSummary('anthropic:claude-haiku-4-5', { quality: 0.86, costPer1kUsd: 0.4 }),
  modelSummary('bedrock:us.amazon.nova-2-lite-v1:0', { quality: 0.81, costPer1kUsd: 0.1 }),
]);

describe('evals route', () => {
  let dir: string;
  let runDir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evals-route-'));
    runDir = await writeRun(dir, HEADLINE);
  });

  it('chooses differently with a different floor', async () => {
    const cheapest = await evals(dir, 'route', runDir);
    expect(cheapest.code).toBe(0);
    expect(cheapest.stdout).toMatch(/^Route for headline: openai:gpt-5\.4-nano, then /);
    const first = await readRouting(path.join(runDir, 'routing.json'));
    expect(first.routes.headline?.primary.model).toBe('openai:gpt-5.4-nano');
    expect(first.routes.headline?.primary.params).toEqual({ maxOutputTokens: 400, temperature: 0 });

    const strict = await evals(dir, 'route', runDir, '--floor', '0.8');
    expect(strict.code).toBe(0);
    const second = await readRouting(path.join(runDir, 'routing.json'));
    expect(second.routes.headline?.primary.model).toBe('bedrock:us.amazon.nova-2-lite-v1:0');
    expect(second.routes.headline?.fallbacks.map((f) => f.model)).toEqual([
      'anthropic:claude-haiku-4-5',
    ]);
    expect(second.routes.headline?.policy.qualityFloor).toBe(0.8);

    const stricter = await evals(dir, 'route', runDir, '--floor', '0.85');
    expect(stricter.code).toBe(0);
    const third = await readRouting(path.join(runDir, 'routing.json'));
    expect(third.routes.headline?.primary.model).toBe('anthropic:claude-haiku-4-5');
  });

  it('exits 1, naming each model and why, when none meets the policy', async () => {
    const result = await evals(dir, 'route', runDir, '--floor', '0.95');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no model met the policy for headline');
    expect(result.stderr).toContain('openai:gpt-5.4-nano: quality 0.750 is below the floor 0.95');
  });

  it("merges into an existing routing file, keeping another task's route", async () => {
    const summarizeRun = await writeRun(
      dir,
      runSummary('summarize', [
        modelSummary('openai:gpt-5.4-mini', { quality: 0.9, costPer1kUsd: 0.3 }),
      ]),
    );
    const shared = path.join(dir, 'agent', 'routing.json');
    expect((await evals(dir, 'route', summarizeRun, '--out', 'agent/routing.json')).code).toBe(0);
    const before = await readRouting(shared);

    const result = await evals(dir, 'route', runDir, '--out', 'agent/routing.json');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote agent/routing.json (kept the routes of summarize)');

    const after = await readRouting(shared);
    expect(Object.keys(after.routes)).toEqual(['summarize', 'headline']);
    expect(after.routes.summarize).toEqual(before.routes.summarize);
    expect(after.routes.headline?.primary.model).toBe('openai:gpt-5.4-nano');
    expect(after.generatedAt >= before.generatedAt).toBe(true);

    // Routing the same task again replaces its route and keeps the other one.
    expect(
      (await evals(dir, 'route', runDir, '--out', 'agent/routing.json', '--floor', '0.85')).code,
    ).toBe(0);
    const again = await readRouting(shared);
    expect(again.routes.headline?.primary.model).toBe('anthropic:claude-haiku-4-5');
    expect(again.routes.summarize).toEqual(before.routes.summarize);
  });

  it('exits 2 with the key path when the existing file is invalid, and leaves it alone', async () => {
    const target = path.join(dir, 'routing.json');
    const invalid = JSON.stringify({
      schemaVersion: 1,
      generatedAt: 'x',
      routes: { summarize: { primary: { model: 'openai:gpt-5.4-mini' } } },
    });
    await writeFile(target, invalid);

    const result = await evals(dir, 'route', runDir, '--out', 'routing.json');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^evals: routing\.json: routes\.summarize\.primary\.params: /);
    expect(await readFile(target, 'utf8')).toBe(invalid);
  });

  it('writes a LiteLLM proxy config with --format litellm', async () => {
    const result = await evals(dir, 'route', runDir, '--format', 'litellm', '--floor', '0.8');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('callers ask for model "headline"');
    expect(existsSync(path.join(runDir, 'routing.json'))).toBe(false);

    const config = parse(await readFile(path.join(runDir, 'litellm.yaml'), 'utf8'));
    expect(config.model_list).toEqual([
      {
        model_name: 'headline',
        litellm_params: {
          model: 'bedrock/converse/us.amazon.nova-2-lite-v1:0',
          aws_region_name: 'os.environ/AWS_REGION',
          max_tokens: 400,
          temperature: 0,
        },
      },
      {
        model_name: 'headline-fallback-1',
        litellm_params: {
          model: 'anthropic/claude-haiku-4-5',
          api_key: 'os.environ/ANTHROPIC_API_KEY',
          max_tokens: 400,
        },
      },
    ]);
    expect(config.router_settings.fallbacks).toEqual([{ headline: ['headline-fallback-1'] }]);
  });

  it('exits 2 for --format litellm when the route is local baselines only', async () => {
    const localRun = await writeRun(
      dir,
      runSummary('summarize', [
        modelSummary('local:lead-3', { quality: 0.8, costPer1kUsd: 0 }),
        modelSummary('local:textrank-3', { quality: 0.78, costPer1kUsd: 0 }),
      ]),
    );
    const result = await evals(dir, 'route', localRun, '--format', 'litellm');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'the summarize route is local baselines only (local:lead-3, local:textrank-3)',
    );
  });
});
