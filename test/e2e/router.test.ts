import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/dataset/load.js';
import type { Article } from '../../src/dataset/types.js';
import { createRouter } from '../../src/routing/router.js';
import type { RoutingConfig } from '../../src/routing/schema.js';
import { systemClock } from '../../src/runner/clock.js';
import { type CliResult, REPO_ROOT, tempDir } from '../helpers/cli.js';
import { type AnthropicServer, startAnthropicServer } from '../servers/anthropic-server.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'wikinews.jsonl');
const FALLBACK_TEXT = 'Officials said a gas explosion brought down the building.';
// claude-haiku-4-5 in @pydantic/genai-prices: $1 per million input tokens, $5 per million output.
const HAIKU = { inputPerMTok: 1, outputPerMTok: 5 };

/** What `evals route` writes for summarize: the OpenAI primary, the Anthropic fallback. */
function routing(): RoutingConfig {
  const params = { maxOutputTokens: 600, temperature: 0 };
  return {
    schemaVersion: 1,
    generatedAt: '2026-03-01T00:00:00.000Z',
    routes: {
      summarize: {
        primary: { model: 'openai:gpt-5.4-mini', params },
        fallbacks: [{ model: 'anthropic:claude-haiku-4-5', params }],
        prompt: { system: 'You summarize news.', template: 'Summarize: {{title}}\n\n{{body}}' },
        evidence: [],
        policy: { qualityFloor: 0.7, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 1 },
        source: {
          eval: 'summarize',
          runId: 'run-1',
          fixtures: FIXTURES,
          fixturesHash: 'f',
          promptHash: 'p',
          rubricHash: 'r',
          judges: [],
          priceTable: '@pydantic/genai-prices',
        },
      },
    },
  };
}

describe('the runtime router against loopback servers, through the real SDKs', () => {
  let openai: OpenAIServer;
  let anthropic: AnthropicServer;
  let article: Article;

  beforeAll(async () => {
    openai = await startOpenAIServer({ apiKey: 'sk-openai' });
    anthropic = await startAnthropicServer({
      respond: () => ({
        text: FALLBACK_TEXT,
        usage: {
          input_tokens: 1_200,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
          output_tokens: 80,
        },
      }),
    });
    const dataset = await loadDataset(FIXTURES);
    article = dataset.articles[0] as Article;
  });

  afterAll(async () => {
    await Promise.all([openai?.close(), anthropic?.close()]);
  });

  it('answers from the fallback when the primary fails with 500 on every attempt', async () => {
    openai.setFaults(Array.from({ length: 4 }, () => ({ type: 'status' as const, status: 500 })));
    openai.requests.length = 0;
    anthropic.requests.length = 0;
    const router = createRouter(routing(), {
      env: {
        OPENAI_API_KEY: 'sk-openai',
        OPENAI_BASE_URL: openai.url,
        ANTHROPIC_API_KEY: 'sk-ant',
        ANTHROPIC_BASE_URL: anthropic.url,
      },
      // Retry waits pass at once; latency is still measured by the real clock.
      clock: { ...systemClock, sleep: async () => {} },
    });

    const result = await router.complete('summarize', article);

    expect(result.text).toBe(FALLBACK_TEXT);
    expect(result.model).toBe('anthropic:claude-haiku-4-5');
    expect(result.attempts).toEqual([
      expect.objectContaining({
        model: 'openai:gpt-5.4-mini',
        ok: false,
        errorKind: 'server',
        calls: 4,
      }),
      expect.objectContaining({ model: 'anthropic:claude-haiku-4-5', ok: true, calls: 1 }),
    ]);
    expect(openai.requests).toHaveLength(4);

    expect(result.usage.inputTokens).toBe(1_200);
    expect(result.usage.outputTokens).toBe(80);
    expect(result.costUsd).toBeCloseTo(
      (1_200 * HAIKU.inputPerMTok + 80 * HAIKU.outputPerMTok) / 1e6,
      10,
    );
    expect(result.latencyMs).toBeGreaterThan(0);

    const sent = anthropic.requests[0]?.body;
    expect(sent.model).toBe('claude-haiku-4-5');
    expect(sent.max_tokens).toBe(600);
    expect(sent.system).toEqual(expect.stringContaining('You summarize news.'));
    expect(JSON.stringify(sent.messages)).toContain(`Summarize: ${article.title}`);
  });

  it('runs examples/router.ts as a user would: exit 0 and the answer on stdout', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'routing.json');
    await writeFile(file, JSON.stringify(routing(), null, 2));
    openai.setFaults([]);

    // A key the OpenAI server refuses: an auth failure falls back to the next provider.
    const result = await runExample([file], {
      OPENAI_API_KEY: 'sk-revoked',
      OPENAI_BASE_URL: openai.url,
      ANTHROPIC_API_KEY: 'sk-ant',
      ANTHROPIC_BASE_URL: anthropic.url,
    });

    expect(result.stderr).not.toMatch(/Error:|at .*\.ts:\d+/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${FALLBACK_TEXT}\n`);
    expect(result.stderr).toContain(`summarize of ${article.id} by anthropic:claude-haiku-4-5`);
    expect(result.stderr).toMatch(/openai:gpt-5\.4-mini: auth: /);
    expect(result.stderr).toContain('anthropic:claude-haiku-4-5: answered');
  });

  it('exits 1 from the example with every attempt listed when no model answers', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'routing.json');
    await writeFile(file, JSON.stringify(routing(), null, 2));

    const result = await runExample([file], { OPENAI_BASE_URL: openai.url });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'router: no model of the "summarize" route answered: openai:gpt-5.4-mini: skipped ' +
        '(OPENAI_API_KEY is not set); anthropic:claude-haiku-4-5: skipped (ANTHROPIC_API_KEY is not set)',
    );
  });
});

/** `node --import tsx examples/router.ts ...` in a clean environment. */
function runExample(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join('examples', 'router.ts'), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          AWS_EC2_METADATA_DISABLED: 'true',
          NO_COLOR: '1',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
