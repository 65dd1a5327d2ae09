import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  countWords,
  LOAD_DURATION_NS,
  type OllamaServer,
  startOllamaServer,
} from '../../test/servers/ollama-server.js';
import { ProviderError } from './errors.js';
import { canonicalModelName, createOllamaProvider } from './ollama.js';
import type { CompletionRequest, Provider } from './types.js';

const ARTICLE = [
  'The city council voted on Tuesday to expand the tram network by twelve kilometres,',
  'adding three new lines that will connect the northern suburbs to the harbour district.',
  'Construction is expected to begin next spring and take four years to complete.',
].join(' ');
const SUMMARY = ARTICLE.split(' ').slice(0, 40).join(' ');

const REQUEST: CompletionRequest = {
  model: 'qwen3:8b',
  system: 'You summarize news articles.',
  messages: [{ role: 'user', content: `Summarize this article.\n\n${ARTICLE}` }],
  maxOutputTokens: 200,
};

const START_HINT = '(start it with `ollama serve` or set OLLAMA_HOST)';

const PROMPT_WORDS =
  countWords(REQUEST.system ?? '') + countWords(REQUEST.messages[0]?.content ?? '');

let server: OllamaServer;
let provider: Provider;

beforeAll(async () => {
  server = await startOllamaServer({ models: ['qwen3:8b', 'llama3:latest'] });
  provider = createOllamaProvider({ host: server.url });
});

afterEach(() => {
  server.requests.length = 0;
  server.setFaults([]);
  vi.unstubAllEnvs();
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

/** A host where nothing listens: a server's port, once that server has closed. */
async function closedHost(): Promise<string> {
  const gone = await startOllamaServer();
  await gone.close();
  return gone.url;
}

describe('credentials', () => {
  it('is always available, from the host it was given, and never reads OLLAMA_HOST', async () => {
    vi.stubEnv('OLLAMA_HOST', await closedHost());
    expect(provider.name).toBe('ollama');
    expect(provider.credentials()).toEqual({ available: true, source: server.url });

    const result = await provider.complete(REQUEST);
    expect(result.text).toBe(SUMMARY);
    expect(server.requests).toHaveLength(1);
  });
});

describe('plain calls', () => {
  it('returns the text, the exact counts and the server-measured tokens per second', async () => {
    const result = await provider.complete(REQUEST);

    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('stop');
    expect(result.responseModel).toBe('qwen3:8b');
    expect(result.warnings).toEqual([]);
    expect(result.usage).toEqual({
      inputTokens: PROMPT_WORDS,
      outputTokens: 40,
      cachedInputTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: null,
      raw: {
        prompt_eval_count: PROMPT_WORDS,
        eval_count: 40,
        eval_duration: 2_000_000_000,
        prompt_eval_duration: PROMPT_WORDS * 1_000_000,
        total_duration: LOAD_DURATION_NS + PROMPT_WORDS * 1_000_000 + 2_000_000_000,
        load_duration: LOAD_DURATION_NS,
      },
    });
    expect(result.serverTokensPerSecond).toBe(20);
  });

  it('sends the system prompt first, num_predict, temperature, think and truncate', async () => {
    await createOllamaProvider({ host: server.url, keepAlive: '10m' }).complete({
      ...REQUEST,
      temperature: 0.2,
    });

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/api/chat');
    const body = request?.body;
    expect(body.messages).toEqual([
      { role: 'system', content: 'You summarize news articles.' },
      { role: 'user', content: REQUEST.messages[0]?.content },
    ]);
    expect(body.options).toEqual({ num_predict: 200, temperature: 0.2 });
    expect(body.stream).toBe(false);
    expect(body.think).toBe(false);
    expect(body.truncate).toBe(false);
    expect(body.keep_alive).toBe('10m');
    expect(body.format).toBeUndefined();
  });

  it('keeps every count the server leaves out as null, never 0', async () => {
    const bare = await startOllamaServer({
      respond: () => ({ content: 'Short.', metrics: { eval_count: 3 } }),
    });
    try {
      const result = await createOllamaProvider({ host: bare.url }).complete(REQUEST);
      expect(result.usage).toEqual({
        inputTokens: null,
        outputTokens: 3,
        cachedInputTokens: null,
        cacheWriteTokens: null,
        reasoningTokens: null,
        raw: { eval_count: 3 },
      });
      expect(result.serverTokensPerSecond).toBeNull();
    } finally {
      await bare.close();
    }
  });

  it('sends the response schema as format and returns the JSON that follows it', async () => {
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

    expect(server.requests[0]?.body.format).toEqual(schema);
    expect(JSON.parse(result.text)).toEqual({ faithfulness: 4, rationale: expect.any(String) });
  });

  it('keeps a reply cut at num_predict, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, maxOutputTokens: 5 });

    expect(server.requests[0]?.body.options.num_predict).toBe(5);
    expect(result.finishReason).toBe('length');
    expect(result.text.split(' ')).toHaveLength(5);
    expect(result.usage.outputTokens).toBe(5);
    expect(result.warnings).toEqual(['output hit the max token limit']);
  });

  it('matches a model without a tag to its :latest tag', async () => {
    const result = await provider.complete({ ...REQUEST, model: 'llama3' });
    expect(result.text).toBe(SUMMARY);
  });
});

describe('streamed calls', () => {
  it('fires onFirstToken once and takes the counts from the done line', async () => {
    let firstTokens = 0;
    const result = await provider.complete(
      { ...REQUEST, stream: true },
      { onFirstToken: () => firstTokens++ },
    );

    expect(server.requests[0]?.body.stream).toBe(true);
    expect(firstTokens).toBe(1);
    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toMatchObject({ inputTokens: PROMPT_WORDS, outputTokens: 40 });
    expect(result.usage.raw).toMatchObject({ eval_count: 40, eval_duration: 2_000_000_000 });
    expect(result.serverTokensPerSecond).toBe(20);
  });

  it('keeps a streamed reply cut at num_predict, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, stream: true, maxOutputTokens: 4 });
    expect(result.finishReason).toBe('length');
    expect(result.text.split(' ')).toHaveLength(4);
    expect(result.warnings).toEqual(['output hit the max token limit']);
  });

  it('fails a stalled stream at the deadline as timeout, with no partial success', async () => {
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

  it('fails a plain call that never answers at the caller deadline as timeout', async () => {
    server.setFaults([{ type: 'stall' }]);
    const error = await failure(provider.complete(REQUEST, { signal: AbortSignal.timeout(200) }));
    expect(error.kind).toBe('timeout');
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

  it('applies each call its own signal, on one client', async () => {
    server.setFaults([{ type: 'stall' }]);
    const controller = new AbortController();
    const stalled = provider.complete(REQUEST, { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));

    // The second call is in flight on the same client when the first one's signal fires.
    const other = provider.complete(
      { ...REQUEST, stream: true },
      { signal: new AbortController().signal, onFirstToken: () => controller.abort() },
    );

    expect((await failure(stalled)).kind).toBe('aborted');
    expect((await other).text).toBe(SUMMARY);
  });

  it('fails a stream that ends without its done line as truncated', async () => {
    server.setFaults([{ type: 'truncate' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/done: true/);
  });

  it('fails a plain reply cut short as truncated', async () => {
    server.setFaults([{ type: 'truncate' }]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.kind).toBe('truncated');
  });

  it('maps an error line in the stream to server, or context_length by its wording', async () => {
    server.setFaults([
      { type: 'stream_error' },
      { type: 'stream_error', message: 'the input length exceeds the context length' },
    ]);

    const generic = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(generic.kind).toBe('server');
    expect(generic.status).toBeNull();
    expect(generic.message).toBe(
      'error in the stream: an error was encountered while running the model',
    );

    const context = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(context.kind).toBe('context_length');
  });
});

describe('thinking', () => {
  it('asks a hybrid model not to think, so no reasoning is generated', async () => {
    const hybrid = await startOllamaServer({ thinking: 'Let me weigh what matters most here.' });
    try {
      const result = await createOllamaProvider({ host: hybrid.url }).complete({
        ...REQUEST,
        stream: true,
      });
      expect(hybrid.requests[0]?.body.think).toBe(false);
      expect(result.text).toBe(SUMMARY);
      expect(result.usage.outputTokens).toBe(40);
      expect(result.warnings).toEqual([]);
    } finally {
      await hybrid.close();
    }
  });

  it('puts aside the thinking a model sends anyway, and counts its tokens', async () => {
    const thinking = 'The user wants a summary. The key fact is the tram extension.';
    const stubborn = await startOllamaServer({
      respond: () => ({ content: 'The council expands the tram network.', thinking }),
    });
    try {
      const stubbornProvider = createOllamaProvider({ host: stubborn.url });
      for (const stream of [false, true]) {
        const seen: string[] = [];
        const result = await stubbornProvider.complete(
          { ...REQUEST, stream },
          { onFirstToken: () => seen.push('first token') },
        );

        expect(result.text).toBe('The council expands the tram network.');
        expect(result.text).not.toContain('tram extension');
        expect(result.usage.outputTokens).toBe(countWords(thinking) + 6);
        expect(result.usage.reasoningTokens).toBeNull();
        expect(result.warnings).toEqual([expect.stringMatching(/^the model thought/)]);
        expect(seen).toEqual(stream ? ['first token'] : []);
      }
    } finally {
      await stubborn.close();
    }
  });

  it('does not take thinking for the first token', async () => {
    const thinker = await startOllamaServer({
      respond: () => ({ content: 'Trams are coming.', thinking: 'Hmm, what matters here?' }),
      faults: [{ type: 'stall' }],
    });
    try {
      let firstTokens = 0;
      const error = await failure(
        createOllamaProvider({ host: thinker.url }).complete(
          { ...REQUEST, stream: true },
          { signal: AbortSignal.timeout(200), onFirstToken: () => firstTokens++ },
        ),
      );
      // The stall fault sent one line, of thinking, and no answer.
      expect(error.kind).toBe('timeout');
      expect(firstTokens).toBe(0);
    } finally {
      await thinker.close();
    }
  });

  it('strips a leading <think> block that an older server leaves in the content', async () => {
    const old = await startOllamaServer({
      respond: () => ({ content: '<think>\nWhat is the news?\n</think>\n\nTrams are coming.' }),
    });
    try {
      const result = await createOllamaProvider({ host: old.url }).complete(REQUEST);
      expect(result.text).toBe('Trams are coming.');
      expect(result.warnings).toHaveLength(1);
    } finally {
      await old.close();
    }
  });
});

describe('errors', () => {
  it('names the ollama pull command for a model that is not pulled', async () => {
    for (const stream of [false, true]) {
      const error = await failure(provider.complete({ ...REQUEST, model: 'gemma3:27b', stream }));
      expect(error.kind).toBe('not_found');
      expect(error.status).toBe(404);
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(
        `model "gemma3:27b" is not pulled on ${server.url}: run \`ollama pull gemma3:27b\``,
      );
      expect(error.provider).toBe('ollama');
      expect(error.model).toBe('gemma3:27b');
    }
  });

  it('maps a server that is not running to network, saying how to start it', async () => {
    const host = await closedHost();
    const error = await failure(createOllamaProvider({ host }).complete(REQUEST));

    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe(
      `could not connect to ${host} (ECONNREFUSED): is Ollama running at ${host}? ` +
        'start it with `ollama serve` or set OLLAMA_HOST',
    );
  });

  it('maps a dropped connection to network', async () => {
    server.setFaults([{ type: 'disconnect' }]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.kind).toBe('network');
  });

  it('maps 500 to a retryable server error and 503 to overloaded, one request each', async () => {
    server.setFaults([
      { type: 'status', status: 500 },
      { type: 'status', status: 503, message: 'server busy, please try again' },
    ]);

    const serverError = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(serverError.kind).toBe('server');
    expect(serverError.status).toBe(500);
    expect(serverError.retryable).toBe(true);
    expect(serverError.message).toBe('500 injected status 500');

    const busy = await failure(provider.complete(REQUEST));
    expect(busy.kind).toBe('overloaded');
    expect(busy.retryAfterMs).toBeNull();
    expect(server.requests).toHaveLength(2);
  });

  it('maps a 400 about the context to context_length, other 400s to invalid_request', async () => {
    server.setFaults([
      { type: 'status', status: 400, message: 'the input length exceeds the context length' },
      { type: 'status', status: 400, message: 'invalid options: num_predict' },
    ]);

    const context = await failure(provider.complete(REQUEST));
    expect(context.kind).toBe('context_length');
    expect(context.retryable).toBe(false);

    const invalid = await failure(provider.complete(REQUEST));
    expect(invalid.kind).toBe('invalid_request');
    expect(invalid.message).toBe('400 invalid options: num_predict');
  });

  it('gets a too-long prompt refused as context_length instead of silently cut', async () => {
    const small = await startOllamaServer({ contextTokens: 20 });
    try {
      const error = await failure(createOllamaProvider({ host: small.url }).complete(REQUEST));
      expect(small.requests[0]?.body.truncate).toBe(false);
      expect(error.kind).toBe('context_length');
      expect(error.status).toBe(400);
      expect(error.message).toMatch(
        new RegExp(`^400 request \\(${PROMPT_WORDS} tokens\\) exceeds the available context`),
      );
    } finally {
      await small.close();
    }
  });
});

describe('preflight', () => {
  it('asks /api/tags once and tells pulled models from missing ones', async () => {
    const statuses = await provider.preflight?.(['qwen3:8b', 'llama3', 'Qwen3:8B', 'gemma3:27b']);

    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/tags']);
    expect(statuses).toEqual(
      new Map([
        ['qwen3:8b', { available: true, source: server.url }],
        ['llama3', { available: true, source: server.url }],
        ['Qwen3:8B', { available: true, source: server.url }],
        [
          'gemma3:27b',
          {
            available: false,
            reason: `not pulled on ${server.url}: run \`ollama pull gemma3:27b\``,
          },
        ],
      ]),
    );
  });

  it('marks every model unavailable when the server is not running', async () => {
    const host = await closedHost();
    const statuses = await createOllamaProvider({ host }).preflight?.(['qwen3:8b', 'llama3']);
    const reason = `Ollama is not reachable at ${host} ${START_HINT}`;
    expect(statuses).toEqual(
      new Map([
        ['qwen3:8b', { available: false, reason }],
        ['llama3', { available: false, reason }],
      ]),
    );
  });

  it('gives up on a server that does not answer within its timeout', async () => {
    server.setFaults([{ type: 'stall' }]);
    const started = Date.now();
    const statuses = await createOllamaProvider({
      host: server.url,
      preflightTimeoutMs: 150,
    }).preflight?.(['qwen3:8b']);

    expect(statuses?.get('qwen3:8b')).toEqual({
      available: false,
      reason: `Ollama did not answer at ${server.url} within 150 ms ${START_HINT}`,
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('rejects as aborted when the caller aborts, rather than blaming the server', async () => {
    server.setFaults([{ type: 'stall' }]);
    const controller = new AbortController();
    const pending = provider.preflight?.(['qwen3:8b'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending ?? Promise.resolve());
    expect(error.kind).toBe('aborted');
  });
});

describe('canonicalModelName', () => {
  it('resolves names the way Ollama does', () => {
    expect(canonicalModelName('llama3')).toBe('llama3:latest');
    expect(canonicalModelName('qwen3:8b')).toBe('qwen3:8b');
    expect(canonicalModelName('registry.ollama.ai/library/Llama3:latest')).toBe('llama3:latest');
    expect(canonicalModelName('hf.co/bartowski/Phi-4-GGUF')).toBe(
      'hf.co/bartowski/phi-4-gguf:latest',
    );
    expect(canonicalModelName('localhost:5000/team/model')).toBe(
      'localhost:5000/team/model:latest',
    );
  });
});
