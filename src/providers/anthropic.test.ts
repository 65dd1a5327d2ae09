import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnthropicServer,
  countWords,
  startAnthropicServer,
} from '../../test/servers/anthropic-server.js';
import { createAnthropicProvider } from './anthropic.js';
import { ProviderError } from './errors.js';
import type { CompletionRequest, Provider } from './types.js';

const ARTICLE = [
  'The city council voted on Tuesday to expand the tram network by twelve kilometres,',
  'adding three new lines that will connect the northern suburbs to the harbour district.',
  'Construction is expected to begin next spring and take four years to complete.',
].join(' ');

const SUMMARY = ARTICLE.split(' ').slice(0, 40).join(' ');

const REQUEST: CompletionRequest = {
  model: 'claude-test',
  system: 'You summarize news articles.',
  messages: [{ role: 'user', content: `Summarize this article.\n\n${ARTICLE}` }],
  maxOutputTokens: 200,
};

const PROMPT_WORDS =
  countWords(REQUEST.system ?? '') + countWords(REQUEST.messages[0]?.content ?? '');
const CACHE_READ = 7;
const CACHE_WRITE = 5;

const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    faithfulness: { type: 'integer', minimum: 1, maximum: 5 },
    rationale: { type: 'string' },
  },
  required: ['faithfulness', 'rationale'],
  additionalProperties: false,
};

let server: AnthropicServer;
let provider: Provider;

beforeAll(async () => {
  server = await startAnthropicServer({
    cacheReadTokens: CACHE_READ,
    cacheCreationTokens: CACHE_WRITE,
    apiKey: 'sk-ant-test',
  });
  provider = createAnthropicProvider({
    apiKey: 'sk-ant-test',
    baseURL: server.url,
    apiKeySource: 'ANTHROPIC_API_KEY',
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
    const keyless = createAnthropicProvider({ apiKey: undefined, baseURL: server.url });
    expect(keyless.name).toBe('anthropic');
    expect(keyless.credentials()).toEqual({
      available: false,
      reason: 'ANTHROPIC_API_KEY is not set',
    });
    expect(createAnthropicProvider({ apiKey: '' }).credentials().available).toBe(false);

    const error = await failure(keyless.complete(REQUEST));
    expect(error.kind).toBe('auth');
    expect(server.requests).toHaveLength(0);
  });

  it('reports where the key came from and sends it as a Bearer token', async () => {
    expect(provider.credentials()).toEqual({ available: true, source: 'ANTHROPIC_API_KEY' });

    await provider.complete(REQUEST);
    const headers = server.requests[0]?.headers;
    expect(headers?.authorization).toBe('Bearer sk-ant-test');
    expect(headers?.['anthropic-version']).toBe('2026-10-21');
  });
});

describe('plain calls', () => {
  it('returns the text and sums cache reads and writes into inputTokens', async () => {
    const result = await provider.complete(REQUEST);

    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('end_turn');
    expect(result.responseModel).toBe('claude-test');
    expect(result.warnings).toEqual([]);
    expect(result.usage).toEqual({
      inputTokens: PROMPT_WORDS + CACHE_READ + CACHE_WRITE,
      outputTokens: 40,
      cachedInputTokens: CACHE_READ,
      cacheWriteTokens: CACHE_WRITE,
      reasoningTokens: null,
      raw: expect.objectContaining({
        input_tokens: PROMPT_WORDS,
        cache_read_input_tokens: CACHE_READ,
        cache_creation_input_tokens: CACHE_WRITE,
        output_tokens: 40,
      }),
    });
    expect(server.requests).toHaveLength(1);
  });

  it('sends the system prompt apart and the token limit', async () => {
    await provider.complete(REQUEST);

    const request = server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/messages');
    expect(request?.body).toEqual({
      model: 'claude-test',
      max_tokens: 200,
      system: 'You summarize news articles.',
      messages: [{ role: 'user', content: REQUEST.messages[0]?.content }],
    });
  });

  it('does not send temperature, and says so on the result', async () => {
    const plain = await provider.complete({ ...REQUEST, temperature: 0.2 });
    const streamed = await provider.complete({ ...REQUEST, temperature: 0, stream: true });

    const warning =
      'temperature is ignored: the Anthropic API version this SDK uses does not accept it';
    expect(plain.warnings).toEqual([warning]);
    expect(streamed.warnings).toEqual([warning]);
    for (const request of server.requests) expect(request.body).not.toHaveProperty('temperature');
  });

  it('sends a default max_tokens, which the API requires', async () => {
    const { maxOutputTokens: _, ...unlimited } = REQUEST;
    await provider.complete(unlimited);
    expect(server.requests[0]?.body.max_tokens).toBe(4096);
  });

  it('sends a non-streaming call with a large max_tokens, which the SDK refuses by default', async () => {
    const result = await provider.complete({ ...REQUEST, maxOutputTokens: 64_000 });
    expect(result.text).toBe(SUMMARY);
    expect(server.requests[0]?.body.max_tokens).toBe(64_000);
  });

  it('keeps every count the server leaves out as null, never 0', async () => {
    const sparse = await startAnthropicServer({
      respond: () => ({ text: 'Short.', usage: { input_tokens: 12, output_tokens: 3 } }),
    });
    const none = await startAnthropicServer({ respond: () => ({ text: 'Short.', usage: null }) });
    try {
      const sparseResult = await createAnthropicProvider({
        apiKey: 'k',
        baseURL: sparse.url,
      }).complete(REQUEST);
      expect(sparseResult.usage).toEqual({
        inputTokens: 12,
        outputTokens: 3,
        cachedInputTokens: null,
        cacheWriteTokens: null,
        reasoningTokens: null,
        raw: { input_tokens: 12, output_tokens: 3 },
      });

      const noneProvider = createAnthropicProvider({ apiKey: 'k', baseURL: none.url });
      for (const stream of [false, true]) {
        const result = await noneProvider.complete({ ...REQUEST, stream });
        expect(result.text).toBe('Short.');
        expect(result.usage.inputTokens).toBeNull();
        expect(result.usage.outputTokens).toBeNull();
        expect(result.usage.raw).toBeNull();
      }
    } finally {
      await sparse.close();
      await none.close();
    }
  });

  it('leaves inputTokens unknown when input_tokens is absent, and maps thinking tokens', async () => {
    const usage = {
      cache_read_input_tokens: 300,
      cache_creation_input_tokens: null,
      output_tokens: 150,
      output_tokens_details: { thinking_tokens: 64 },
    };
    const custom = await startAnthropicServer({ respond: () => ({ text: 'Done.', usage }) });
    try {
      const result = await createAnthropicProvider({ apiKey: 'k', baseURL: custom.url }).complete(
        REQUEST,
      );
      expect(result.usage).toEqual({
        inputTokens: null,
        outputTokens: 150,
        cachedInputTokens: 300,
        cacheWriteTokens: null,
        reasoningTokens: 64,
        raw: usage,
      });
    } finally {
      await custom.close();
    }
  });

  it('asks for structured output through one forced tool and returns its input as JSON', async () => {
    const result = await provider.complete({
      ...REQUEST,
      responseSchema: { name: 'verdict', schema: VERDICT_SCHEMA },
    });

    const body = server.requests[0]?.body;
    expect(body.tools).toEqual([{ name: 'verdict', input_schema: VERDICT_SCHEMA }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'verdict' });
    expect(result.finishReason).toBe('tool_use');
    expect(result.warnings).toEqual([]);
    expect(JSON.parse(result.text)).toEqual({
      faithfulness: 4,
      rationale: 'A short deterministic answer.',
    });
  });

  it('keeps a reply cut at the token limit, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, maxOutputTokens: 5 });

    expect(result.finishReason).toBe('max_tokens');
    expect(result.text.split(' ')).toHaveLength(5);
    expect(result.usage.outputTokens).toBe(5);
    expect(result.warnings).toEqual(['output hit the max token limit']);
  });

  it('turns a refusal into a content_filter error, plain and streamed', async () => {
    const refusing = await startAnthropicServer({
      respond: () => ({
        text: '',
        stopReason: 'refusal',
        stopDetails: { type: 'refusal', category: 'cyber', explanation: 'Not this one.' },
      }),
    });
    try {
      const refusingProvider = createAnthropicProvider({ apiKey: 'k', baseURL: refusing.url });
      const error = await failure(refusingProvider.complete(REQUEST));
      expect(error.kind).toBe('content_filter');
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(
        'the model refused (stop_reason refusal, category cyber): Not this one.',
      );

      const streamed = await failure(refusingProvider.complete({ ...REQUEST, stream: true }));
      expect(streamed.kind).toBe('content_filter');
    } finally {
      await refusing.close();
    }
  });
});

describe('streamed calls', () => {
  it('fires onFirstToken once, assembles the text and takes the final usage', async () => {
    let firstTokens = 0;
    const result = await provider.complete(
      { ...REQUEST, stream: true },
      { onFirstToken: () => firstTokens++ },
    );

    expect(firstTokens).toBe(1);
    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('end_turn');
    expect(result.responseModel).toBe('claude-test');
    expect(result.warnings).toEqual([]);
    expect(result.usage).toMatchObject({
      inputTokens: PROMPT_WORDS + CACHE_READ + CACHE_WRITE,
      outputTokens: 40,
      cachedInputTokens: CACHE_READ,
      cacheWriteTokens: CACHE_WRITE,
      reasoningTokens: null,
    });
    expect(server.requests[0]?.body.stream).toBe(true);
  });

  it('takes input and cache counts from message_start when message_delta has only output', async () => {
    const outputOnly = await startAnthropicServer({
      cacheReadTokens: 11,
      cacheCreationTokens: 13,
      messageDeltaUsage: 'output',
    });
    try {
      const result = await createAnthropicProvider({
        apiKey: 'k',
        baseURL: outputOnly.url,
      }).complete({ ...REQUEST, stream: true });
      expect(result.usage).toMatchObject({
        inputTokens: PROMPT_WORDS + 11 + 13,
        // message_start says 1; the cumulative count in message_delta wins.
        outputTokens: 40,
        cachedInputTokens: 11,
        cacheWriteTokens: 13,
      });
    } finally {
      await outputOnly.close();
    }
  });

  it('accumulates the streamed tool input into the JSON text', async () => {
    let firstTokens = 0;
    const result = await provider.complete(
      { ...REQUEST, stream: true, responseSchema: { name: 'verdict', schema: VERDICT_SCHEMA } },
      { onFirstToken: () => firstTokens++ },
    );

    expect(firstTokens).toBe(1);
    expect(result.finishReason).toBe('tool_use');
    expect(JSON.parse(result.text)).toEqual({
      faithfulness: 4,
      rationale: 'A short deterministic answer.',
    });
  });

  it('keeps a streamed reply cut at the token limit, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, stream: true, maxOutputTokens: 4 });
    expect(result.finishReason).toBe('max_tokens');
    expect(result.text).toBe(SUMMARY.split(' ').slice(0, 4).join(' '));
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
    expect(Date.now() - started).toBeLessThan(1_000);
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

  it('fails a stream that ends without message_stop as truncated', async () => {
    server.setFaults([{ type: 'truncate' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/message_stop/);
  });

  it('fails a stream whose connection is cut mid-body as truncated', async () => {
    server.setFaults([{ type: 'reset' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/broke off/);
  });

  it('maps an overloaded_error event inside the stream to overloaded', async () => {
    server.setFaults([{ type: 'stream_error' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));

    expect(error.kind).toBe('overloaded');
    expect(error.retryable).toBe(true);
    expect(error.status).toBeNull();
    expect(error.message).toBe('error in the stream: overloaded_error: Overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('maps other error events by their type', async () => {
    server.setFaults([
      { type: 'stream_error', error: { type: 'api_error', message: 'Internal server error' } },
      {
        type: 'stream_error',
        error: { type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens' },
      },
    ]);
    const apiError = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(apiError.kind).toBe('server');
    const tooLong = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(tooLong.kind).toBe('context_length');
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

  it('maps 529 to a retryable overloaded error, in one request', async () => {
    server.setFaults([{ type: 'status', status: 529, message: 'Overloaded' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));

    expect(error.kind).toBe('overloaded');
    expect(error.status).toBe(529);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('529 Overloaded');
    expect(server.requests).toHaveLength(1);
  });

  it('maps 500 to a retryable server error, in one request', async () => {
    server.setFaults([{ type: 'status', status: 500, message: 'Internal server error' }]);
    const error = await failure(provider.complete(REQUEST));

    expect(error.kind).toBe('server');
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('maps 401 to auth, not retryable, naming the env var', async () => {
    const wrongKey = createAnthropicProvider({ apiKey: 'sk-ant-wrong', baseURL: server.url });
    const error = await failure(wrongKey.complete(REQUEST));

    expect(error.kind).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('401 invalid x-api-key (check ANTHROPIC_API_KEY)');
    expect(error.provider).toBe('anthropic');
    expect(error.model).toBe('claude-test');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-ant-wrong');
  });

  it('maps a 400 context-length error, in either wording, to context_length', async () => {
    server.setFaults([
      {
        type: 'status',
        status: 400,
        message: 'prompt is too long: 250000 tokens > 200000 maximum',
      },
      {
        type: 'status',
        status: 400,
        message:
          'input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, ' +
          'decrease input length or `max_tokens` and try again',
      },
    ]);

    const tooLong = await failure(provider.complete(REQUEST));
    expect(tooLong.kind).toBe('context_length');
    expect(tooLong.retryable).toBe(false);
    expect(tooLong.message).toBe('400 prompt is too long: 250000 tokens > 200000 maximum');
    const overLimit = await failure(provider.complete(REQUEST));
    expect(overLimit.kind).toBe('context_length');
  });

  it('maps any other 400 to invalid_request', async () => {
    server.setFaults([{ type: 'status', status: 400, message: 'messages: roles must alternate' }]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.kind).toBe('invalid_request');
    expect(error.retryable).toBe(false);
  });

  it('maps a dropped connection to network and an unreachable server to network', async () => {
    server.setFaults([{ type: 'disconnect' }]);
    const dropped = await failure(provider.complete(REQUEST));
    expect(dropped.kind).toBe('network');
    expect(server.requests).toHaveLength(1);

    const gone = await startAnthropicServer();
    const url = gone.url;
    await gone.close();
    const unreachable = await failure(
      createAnthropicProvider({ apiKey: 'k', baseURL: url }).complete(REQUEST),
    );
    expect(unreachable.kind).toBe('network');
  });
});
