import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countWords,
  type OpenAIServer,
  startOpenAIServer,
} from '../../test/servers/openai-server.js';
import { ProviderError } from './errors.js';
import { createOpenAIProvider } from './openai.js';
import type { CompletionRequest, Provider } from './types.js';

const ARTICLE = [
  'The city council voted on Tuesday to expand the tram network by twelve kilometres,',
  'adding three new lines that will connect the northern suburbs to the harbour district.',
  'Construction is expected to begin next spring and take four years to complete.',
].join(' ');

const REQUEST: CompletionRequest = {
  model: 'gpt-test',
  system: 'You summarize news articles.',
  messages: [{ role: 'user', content: `Summarize this article.\n\n${ARTICLE}` }],
  maxOutputTokens: 200,
};

const PROMPT_WORDS =
  countWords(REQUEST.system ?? '') + countWords(REQUEST.messages[0]?.content ?? '');

let server: OpenAIServer;
let provider: Provider;

beforeAll(async () => {
  server = await startOpenAIServer({ cachedTokens: 7, apiKey: 'sk-test' });
  provider = createOpenAIProvider({
    apiKey: 'sk-test',
    baseURL: server.url,
    apiKeySource: 'OPENAI_API_KEY',
  });
});

afterEach(() => {
  server.requests.length = 0;
  server.setFaults([]);
});

afterAll(async () => {
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('credentials', () => {
  it('names the env var to set when the key is absent, and fails calls as auth', async () => {
    const keyless = createOpenAIProvider({ apiKey: undefined, baseURL: server.url });
    expect(keyless.credentials()).toEqual({
      available: false,
      reason: 'OPENAI_API_KEY is not set',
    });

    const error = await failure(keyless.complete(REQUEST));
    expect(error.kind).toBe('auth');
    expect(server.requests).toHaveLength(0);
  });

  it('reports where the key came from', () => {
    expect(provider.credentials()).toEqual({ available: true, source: 'OPENAI_API_KEY' });
    const named = createOpenAIProvider({ name: 'together', apiKey: '', baseURL: server.url });
    expect(named.name).toBe('together');
    expect(named.credentials()).toEqual({
      available: false,
      reason: 'no API key configured for the "together" endpoint',
    });
  });
});

describe('plain calls', () => {
  it('returns the text and copies the usage exactly', async () => {
    const result = await provider.complete(REQUEST);

    expect(result.text).toBe(ARTICLE.split(' ').slice(0, 40).join(' '));
    expect(result.finishReason).toBe('stop');
    expect(result.responseModel).toBe('gpt-test');
    expect(result.warnings).toEqual([]);
    expect(result.usage).toMatchObject({
      inputTokens: PROMPT_WORDS,
      outputTokens: 40,
      cachedInputTokens: 7,
      cacheWriteTokens: null,
      reasoningTokens: 0,
    });
    expect(result.usage.raw).toMatchObject({ prompt_tokens: PROMPT_WORDS, completion_tokens: 40 });
  });

  it('sends the system prompt first, the token limit and the temperature', async () => {
    await provider.complete({ ...REQUEST, temperature: 0.2 });

    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body;
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You summarize news articles.' });
    expect(body.messages[1].role).toBe('user');
    expect(body.max_completion_tokens).toBe(200);
    expect(body.temperature).toBe(0.2);
    expect(body.stream).toBeUndefined();
    expect(body.response_format).toBeUndefined();
  });

  it('keeps every count the server leaves out as null, never 0', async () => {
    const sparse = await startOpenAIServer({
      respond: () => ({ content: 'Short.', usage: { prompt_tokens: 12, completion_tokens: 3 } }),
    });
    const none = await startOpenAIServer({ respond: () => ({ content: 'Short.', usage: null }) });
    try {
      const sparseResult = await createOpenAIProvider({
        apiKey: 'k',
        baseURL: sparse.url,
      }).complete(REQUEST);
      expect(sparseResult.usage).toEqual({
        inputTokens: 12,
        outputTokens: 3,
        cachedInputTokens: null,
        cacheWriteTokens: null,
        reasoningTokens: null,
        raw: { prompt_tokens: 12, completion_tokens: 3 },
      });

      const noneResult = await createOpenAIProvider({ apiKey: 'k', baseURL: none.url }).complete(
        REQUEST,
      );
      expect(noneResult.usage.inputTokens).toBeNull();
      expect(noneResult.usage.outputTokens).toBeNull();
      expect(noneResult.usage.raw).toBeNull();
    } finally {
      await sparse.close();
      await none.close();
    }
  });

  it('maps cache writes and reasoning tokens when the server sends them', async () => {
    const usage = {
      prompt_tokens: 900,
      completion_tokens: 150,
      total_tokens: 1050,
      prompt_tokens_details: { cached_tokens: 512, cache_write_tokens: 256 },
      completion_tokens_details: { reasoning_tokens: 64 },
    };
    const custom = await startOpenAIServer({ respond: () => ({ content: 'Done.', usage }) });
    try {
      const result = await createOpenAIProvider({ apiKey: 'k', baseURL: custom.url }).complete(
        REQUEST,
      );
      expect(result.usage).toEqual({
        inputTokens: 900,
        outputTokens: 150,
        cachedInputTokens: 512,
        cacheWriteTokens: 256,
        reasoningTokens: 64,
        raw: usage,
      });
    } finally {
      await custom.close();
    }
  });

  it('sends a strict json_schema response_format and gets a reply that follows it', async () => {
    const schema = {
      type: 'object',
      properties: {
        faithfulness: { type: 'integer', minimum: 1, maximum: 5 },
        rationale: { type: 'string' },
      },
      required: ['faithfulness', 'rationale'],
      additionalProperties: false,
    };
    const result = await provider.complete({
      ...REQUEST,
      responseSchema: { name: 'verdict', schema },
    });

    expect(server.requests[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'verdict', schema, strict: true },
    });
    expect(JSON.parse(result.text)).toEqual({
      faithfulness: 4,
      rationale: expect.any(String),
    });
  });

  it('keeps a reply cut at the token limit, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, maxOutputTokens: 5 });

    expect(result.finishReason).toBe('length');
    expect(result.text.split(' ')).toHaveLength(5);
    expect(result.usage.outputTokens).toBe(5);
    expect(result.warnings).toEqual(['output hit the max token limit']);
  });

  it('turns a content_filter finish into a content_filter error', async () => {
    const filtered = await startOpenAIServer({
      respond: () => ({ content: '', finishReason: 'content_filter' }),
    });
    try {
      const filteredProvider = createOpenAIProvider({ apiKey: 'k', baseURL: filtered.url });
      const error = await failure(filteredProvider.complete(REQUEST));
      expect(error.kind).toBe('content_filter');
      expect(error.retryable).toBe(false);

      const streamed = await failure(filteredProvider.complete({ ...REQUEST, stream: true }));
      expect(streamed.kind).toBe('content_filter');
    } finally {
      await filtered.close();
    }
  });
});

describe('streamed calls', () => {
  it('fires onFirstToken once, assembles the text and takes usage from the usage chunk', async () => {
    let firstTokens = 0;
    const result = await provider.complete(
      { ...REQUEST, stream: true },
      { onFirstToken: () => firstTokens++ },
    );

    expect(firstTokens).toBe(1);
    expect(result.text).toBe(ARTICLE.split(' ').slice(0, 40).join(' '));
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({
      inputTokens: PROMPT_WORDS,
      outputTokens: 40,
      cachedInputTokens: 7,
      reasoningTokens: 0,
    });
    expect(server.requests[0]?.body.stream_options).toEqual({ include_usage: true });
  });

  it('keeps a streamed reply cut at the token limit, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, stream: true, maxOutputTokens: 4 });
    expect(result.finishReason).toBe('length');
    expect(result.warnings).toEqual(['output hit the max token limit']);
  });

  it('fails a stalled stream at the caller deadline as timeout, with no partial success', async () => {
    server.setFaults([{ type: 'stall' }]);
    let firstTokens = 0;
    const started = Date.now();

    const error = await failure(
      provider.complete(
        { ...REQUEST, stream: true },
        { signal: AbortSignal.timeout(200), onFirstToken: () => firstTokens++ },
      ),
    );

    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
    expect(firstTokens).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails as aborted when the caller aborts', async () => {
    server.setFaults([{ type: 'stall' }]);
    const controller = new AbortController();
    const error = await failure(
      provider.complete(
        { ...REQUEST, stream: true },
        { signal: controller.signal, onFirstToken: () => controller.abort() },
      ),
    );
    expect(error.kind).toBe('aborted');
    expect(error.retryable).toBe(false);
  });

  it('fails a plain call that stalls at the caller deadline as timeout', async () => {
    server.setFaults([{ type: 'stall' }]);
    const error = await failure(provider.complete(REQUEST, { signal: AbortSignal.timeout(200) }));
    expect(error.kind).toBe('timeout');
  });

  it('fails a stream that ends without finish_reason or usage as truncated', async () => {
    server.setFaults([{ type: 'truncate' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.retryable).toBe(true);
  });

  it('fails a stream whose connection is cut mid-body as truncated', async () => {
    server.setFaults([{ type: 'reset' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/broke off/);
  });

  it('fails a stream without its usage chunk as truncated', async () => {
    const noUsage = await startOpenAIServer({ respond: () => ({ content: 'Hi.', usage: null }) });
    try {
      const error = await failure(
        createOpenAIProvider({ apiKey: 'k', baseURL: noUsage.url }).complete({
          ...REQUEST,
          stream: true,
        }),
      );
      expect(error.kind).toBe('truncated');
      expect(error.message).toMatch(/usage/);
    } finally {
      await noUsage.close();
    }
  });

  it('maps an error event inside the stream to server', async () => {
    server.setFaults([{ type: 'stream_error' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('server');
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/The server had an error/);
  });
});

describe('errors', () => {
  it('maps 429 with retry-after to rate_limit, with SDK retries off', async () => {
    server.setFaults([
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
      { type: 'status', status: 429, headers: { 'retry-after': '1' } },
    ]);
    const error = await failure(provider.complete(REQUEST));

    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(1000);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('prefers retry-after-ms', async () => {
    server.setFaults([
      { type: 'status', status: 429, headers: { 'retry-after': '3', 'retry-after-ms': '250' } },
    ]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.retryAfterMs).toBe(250);
  });

  it('maps 500 to a retryable server error, in one request', async () => {
    server.setFaults([{ type: 'status', status: 500 }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));

    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('maps 401 to auth, not retryable, naming the env var', async () => {
    const wrongKey = createOpenAIProvider({
      apiKey: 'sk-wrong',
      baseURL: server.url,
      apiKeySource: 'OPENAI_API_KEY',
    });
    const error = await failure(wrongKey.complete(REQUEST));

    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('401 Incorrect API key provided (check OPENAI_API_KEY)');
    expect(error.provider).toBe('openai');
    expect(error.model).toBe('gpt-test');
  });

  it('maps a 400 context-length error to context_length', async () => {
    server.setFaults([
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
      {
        type: 'status',
        status: 400,
        body: { error: { message: 'prompt is too long', type: 'invalid_request_error' } },
      },
    ]);

    const byCode = await failure(provider.complete(REQUEST));
    expect(byCode.kind).toBe('context_length');
    expect(byCode.retryable).toBe(false);
    const byMessage = await failure(provider.complete(REQUEST));
    expect(byMessage.kind).toBe('context_length');
  });

  it('maps any other 400 to invalid_request', async () => {
    server.setFaults([
      {
        type: 'status',
        status: 400,
        body: {
          error: { message: "Unsupported value: 'temperature'", type: 'invalid_request_error' },
        },
      },
    ]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.kind).toBe('invalid_request');
  });

  it('maps a dropped connection to network and an unreachable server to network', async () => {
    server.setFaults([{ type: 'disconnect' }]);
    const dropped = await failure(provider.complete(REQUEST));
    expect(dropped.kind).toBe('network');
    expect(server.requests).toHaveLength(1);

    const gone = await startOpenAIServer();
    const url = gone.url;
    await gone.close();
    const unreachable = await failure(
      createOpenAIProvider({ apiKey: 'k', baseURL: url }).complete(REQUEST),
    );
    expect(unreachable.kind).toBe('network');
  });
});
