import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/config/load-spec.js';
import { evaluate } from '../../src/evaluate.js';
import type { ErrorKind } from '../../src/providers/errors.js';
import type { ResultRow } from '../../src/results/types.js';
import { tempDir } from '../helpers/cli.js';
import { rowsOnDisk, writeSpec } from '../helpers/spec.js';
import {
  type Fault as AnthropicFault,
  type AnthropicServer,
  startAnthropicServer,
} from '../servers/anthropic-server.js';
import {
  type Fault as BedrockFault,
  type BedrockServer,
  startBedrockServer,
} from '../servers/bedrock-server.js';
import {
  type Fault as OllamaFault,
  type OllamaServer,
  startOllamaServer,
} from '../servers/ollama-server.js';
import {
  type Fault as OpenAIFault,
  type OpenAIServer,
  startOpenAIServer,
} from '../servers/openai-server.js';

/**
 * Faults injected by the loopback servers, seen through `evaluate()` in process: the row the
 * harness writes for every provider, and the same row on disk.
 */

const SUMMARY = 'Officials said a gas explosion brought down the building.';

const PROVIDERS = ['openai', 'anthropic', 'bedrock', 'ollama'] as const;
type Provider = (typeof PROVIDERS)[number];

const MODELS: Record<Provider, string> = {
  openai: 'openai:gpt-5.4-mini',
  anthropic: 'anthropic:claude-haiku-4-5',
  bedrock: 'bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0',
  ollama: 'ollama:qwen3:8b',
};
const KEYS = { openai: 'sk-openai', anthropic: 'sk-ant', bedrock: 'bedrock-key' };
const OLLAMA_PRICE = { inputPerMTok: 0.1, outputPerMTok: 0.4 };

// What each server reports for a generation, and its cost: per-million prices from
// @pydantic/genai-prices (as in providers.test.ts), and the spec's override for Ollama.
const OK: Record<Provider, { input: number; output: number; costUsd: number }> = {
  openai: { input: 1000, output: 100, costUsd: (600 * 0.75 + 400 * 0.075 + 100 * 4.5) / 1e6 },
  anthropic: {
    input: 1000,
    output: 90,
    costUsd: (700 * 1 + 200 * 0.1 + 100 * 1.25 + 90 * 5) / 1e6,
  },
  bedrock: { input: 800, output: 80, costUsd: (500 * 1.1 + 300 * 0.11 + 80 * 5.5) / 1e6 },
  ollama: {
    input: 321,
    output: 42,
    costUsd: (321 * OLLAMA_PRICE.inputPerMTok + 42 * OLLAMA_PRICE.outputPerMTok) / 1e6,
  },
};

/** The first retry's wait without a Retry-After, default policy: full jitter over 250-500 ms. */
const BACKOFF: [number, number] = [250, 500];

interface Faults {
  openai?: OpenAIFault[];
  anthropic?: AnthropicFault[];
  bedrock?: BedrockFault[];
  ollama?: OllamaFault[];
}
/** A fault every server speaks. */
type CommonFault = { type: 'status'; status: number } | { type: 'truncate' } | { type: 'stall' };
const everywhere = (...faults: CommonFault[]): Faults =>
  Object.fromEntries(PROVIDERS.map((p) => [p, faults]));
const allKinds = (kind: ErrorKind) =>
  Object.fromEntries(PROVIDERS.map((p) => [p, kind])) as Record<Provider, ErrorKind>;

interface Servers {
  openai: OpenAIServer;
  anthropic: AnthropicServer;
  bedrock: BedrockServer;
  ollama: OllamaServer;
}

let dir: string;
let servers: Servers;

beforeAll(async () => {
  dir = await tempDir('evals-faults-');
  servers = {
    openai: await startOpenAIServer({
      apiKey: KEYS.openai,
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
      apiKey: KEYS.anthropic,
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
      bearerToken: KEYS.bedrock,
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
  await Promise.all(Object.values(servers ?? {}).map((server) => server.close()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Requests each server received: every one, except Ollama's preflight model listing. */
function requestCounts(): Record<Provider, number> {
  return {
    openai: servers.openai.requests.length,
    anthropic: servers.anthropic.requests.length,
    bedrock: servers.bedrock.requests.length,
    ollama: servers.ollama.requests.filter((r) => r.path !== '/api/tags').length,
  };
}

interface RunOptions {
  faults?: Faults;
  generation?: Record<string, number>;
  env?: Record<string, string>;
}

/** One evaluate() over the first article with all four providers, each server armed first. */
async function runAll(options: RunOptions = {}) {
  const faults = options.faults ?? {};
  servers.openai.setFaults(faults.openai ?? []);
  servers.anthropic.setFaults(faults.anthropic ?? []);
  servers.bedrock.setFaults(faults.bedrock ?? []);
  // The adapter's preflight `GET /api/tags` consumes the first fault: give it a harmless one.
  servers.ollama.setFaults([{ type: 'delay', ms: 0 }, ...(faults.ollama ?? [])]);

  const spec = await loadSpec(
    await writeSpec(dir, {
      name: 'faults',
      models: PROVIDERS.map((p) => ({
        id: MODELS[p],
        ...(p === 'ollama' ? { price: OLLAMA_PRICE } : {}),
      })),
      generation: { timeoutMs: 10_000, ...options.generation },
    }),
  );
  const before = requestCounts();
  const started = performance.now();
  const result = await evaluate({
    spec,
    env: {
      OPENAI_API_KEY: KEYS.openai,
      OPENAI_BASE_URL: servers.openai.url,
      ANTHROPIC_API_KEY: KEYS.anthropic,
      ANTHROPIC_BASE_URL: servers.anthropic.url,
      AWS_BEARER_TOKEN_BEDROCK: KEYS.bedrock,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: servers.bedrock.url,
      OLLAMA_HOST: servers.ollama.url,
      ...options.env,
    },
    outDir: path.join(dir, 'out'),
    limit: 1,
  });
  const elapsedMs = performance.now() - started;
  const after = requestCounts();

  // results.jsonl holds exactly the rows evaluate() returned.
  expect(await rowsOnDisk(result.runDir)).toEqual(JSON.parse(JSON.stringify(result.rows)));
  expect(result.rows).toHaveLength(PROVIDERS.length);

  const row = (provider: Provider): ResultRow => {
    const found = result.rows.find((r) => r.model === MODELS[provider]);
    if (!found) throw new Error(`no row for ${MODELS[provider]}`);
    return found;
  };
  const sent = (provider: Provider) => after[provider] - before[provider];
  return { ...result, elapsedMs, row, sent };
}

describe('a fault once, then success: one ok row that records the retry', () => {
  const cases: Array<{
    name: string;
    faults: Faults;
    kind: Record<Provider, ErrorKind>;
    /** Bounds of the recorded wait; the default backoff unless given. */
    waitMs?: Partial<Record<Provider, [number, number]>>;
  }> = [
    {
      name: 'a 500',
      faults: everywhere({ type: 'status', status: 500 }),
      kind: allKinds('server'),
    },
    {
      name: 'an overload (Anthropic 529, Bedrock and the others 503)',
      faults: {
        ...everywhere({ type: 'status', status: 503 }),
        anthropic: [{ type: 'status', status: 529 }],
      },
      kind: allKinds('overloaded'),
    },
    {
      name: 'a 429 with retry-after: 1',
      faults: {
        openai: [{ type: 'status', status: 429, headers: { 'retry-after': '1' } }],
        anthropic: [{ type: 'status', status: 429, headers: { 'retry-after': '1' } }],
        bedrock: [{ type: 'status', status: 429, headers: { 'retry-after': '1' } }],
        // Ollama's SDK drops the response headers: the wait is the default backoff.
        ollama: [{ type: 'status', status: 429 }],
      },
      kind: allKinds('rate_limit'),
      waitMs: { openai: [1000, 1000], anthropic: [1000, 1000], bedrock: [1000, 1000] },
    },
    {
      name: 'a truncated stream',
      faults: everywhere({ type: 'truncate' }),
      kind: allKinds('truncated'),
    },
  ];

  it.each(cases)('$name', async ({ faults, kind, waitMs }) => {
    const run = await runAll({ faults });
    for (const provider of PROVIDERS) {
      const row = run.row(provider);
      const [low, high] = waitMs?.[provider] ?? BACKOFF;
      expect(row.status, `${provider}: ${row.error?.message}`).toBe('ok');
      expect(row.error, provider).toBeNull();
      expect(row.attempts, provider).toBe(2);
      expect(row.retries, provider).toHaveLength(1);
      expect(row.retries[0]?.kind, provider).toBe(kind[provider]);
      expect(row.retries[0]?.waitMs, provider).toBeGreaterThanOrEqual(low);
      expect(row.retries[0]?.waitMs, provider).toBeLessThanOrEqual(high);
      expect(row.output, provider).toBe(SUMMARY);
      // Only the successful attempt's counts and cost, and only its time: the wait is left out.
      expect(row.inputTokens, provider).toBe(OK[provider].input);
      expect(row.outputTokens, provider).toBe(OK[provider].output);
      expect(row.costUsd, provider).toBeCloseTo(OK[provider].costUsd, 12);
      expect(row.latencyMs, provider).toBeGreaterThan(0);
      expect(row.latencyMs as number, provider).toBeLessThan(1000);
      expect(run.sent(provider), provider).toBe(2);
    }
    // The waits really happened: the run lasted at least the longest of them.
    const longest = Math.max(...run.rows.map((r) => r.retries[0]?.waitMs ?? 0));
    expect(run.elapsedMs).toBeGreaterThanOrEqual(longest - 5);
  });
});

describe('a fault that ends the call: an error row of its kind', () => {
  const contextLength: Faults = {
    openai: [
      {
        type: 'status',
        status: 400,
        body: {
          error: {
            message: "This model's maximum context length is 128000 tokens.",
            type: 'invalid_request_error',
            param: 'messages',
            code: 'context_length_exceeded',
          },
        },
      },
    ],
    anthropic: [
      {
        type: 'status',
        status: 400,
        message: 'prompt is too long: 215000 tokens > 200000 maximum',
      },
    ],
    // The server's default 400: ValidationException, 'Input is too long for requested model.'
    bedrock: [{ type: 'status', status: 400 }],
    ollama: [
      {
        type: 'status',
        status: 400,
        message: 'request (9000 tokens) exceeds the available context size (4096 tokens)',
      },
    ],
  };
  const cases: Array<{
    name: string;
    run: RunOptions;
    kind: ErrorKind;
    attempts: number;
    status: Record<Provider, number | null>;
  }> = [
    {
      name: 'a truncated stream on every attempt (maxAttempts 2)',
      run: {
        faults: everywhere({ type: 'truncate' }, { type: 'truncate' }),
        generation: { maxAttempts: 2 },
      },
      kind: 'truncated',
      attempts: 2,
      status: { openai: null, anthropic: null, bedrock: null, ollama: null },
    },
    {
      name: 'a rejected key',
      run: {
        env: {
          OPENAI_API_KEY: 'sk-wrong',
          ANTHROPIC_API_KEY: 'sk-wrong',
          AWS_BEARER_TOKEN_BEDROCK: 'wrong',
        },
        // Ollama has no key; a proxy in front of it rejects the caller.
        faults: { ollama: [{ type: 'status', status: 401, message: 'unauthorized' }] },
      },
      kind: 'auth',
      attempts: 1,
      status: { openai: 401, anthropic: 401, bedrock: 403, ollama: 401 },
    },
    {
      name: 'a context-length 400',
      run: { faults: contextLength },
      kind: 'context_length',
      attempts: 1,
      status: { openai: 400, anthropic: 400, bedrock: 400, ollama: 400 },
    },
    {
      name: 'a stream that stalls on every attempt (timeoutMs 300, maxAttempts 2)',
      run: {
        faults: everywhere({ type: 'stall' }, { type: 'stall' }),
        generation: { timeoutMs: 300, maxAttempts: 2 },
      },
      kind: 'timeout',
      attempts: 2,
      status: { openai: null, anthropic: null, bedrock: null, ollama: null },
    },
  ];

  it.each(cases)('$name', async ({ run: options, kind, attempts, status }) => {
    const run = await runAll(options);
    for (const provider of PROVIDERS) {
      const row = run.row(provider);
      expect(row.status, provider).toBe('error');
      expect(row.error?.kind, `${provider}: ${row.error?.message}`).toBe(kind);
      expect(row.error?.status, provider).toBe(status[provider]);
      expect(row.error?.message, provider).not.toBe('');
      expect(row.attempts, provider).toBe(attempts);
      expect(
        row.retries.map((r) => r.kind),
        provider,
      ).toEqual(Array(attempts - 1).fill(kind));
      expect(run.sent(provider), provider).toBe(attempts);
      expect(row.output, provider).toBeNull();
      expect(row.costUsd, provider).toBeNull();
      expect(row.inputTokens, provider).toBeNull();
      expect(row.outputTokens, provider).toBeNull();
      expect(row.latencyMs, provider).not.toBeNull();
      if (kind === 'timeout') {
        // The last attempt's time: about the deadline, not the whole call.
        expect(row.latencyMs as number, provider).toBeGreaterThanOrEqual(250);
        expect(row.latencyMs as number, provider).toBeLessThan(2000);
      }
      const summary = run.summary.models.find((m) => m.model === MODELS[provider]);
      expect(summary?.errorsByKind, provider).toEqual({ [kind]: 1 });
      expect(summary?.totalCostUsd, provider).toBeNull();
    }
    if (kind === 'timeout') expect(run.elapsedMs).toBeLessThan(5000);
  });
});
