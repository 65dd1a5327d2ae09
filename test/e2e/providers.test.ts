import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/results/summary-types.js';
import type { ResultRow } from '../../src/results/types.js';
import { onlyRunDir, REPO_ROOT, readJsonl, runCli, tempDir } from '../helpers/cli.js';
import { isolatedAwsEnv } from '../helpers/env.js';
import { type AnthropicServer, startAnthropicServer } from '../servers/anthropic-server.js';
import { type BedrockServer, startBedrockServer } from '../servers/bedrock-server.js';
import { type OllamaServer, startOllamaServer } from '../servers/ollama-server.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'wikinews.jsonl');
const RUBRIC = path.join(REPO_ROOT, 'evals', 'summarize.rubric.yaml');
const BEDROCK_MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const SUMMARY = 'Officials said a gas explosion brought down the building.';

// Per-million prices in @pydantic/genai-prices, the table the harness prices from.
const PRICES = {
  openai: { input: 0.75, cacheRead: 0.075, output: 4.5 }, // gpt-5.4-mini
  anthropic: { input: 1, cacheRead: 0.1, cacheWrite: 1.25, output: 5 }, // claude-haiku-4-5
  bedrock: { input: 1.1, cacheRead: 0.11, cacheWrite: 1.375, output: 5.5 }, // regional haiku 4.5
};

interface Servers {
  openai: OpenAIServer;
  anthropic: AnthropicServer;
  bedrock: BedrockServer;
  ollama: OllamaServer;
}

async function writeSpec(dir: string, models: string[], extra = ''): Promise<string> {
  const file = path.join(dir, `spec-${models.length}-${Math.random().toString(36).slice(2)}.yaml`);
  const lines = [
    'name: providers',
    `fixtures: ${FIXTURES}`,
    'prompt:',
    '  system: You summarize news.',
    '  template: "Summarize: {{title}}\\n\\n{{body}}"',
    `rubric: ${RUBRIC}`,
    'models:',
    ...models.map((id) =>
      id.startsWith('ollama:')
        ? `  - id: ${id}\n    price: { inputPerMTok: 0, outputPerMTok: 0 }`
        : `  - id: ${id}`,
    ),
    extra,
  ];
  await writeFile(file, lines.join('\n'));
  return file;
}

function providerEnv(servers: Servers, keys: { anthropic?: string } = {}) {
  return {
    OPENAI_API_KEY: 'sk-openai',
    OPENAI_BASE_URL: servers.openai.url,
    ANTHROPIC_API_KEY: keys.anthropic ?? 'sk-ant',
    ANTHROPIC_BASE_URL: servers.anthropic.url,
    AWS_BEARER_TOKEN_BEDROCK: 'bedrock-key',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: servers.bedrock.url,
    OLLAMA_HOST: servers.ollama.url,
  };
}

async function run(dir: string, spec: string, env: Record<string, string>, args: string[] = []) {
  const out = await tempDir();
  const result = await runCli(['run', spec, '--out', out, ...args], {
    env: { ...(await isolatedAwsEnv(dir)), ...env },
  });
  const runDir = await onlyRunDir(out, 'providers');
  const rows = await readJsonl<ResultRow>(path.join(runDir, 'results.jsonl'));
  const summary = JSON.parse(
    await readFile(path.join(runDir, 'summary.json'), 'utf8'),
  ) as RunSummary;
  return { result, rows, summary };
}

describe('evals run across all four providers, through their SDKs, against loopback servers', () => {
  let dir: string;
  let servers: Servers;

  beforeAll(async () => {
    dir = await tempDir();
    servers = {
      openai: await startOpenAIServer({
        apiKey: 'sk-openai',
        respond: () => ({
          content: SUMMARY,
          usage: {
            prompt_tokens: 1000,
            completion_tokens: 100,
            total_tokens: 1100,
            prompt_tokens_details: { cached_tokens: 400 },
          },
        }),
      }),
      anthropic: await startAnthropicServer({
        apiKey: 'sk-ant',
        respond: () => ({
          text: SUMMARY,
          usage: {
            input_tokens: 700,
            cache_read_input_tokens: 200,
            cache_creation_input_tokens: 100,
            output_tokens: 90,
          },
        }),
      }),
      bedrock: await startBedrockServer({
        bearerToken: 'bedrock-key',
        respond: () => ({
          text: SUMMARY,
          usage: {
            inputTokens: 500,
            cacheReadInputTokens: 300,
            cacheWriteInputTokens: 0,
            outputTokens: 80,
            totalTokens: 880,
          },
        }),
      }),
      ollama: await startOllamaServer({
        models: ['qwen3:8b'],
        respond: () => ({
          content: SUMMARY,
          metrics: { prompt_eval_count: 321, eval_count: 42, eval_duration: 2_100_000_000 },
        }),
      }),
    };
  });

  afterAll(async () => {
    await Promise.all(Object.values(servers).map((server) => server.close()));
  });

  it('gives ok rows with the exact tokens the servers reported and costs from the table', async () => {
    const spec = await writeSpec(dir, [
      'openai:gpt-5.4-mini',
      'anthropic:claude-haiku-4-5',
      `bedrock:${BEDROCK_MODEL}`,
      'ollama:qwen3:8b',
      'local:lead-3',
    ]);
    const { result, rows, summary } = await run(dir, spec, providerEnv(servers), ['--limit', '3']);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(rows).toHaveLength(15);
    for (const row of rows) expect(row.status, `${row.model}: ${row.error?.message}`).toBe('ok');

    const byModel = (prefix: string) => rows.filter((r) => r.model.startsWith(prefix));
    const expectRows = (
      prefix: string,
      tokens: { input: number; output: number; cached: number | null; write: number | null },
      costUsd: number,
    ) => {
      for (const row of byModel(prefix)) {
        expect(row.inputTokens).toBe(tokens.input);
        expect(row.outputTokens).toBe(tokens.output);
        expect(row.cachedInputTokens).toBe(tokens.cached);
        expect(row.cacheWriteTokens).toBe(tokens.write);
        expect(row.costUsd).toBeCloseTo(costUsd, 12);
        expect(row.ttftMs).not.toBeNull();
        expect(row.ttftMs as number).toBeLessThan(row.latencyMs as number);
        expect(row.output).toBe(SUMMARY);
      }
    };
    const { openai, anthropic, bedrock } = PRICES;
    expectRows(
      'openai:',
      { input: 1000, output: 100, cached: 400, write: null },
      (600 * openai.input + 400 * openai.cacheRead + 100 * openai.output) / 1e6,
    );
    expectRows(
      'anthropic:',
      { input: 1000, output: 90, cached: 200, write: 100 },
      (700 * anthropic.input +
        200 * anthropic.cacheRead +
        100 * anthropic.cacheWrite +
        90 * anthropic.output) /
        1e6,
    );
    expectRows(
      'bedrock:',
      { input: 800, output: 80, cached: 300, write: 0 },
      (500 * bedrock.input + 300 * bedrock.cacheRead + 80 * bedrock.output) / 1e6,
    );
    expectRows('ollama:', { input: 321, output: 42, cached: null, write: null }, 0);

    // Every provider was really called through its own protocol, streaming.
    expect(servers.openai.requests.filter((r) => r.body?.stream)).toHaveLength(3);
    expect(servers.anthropic.requests.filter((r) => r.body?.stream)).toHaveLength(3);
    expect(servers.bedrock.requests.filter((r) => r.operation === 'converse-stream')).toHaveLength(
      3,
    );
    expect(servers.bedrock.requests[0]?.modelId).toBe(BEDROCK_MODEL);
    expect(servers.ollama.requests.filter((r) => r.path === '/api/chat')).toHaveLength(3);
    expect(summary.models.every((m) => m.errorRate === 0)).toBe(true);
  });

  it('retries a 429 twice, honouring Retry-After, then writes one ok row', async () => {
    servers.openai.setFaults([
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
    ]);
    const spec = await writeSpec(dir, ['openai:gpt-5.4-mini']);
    const started = performance.now();
    const { result, rows, summary } = await run(dir, spec, providerEnv(servers), ['--limit', '1']);
    const elapsedMs = performance.now() - started;

    expect(result.code).toBe(0);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('ok');
    expect(rows[0]?.attempts).toBe(3);
    expect(rows[0]?.retries.map((r) => [r.kind, r.waitMs])).toEqual([
      ['rate_limit', 1000],
      ['rate_limit', 1000],
    ]);
    expect(summary.durationMs).toBeGreaterThanOrEqual(2000);
    expect(elapsedMs).toBeGreaterThanOrEqual(2000);
  });

  it('a rejected key, a context-length error and a stalled stream give error rows of their kind', async () => {
    servers.openai.setFaults([
      {
        type: 'status',
        status: 400,
        body: {
          error: {
            message: "This model's maximum context length is 128000 tokens.",
            type: 'invalid_request_error',
            code: 'context_length_exceeded',
          },
        },
      },
    ]);
    // The first request is the preflight's model listing; the two chat attempts then stall.
    servers.ollama.setFaults([{ type: 'delay', ms: 0 }, { type: 'stall' }, { type: 'stall' }]);
    const before = {
      anthropic: servers.anthropic.requests.length,
      openai: servers.openai.requests.length,
      ollama: servers.ollama.requests.length,
    };
    const spec = await writeSpec(
      dir,
      ['anthropic:claude-haiku-4-5', 'openai:gpt-5.4-mini', 'ollama:qwen3:8b', 'local:lead-3'],
      'generation:\n  timeoutMs: 500\n  maxAttempts: 2\n',
    );
    const { result, rows } = await run(dir, spec, providerEnv(servers, { anthropic: 'sk-wrong' }), [
      '--limit',
      '1',
    ]);

    const row = (prefix: string) => rows.find((r) => r.model.startsWith(prefix));
    expect(row('anthropic:')).toMatchObject({ status: 'error', attempts: 1, retries: [] });
    expect(row('anthropic:')?.error?.kind).toBe('auth');
    expect(row('openai:')).toMatchObject({ status: 'error', attempts: 1, retries: [] });
    expect(row('openai:')?.error?.kind).toBe('context_length');
    expect(row('ollama:')).toMatchObject({ status: 'error', attempts: 2 });
    expect(row('ollama:')?.error?.kind).toBe('timeout');
    expect(row('ollama:')?.latencyMs as number).toBeLessThan(5000);
    // The run goes on with the other models.
    expect(row('local:')?.status).toBe('ok');
    expect(servers.anthropic.requests.length - before.anthropic).toBe(1);
    expect(servers.openai.requests.length - before.openai).toBe(1);
    // Every model that was called failed outright: the run reports a failure.
    expect(result.code).toBe(1);
  });
});

describe('evals models against loopback servers', () => {
  it('says where credentials came from, that each endpoint answers, and the prices, spending nothing', async () => {
    const dir = await tempDir();
    const servers: Servers = {
      openai: await startOpenAIServer({ apiKey: 'sk-openai', models: ['gpt-5.4-mini'] }),
      anthropic: await startAnthropicServer({ apiKey: 'sk-ant' }),
      bedrock: await startBedrockServer({ bearerToken: 'bedrock-key' }),
      ollama: await startOllamaServer({ models: ['qwen3:8b'] }),
    };
    try {
      const spec = await writeSpec(dir, [
        'openai:gpt-5.4-mini',
        'openai:gpt-unknown',
        'anthropic:claude-haiku-4-5',
        `bedrock:${BEDROCK_MODEL}`,
        'ollama:qwen3:8b',
        'ollama:gpt-oss:20b',
      ]);
      const result = await runCli(['models', spec, '--json'], {
        env: { ...(await isolatedAwsEnv(dir)), ...providerEnv(servers) },
      });
      expect(result.code).toBe(0);
      const { models } = JSON.parse(result.stdout) as {
        models: Array<{
          model: string;
          credentials: { available: boolean; source?: string };
          endpoint: { ok: boolean; detail: string } | null;
          pricesPerMTokUsd: { inputPerMTok: number | null } | null;
        }>;
      };
      const entry = (id: string) => models.find((m) => m.model === id);
      expect(entry('openai:gpt-5.4-mini')?.credentials.source).toBe('OPENAI_API_KEY');
      expect(entry('openai:gpt-5.4-mini')?.endpoint?.ok).toBe(true);
      expect(entry('openai:gpt-5.4-mini')?.pricesPerMTokUsd?.inputPerMTok).toBe(0.75);
      expect(entry('openai:gpt-unknown')?.endpoint).toMatchObject({ ok: false });
      expect(entry('openai:gpt-unknown')?.endpoint?.detail).toMatch(/does not know this model/);
      expect(entry('anthropic:claude-haiku-4-5')?.endpoint?.ok).toBe(true);
      expect(entry(`bedrock:${BEDROCK_MODEL}`)?.credentials.source).toMatch(
        /AWS_BEARER_TOKEN_BEDROCK/,
      );
      expect(entry(`bedrock:${BEDROCK_MODEL}`)?.endpoint?.ok).toBe(true);
      expect(entry('ollama:qwen3:8b')?.endpoint?.ok).toBe(true);
      expect(entry('ollama:gpt-oss:20b')?.endpoint?.detail).toMatch(/ollama pull gpt-oss:20b/);
      // No secret is ever printed, and no generation was requested.
      expect(result.stdout).not.toMatch(/sk-openai|sk-ant|bedrock-key/);
      expect(servers.openai.requests.some((r) => r.path.includes('chat'))).toBe(false);
      expect(servers.anthropic.requests.some((r) => r.path.includes('messages'))).toBe(false);
      expect(servers.bedrock.requests.some((r) => r.operation !== null)).toBe(false);
      expect(servers.ollama.requests.some((r) => r.path === '/api/chat')).toBe(false);
    } finally {
      await Promise.all(Object.values(servers).map((server) => server.close()));
    }
  });
});
