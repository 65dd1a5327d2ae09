import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/results/summary-types.js';
import type { ResultRow } from '../../src/results/types.js';
import { type CliResult, onlyRunDir, readJsonl, runCli, tempDir } from '../helpers/cli.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

// gpt-5.4-mini in @pydantic/genai-prices: $0.75 in, $0.075 cache read, $4.50 out per million.
const PRICE = { input: 0.75, cacheRead: 0.075, output: 4.5 };
const USAGE = { prompt_tokens: 1234, completion_tokens: 87, cached_tokens: 200 };

describe('evals run with OPENAI_BASE_URL pointing at a loopback OpenAI server', () => {
  let server: OpenAIServer;
  let result: CliResult;
  let rows: ResultRow[];
  let baseline: ResultRow[];
  let summary: RunSummary;

  beforeAll(async () => {
    server = await startOpenAIServer({
      apiKey: 'sk-test-key',
      respond: (request) => {
        // Judge calls ask for JSON; generations get a summary with distinctive usage.
        if (request.body.response_format) {
          return {
            content: JSON.stringify({
              rationale: 'Faithful and concise.',
              scores: { faithfulness: 5, coverage: 4, concision: 4, fluency: 5 },
            }),
            usage: { prompt_tokens: 900, completion_tokens: 40, total_tokens: 940 },
          };
        }
        return {
          content: 'Officials said the building collapsed after a gas explosion.',
          usage: {
            prompt_tokens: USAGE.prompt_tokens,
            completion_tokens: USAGE.completion_tokens,
            total_tokens: USAGE.prompt_tokens + USAGE.completion_tokens,
            prompt_tokens_details: { cached_tokens: USAGE.cached_tokens },
          },
        };
      },
    });
    const out = await tempDir();
    result = await runCli(
      [
        'run',
        'summarize',
        '--models',
        'openai:gpt-5.4-mini,local:lead-3',
        '--limit',
        '5',
        '--out',
        out,
      ],
      { env: { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: server.url } },
    );
    const runDir = await onlyRunDir(out, 'summarize');
    const all = await readJsonl<ResultRow>(path.join(runDir, 'results.jsonl'));
    rows = all.filter((row) => row.model === 'openai:gpt-5.4-mini');
    baseline = all.filter((row) => row.model === 'local:lead-3');
    summary = JSON.parse(await readFile(path.join(runDir, 'summary.json'), 'utf8'));
  });

  afterAll(() => server.close());

  it('gives ok rows with the server usage copied exactly', () => {
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      expect(row.status).toBe('ok');
      expect(row.model).toBe('openai:gpt-5.4-mini');
      expect(row.inputTokens).toBe(USAGE.prompt_tokens);
      expect(row.outputTokens).toBe(USAGE.completion_tokens);
      expect(row.cachedInputTokens).toBe(USAGE.cached_tokens);
      expect(row.ttftMs).not.toBeNull();
      expect(row.ttftMs as number).toBeLessThanOrEqual(row.latencyMs as number);
    }
  });

  it('prices each call from the table: tokens times the prices', () => {
    const expected =
      ((USAGE.prompt_tokens - USAGE.cached_tokens) * PRICE.input +
        USAGE.cached_tokens * PRICE.cacheRead +
        USAGE.completion_tokens * PRICE.output) /
      1e6;
    for (const row of rows) expect(row.costUsd).toBeCloseTo(expected, 12);
    const model = summary.models.find((m) => m.model === 'openai:gpt-5.4-mini');
    expect(model?.costPer1kUsd).toBeCloseTo(expected * 1000, 9);
  });

  it('streams the generations and sends the rendered article', () => {
    const generations = server.requests.filter(
      (r) => r.path === '/v1/chat/completions' && !r.body.response_format,
    );
    expect(generations).toHaveLength(5);
    for (const request of generations) {
      expect(request.body.model).toBe('gpt-5.4-mini');
      expect(request.body.stream).toBe(true);
      expect(request.body.stream_options).toEqual({ include_usage: true });
      expect(request.headers.authorization).toBe('Bearer sk-test-key');
    }
    expect(generations[0]?.body.messages.at(-1).content).toMatch(/Magnitogorsk/);
  });

  it('judges the baseline through the OpenAI judge and keeps it away from an OpenAI candidate', () => {
    expect(baseline).toHaveLength(5);
    for (const row of baseline) {
      expect(row.judge?.status).toBe('scored');
      expect(row.judge?.verdicts[0]?.model).toBe('openai:gpt-5.4-mini');
      expect(row.judge?.verdicts[0]?.scores).toEqual({
        faithfulness: 5,
        coverage: 4,
        concision: 4,
        fluency: 5,
      });
      // Weighted (2, 1.5, 1, 0.5) mean of (1, 0.75, 0.75, 1) on 0..1.
      expect(row.judge?.overall).toBeCloseTo((2 + 1.125 + 0.75 + 0.5) / 5, 12);
      expect(row.judge?.verdicts[0]?.rawReply).toContain('Faithful and concise.');
    }
    // Self-preference: the only reachable judge is of the candidate's family, so it stands aside.
    for (const row of rows) {
      expect(row.judge?.status).toBe('unscored');
      expect(row.judge?.overall).toBeNull();
      expect(row.judge?.excluded).toEqual(['openai:gpt-5.4-mini']);
      expect(row.judge?.verdicts).toEqual([]);
    }
    expect(summary.rankedBy).toBe('quality');
    expect(summary.judge.used).toEqual(['openai:gpt-5.4-mini']);
    const lead = summary.models.find((m) => m.model === 'local:lead-3');
    expect(lead?.quality?.mean).toBeCloseTo(0.875, 9);
    const mini = summary.models.find((m) => m.model === 'openai:gpt-5.4-mini');
    expect(mini?.quality).toBeNull();
    expect(mini?.warnings.join(' ')).toMatch(/own family/);
  });
});
