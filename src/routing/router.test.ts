import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/errors.js';
import { type ErrorKind, ProviderError } from '../providers/errors.js';
import { LocalProvider } from '../providers/local.js';
import type { CompletionRequest, CompletionResult, Provider } from '../providers/types.js';
import type { Clock } from '../runner/clock.js';
import { createRouter, RouterError } from './router.js';
import type { RoutingConfig } from './schema.js';

/** A clock whose waits pass at once and are added to its time, so retries take no real time. */
function instantClock(): Clock & { sleptMs: number } {
  let nowMs = 0;
  return {
    sleptMs: 0,
    now: () => nowMs,
    date: () => new Date(0),
    async sleep(ms, signal) {
      if (signal?.aborted) throw signal.reason;
      this.sleptMs += ms;
      nowMs += ms;
    },
  };
}

type Behaviour =
  | { fail: ErrorKind }
  | { text: string; inputTokens?: number; outputTokens?: number };

/** A provider that answers or fails as told, per model, and records each request. */
function fakeProvider(
  name: string,
  behaviours: Record<string, Behaviour>,
  options: { key?: boolean } = {},
): Provider & { requests: CompletionRequest[] } {
  const requests: CompletionRequest[] = [];
  return {
    name,
    requests,
    credentials: () =>
      options.key === false
        ? { available: false, reason: `${name.toUpperCase()}_API_KEY is not set` }
        : { available: true, source: 'test' },
    async complete(request): Promise<CompletionResult> {
      requests.push(request);
      const behaviour = behaviours[request.model];
      if (!behaviour) throw new Error(`no behaviour for ${request.model}`);
      if ('fail' in behaviour) {
        throw new ProviderError({
          kind: behaviour.fail,
          provider: name,
          model: request.model,
          message: `injected ${behaviour.fail}`,
        });
      }
      return {
        text: behaviour.text,
        usage: {
          inputTokens: behaviour.inputTokens ?? 100,
          outputTokens: behaviour.outputTokens ?? 20,
          cachedInputTokens: null,
          cacheWriteTokens: null,
          reasoningTokens: null,
          raw: null,
        },
        finishReason: 'stop',
        responseModel: request.model,
        warnings: [],
      };
    },
  };
}

function routingConfig(models: string[], template = 'Summarize: {{title}}\n\n{{body}}') {
  const [primary, ...fallbacks] = models;
  const params = { maxOutputTokens: 300, temperature: 0 };
  return {
    schemaVersion: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    routes: {
      summarize: {
        primary: { model: primary ?? '', params },
        fallbacks: fallbacks.map((model) => ({ model, params })),
        prompt: { system: 'You summarize news.', template },
        evidence: [],
        policy: { qualityFloor: 0.7, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
        source: {
          eval: 'summarize',
          runId: 'run-1',
          fixtures: 'fixtures/wikinews.jsonl',
          fixturesHash: 'f',
          promptHash: 'p',
          rubricHash: 'r',
          judges: [],
          priceTable: '@pydantic/genai-prices@test',
        },
      },
    },
  } satisfies RoutingConfig;
}

const ARTICLE = {
  title: 'Council raises budget',
  body: 'The council raised the budget by 3%. The vote was 7 to 2. Work starts in May.',
};

describe('createRouter', () => {
  it('retries within the primary first, then answers from the fallback', async () => {
    const openai = fakeProvider('openai', { 'gpt-a': { fail: 'server' } });
    const anthropic = fakeProvider('anthropic', { 'claude-b': { text: 'A short summary.' } });
    const clock = instantClock();
    const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
      providers: new Map<string, Provider>([
        ['openai', openai],
        ['anthropic', anthropic],
      ]),
      clock,
      retryPolicy: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 1000 },
      random: () => 1,
    });

    const result = await router.complete('summarize', ARTICLE);

    expect(result.text).toBe('A short summary.');
    expect(result.model).toBe('anthropic:claude-b');
    expect(openai.requests).toHaveLength(3);
    expect(clock.sleptMs).toBe(100 + 200);
    expect(result.attempts).toEqual([
      {
        model: 'openai:gpt-a',
        ok: false,
        errorKind: 'server',
        message: 'injected server',
        calls: 3,
        latencyMs: 300,
      },
      { model: 'anthropic:claude-b', ok: true, calls: 1, latencyMs: 0 },
    ]);
    expect(result.latencyMs).toBe(300);
    expect(result.usage.inputTokens).toBe(100);
  });

  it('sends the rendered prompt with the route parameters, and the article to local baselines', async () => {
    const openai = fakeProvider('openai', { 'gpt-a': { text: 'ok' } });
    const router = createRouter(routingConfig(['openai:gpt-a']), {
      providers: new Map<string, Provider>([['openai', openai]]),
    });
    await router.complete('summarize', ARTICLE);

    expect(openai.requests[0]).toMatchObject({
      model: 'gpt-a',
      system: 'You summarize news.',
      messages: [{ role: 'user', content: `Summarize: ${ARTICLE.title}\n\n${ARTICLE.body}` }],
      maxOutputTokens: 300,
      temperature: 0,
      stream: true,
      document: ARTICLE.body,
    });

    const local = createRouter(routingConfig(['local:lead-1']), {
      providers: new Map<string, Provider>([['local', new LocalProvider()]]),
    });
    const lead = await local.complete('summarize', ARTICLE);
    expect(lead.text).toBe('The council raised the budget by 3%.');
    expect(lead.costUsd).toBe(0);
  });

  it('skips a model whose credentials are absent without calling it', async () => {
    const openai = fakeProvider('openai', { 'gpt-a': { text: 'never' } }, { key: false });
    const anthropic = fakeProvider('anthropic', { 'claude-b': { text: 'from claude' } });
    const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
      providers: new Map<string, Provider>([
        ['openai', openai],
        ['anthropic', anthropic],
      ]),
    });
    const result = await router.complete('summarize', ARTICLE);

    expect(openai.requests).toHaveLength(0);
    expect(result.model).toBe('anthropic:claude-b');
    expect(result.attempts[0]).toMatchObject({
      model: 'openai:gpt-a',
      ok: false,
      skipped: true,
      errorKind: 'auth',
      message: 'OPENAI_API_KEY is not set',
      calls: 0,
    });
  });

  it.each<ErrorKind>(['auth', 'not_found', 'rate_limit', 'unknown'])(
    'falls back after %s on the primary',
    async (kind) => {
      const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
        providers: new Map<string, Provider>([
          ['openai', fakeProvider('openai', { 'gpt-a': { fail: kind } })],
          ['anthropic', fakeProvider('anthropic', { 'claude-b': { text: 'fallback' } })],
        ]),
        clock: instantClock(),
      });
      const result = await router.complete('summarize', ARTICLE);
      expect(result.model).toBe('anthropic:claude-b');
      expect(result.attempts[0]?.errorKind).toBe(kind);
    },
  );

  it.each<ErrorKind>(['context_length', 'invalid_request', 'content_filter'])(
    'stops at %s without calling the fallbacks, and says why',
    async (kind) => {
      const anthropic = fakeProvider('anthropic', { 'claude-b': { text: 'fallback' } });
      const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
        providers: new Map<string, Provider>([
          ['openai', fakeProvider('openai', { 'gpt-a': { fail: kind } })],
          ['anthropic', anthropic],
        ]),
      });
      const error = await router.complete('summarize', ARTICLE).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(RouterError);
      expect(error).toMatchObject({ code: 'failed', kind, task: 'summarize' });
      expect((error as RouterError).attempts).toEqual([
        expect.objectContaining({ model: 'openai:gpt-a', ok: false, errorKind: kind, calls: 1 }),
      ]);
      expect((error as Error).message).toContain(`openai:gpt-a failed with ${kind}`);
      expect(anthropic.requests).toHaveLength(0);
    },
  );

  it('lets the caller choose the kinds that fall back', async () => {
    const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
      providers: new Map<string, Provider>([
        ['openai', fakeProvider('openai', { 'gpt-a': { fail: 'content_filter' } })],
        ['anthropic', fakeProvider('anthropic', { 'claude-b': { text: 'fallback' } })],
      ]),
      fallbackOn: ['content_filter'],
    });
    expect((await router.complete('summarize', ARTICLE)).model).toBe('anthropic:claude-b');
  });

  it('throws a typed error listing every attempt when no model answers', async () => {
    const router = createRouter(routingConfig(['openai:gpt-a', 'anthropic:claude-b']), {
      providers: new Map<string, Provider>([
        ['openai', fakeProvider('openai', { 'gpt-a': { fail: 'overloaded' } })],
        ['anthropic', fakeProvider('anthropic', { 'claude-b': { text: 'x' } }, { key: false })],
      ]),
      clock: instantClock(),
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
    });
    const error = (await router
      .complete('summarize', ARTICLE)
      .catch((e: unknown) => e)) as RouterError;

    expect(error).toBeInstanceOf(RouterError);
    expect(error.code).toBe('failed');
    expect(error.kind).toBe('auth');
    expect(error.attempts.map((a) => [a.model, a.errorKind, a.calls])).toEqual([
      ['openai:gpt-a', 'overloaded', 2],
      ['anthropic:claude-b', 'auth', 0],
    ]);
    expect(error.message).toBe(
      'no model of the "summarize" route answered: openai:gpt-a: overloaded after 2 calls ' +
        '(injected overloaded); anthropic:claude-b: skipped (ANTHROPIC_API_KEY is not set)',
    );
  });

  it('prices the answer like the eval: the table, or the price the spec set by hand', async () => {
    const anthropic = fakeProvider('anthropic', {
      'claude-haiku-4-5': { text: 'x', inputTokens: 1_000_000, outputTokens: 0 },
    });
    const ollama = fakeProvider('ollama', { 'qwen3:8b': { text: 'y' } });
    const providers = new Map<string, Provider>([
      ['anthropic', anthropic],
      ['ollama', ollama],
    ]);
    const table = createRouter(routingConfig(['anthropic:claude-haiku-4-5']), { providers });
    expect((await table.complete('summarize', ARTICLE)).costUsd).toBeCloseTo(1, 6);

    const unknown = createRouter(routingConfig(['ollama:qwen3:8b']), { providers });
    expect((await unknown.complete('summarize', ARTICLE)).costUsd).toBeNull();

    const free = createRouter(routingConfig(['ollama:qwen3:8b']), {
      providers,
      prices: { 'ollama:qwen3:8b': { inputPerMTok: 0, outputPerMTok: 0 } },
    });
    expect((await free.complete('summarize', ARTICLE)).costUsd).toBe(0);
  });

  it('names the tasks it has when asked for one it does not', async () => {
    const router = createRouter(routingConfig(['local:lead-1']), {
      providers: new Map<string, Provider>([['local', new LocalProvider()]]),
    });
    expect(router.tasks).toEqual(['summarize']);
    await expect(router.complete('sumarize', ARTICLE)).rejects.toThrow(
      'no route for task "sumarize" (did you mean "summarize"?); the routing config routes: "summarize"',
    );
    await expect(router.complete('sumarize', ARTICLE)).rejects.toMatchObject({
      code: 'unknown_task',
    });
  });

  it('names the template variable a call lacks, before calling any model', async () => {
    const local = new LocalProvider();
    const router = createRouter(routingConfig(['local:lead-1']), {
      providers: new Map<string, Provider>([['local', local]]),
    });
    await expect(router.complete('summarize', { body: ARTICLE.body })).rejects.toMatchObject({
      code: 'missing_variable',
      message: expect.stringContaining('{{title}}'),
    });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const openai = fakeProvider('openai', { 'gpt-a': { text: 'x' } });
    const router = createRouter(routingConfig(['openai:gpt-a']), {
      providers: new Map<string, Provider>([['openai', openai]]),
    });
    await expect(
      router.complete('summarize', ARTICLE, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'aborted', kind: 'aborted' });
    expect(openai.requests).toHaveLength(0);
  });

  it('rejects an invalid config with the key path at fault', () => {
    const providers = new Map<string, Provider>([['local', new LocalProvider()]]);
    const missing = routingConfig(['local:lead-1']) as unknown as {
      routes: { summarize: { primary: { params: Record<string, unknown> } } };
    };
    delete missing.routes.summarize.primary.params.maxOutputTokens;
    expect(() => createRouter(missing as unknown as RoutingConfig, { providers })).toThrow(
      /routes\.summarize\.primary\.params\.maxOutputTokens: missing; it is required/,
    );

    const badId = routingConfig(['local:lead-1', 'gpt-4']);
    expect(() => createRouter(badId, { providers, source: 'routing.json' })).toThrow(
      'routing.json: routes.summarize.fallbacks[0].model: "gpt-4" is not a model id',
    );

    const noAdapter = routingConfig(['groq:llama']);
    expect(() => createRouter(noAdapter, { providers })).toThrow(ConfigError);
    expect(() => createRouter(noAdapter, { providers })).toThrow(/no adapter for provider "groq"/);

    const badTemplate = routingConfig(['local:lead-1'], 'Summarize {{#if body}}');
    expect(() => createRouter(badTemplate, { providers })).toThrow(
      /routes\.summarize\.prompt\.template: the template does not parse/,
    );
  });

  it('builds the adapters from the env it is given, and skips what that env lacks', async () => {
    const router = createRouter(routingConfig(['openai:gpt-a', 'local:lead-1']), { env: {} });
    const result = await router.complete('summarize', ARTICLE);
    expect(result.model).toBe('local:lead-1');
    expect(result.attempts[0]).toMatchObject({
      skipped: true,
      message: 'OPENAI_API_KEY is not set',
    });
  });
});
