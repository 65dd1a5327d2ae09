import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type BedrockServer,
  countWords,
  startBedrockServer,
} from '../../test/servers/bedrock-server.js';
import { type BedrockProviderOptions, createBedrockProvider } from './bedrock.js';
import { bedrockCredentials, type Environment } from './credentials.js';
import { ProviderError } from './errors.js';
import type { CompletionRequest, Provider } from './types.js';

const ARTICLE = [
  'The city council voted on Tuesday to expand the tram network by twelve kilometres,',
  'adding three new lines that will connect the northern suburbs to the harbour district.',
  'Construction is expected to begin next spring and take four years to complete.',
].join(' ');

const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

const REQUEST: CompletionRequest = {
  model: MODEL,
  system: 'You summarize news articles.',
  messages: [{ role: 'user', content: `Summarize this article.\n\n${ARTICLE}` }],
  maxOutputTokens: 200,
};

const PROMPT_WORDS =
  countWords(REQUEST.system ?? '') + countWords(REQUEST.messages[0]?.content ?? '');
const SUMMARY = ARTICLE.split(' ').slice(0, 40).join(' ');

const KEY_ID = 'AKIDLOOPBACK';
const SECRET = 'loopback-secret';
const TOKEN = 'bedrock-api-key-loopback';

const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    faithfulness: { type: 'integer', minimum: 1, maximum: 5 },
    rationale: { type: 'string' },
  },
  required: ['faithfulness', 'rationale'],
  additionalProperties: false,
};

let server: BedrockServer;
let provider: Provider;
let awsDir: string;

function keyed(url: string, extra: Partial<BedrockProviderOptions> = {}): Provider {
  return createBedrockProvider({
    region: 'us-east-1',
    endpoint: url,
    accessKeyId: KEY_ID,
    secretAccessKey: SECRET,
    ...extra,
  });
}

beforeAll(async () => {
  // Nothing the SDK could find on its own may reach beyond 127.0.0.1: no instance metadata, no
  // profiles from the developer's home, no keys from the shell.
  awsDir = mkdtempSync(join(tmpdir(), 'bedrock-test-'));
  writeFileSync(join(awsDir, 'config'), '');
  writeFileSync(join(awsDir, 'credentials'), '');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONFIG_FILE', join(awsDir, 'config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(awsDir, 'credentials'));
  for (const name of [
    'AWS_PROFILE',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_BEARER_TOKEN_BEDROCK',
    'AWS_ENDPOINT_URL',
    'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  ]) {
    vi.stubEnv(name, undefined);
  }

  server = await startBedrockServer({
    accessKeyId: KEY_ID,
    bearerToken: TOKEN,
    cacheReadTokens: 7,
    cacheWriteTokens: 3,
  });
  provider = keyed(server.url);
});

afterEach(() => {
  server.requests.length = 0;
  server.setFaults([]);
});

afterAll(async () => {
  await server.close();
  vi.unstubAllEnvs();
  rmSync(awsDir, { recursive: true, force: true });
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
  it('names the source and the region of each auth form', () => {
    const base = { region: 'eu-west-1', endpoint: server.url };
    expect(createBedrockProvider({ ...base, bearerToken: TOKEN }).credentials()).toEqual({
      available: true,
      source: 'AWS_BEARER_TOKEN_BEDROCK, region eu-west-1',
    });
    expect(
      createBedrockProvider({
        ...base,
        accessKeyId: KEY_ID,
        secretAccessKey: SECRET,
      }).credentials(),
    ).toEqual({ available: true, source: 'AWS_ACCESS_KEY_ID, region eu-west-1' });
    expect(createBedrockProvider({ ...base, profile: 'research' }).credentials()).toEqual({
      available: true,
      source: 'AWS_PROFILE=research, region eu-west-1',
    });
    expect(
      createBedrockProvider({
        ...base,
        profile: 'research',
        credentialSource: 'spec',
      }).credentials(),
    ).toEqual({ available: true, source: 'spec, region eu-west-1' });
  });

  it('decides exactly as bedrockCredentials does for the same environment', () => {
    const envs: Environment[] = [
      {},
      { AWS_REGION: 'us-east-1' },
      { AWS_BEARER_TOKEN_BEDROCK: TOKEN },
      { AWS_BEARER_TOKEN_BEDROCK: TOKEN, AWS_REGION: 'us-west-2' },
      { AWS_ACCESS_KEY_ID: KEY_ID, AWS_REGION: 'us-west-2' },
      { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: 'us-west-2' },
      { AWS_PROFILE: 'dev' },
      { AWS_PROFILE: 'dev', AWS_REGION: 'ap-south-1', AWS_BEARER_TOKEN_BEDROCK: ' ' },
    ];
    for (const env of envs) {
      const adapter = createBedrockProvider({
        region: env.AWS_REGION,
        bearerToken: env.AWS_BEARER_TOKEN_BEDROCK,
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        profile: env.AWS_PROFILE,
      });
      expect(adapter.credentials()).toEqual(bedrockCredentials(env));
    }
  });

  it('fails calls as auth, sending nothing, without credentials or a region', async () => {
    const none = createBedrockProvider({ region: 'us-east-1', endpoint: server.url });
    expect(none.credentials()).toEqual({
      available: false,
      reason:
        'no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE',
    });
    const noRegion = createBedrockProvider({
      region: undefined,
      endpoint: server.url,
      bearerToken: TOKEN,
    });
    expect(noRegion.credentials()).toEqual({
      available: false,
      reason: 'AWS_BEARER_TOKEN_BEDROCK is set but AWS_REGION is not',
    });

    for (const adapter of [none, noRegion]) {
      const error = await failure(adapter.complete(REQUEST));
      expect(error.kind).toBe('auth');
      expect(error.retryable).toBe(false);
    }
    expect(server.requests).toHaveLength(0);
  });
});

describe('plain calls', () => {
  it('returns the text, and counts cache reads and writes into inputTokens', async () => {
    const result = await provider.complete(REQUEST);

    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('end_turn');
    expect(result.responseModel).toBeNull();
    expect(result.warnings).toEqual([]);
    expect(result.usage).toEqual({
      inputTokens: PROMPT_WORDS + 7 + 3,
      outputTokens: 40,
      cachedInputTokens: 7,
      cacheWriteTokens: 3,
      reasoningTokens: null,
      raw: {
        inputTokens: PROMPT_WORDS,
        outputTokens: 40,
        totalTokens: PROMPT_WORDS + 40 + 10,
        cacheReadInputTokens: 7,
        cacheWriteInputTokens: 3,
      },
    });
  });

  it('sends a cross-region profile id to its path, with system prompt and config', async () => {
    await provider.complete({ ...REQUEST, temperature: 0.2 });

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request?.path).toBe('/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse');
    expect(request?.modelId).toBe(MODEL);
    expect(request?.body).toEqual({
      system: [{ text: 'You summarize news articles.' }],
      messages: [{ role: 'user', content: [{ text: REQUEST.messages[0]?.content }] }],
      inferenceConfig: { maxTokens: 200, temperature: 0.2 },
    });
  });

  it('signs with SigV4 for the bedrock service when given access keys', async () => {
    await keyed(server.url, { sessionToken: 'session-1' }).complete(REQUEST);

    const request = server.requests[0];
    expect(request?.auth).toEqual({
      scheme: 'sigv4',
      accessKeyId: KEY_ID,
      region: 'us-east-1',
      service: 'bedrock',
    });
    expect(request?.headers['x-amz-security-token']).toBe('session-1');
  });

  it('keeps every count the server leaves out as null, never 0', async () => {
    const sparse = await startBedrockServer({
      respond: () => ({ text: 'Short.', usage: { inputTokens: 12, outputTokens: 3 } }),
    });
    const none = await startBedrockServer({ respond: () => ({ text: 'Short.', usage: null }) });
    try {
      const sparseResult = await keyed(sparse.url).complete(REQUEST);
      expect(sparseResult.usage).toEqual({
        inputTokens: 12,
        outputTokens: 3,
        cachedInputTokens: null,
        cacheWriteTokens: null,
        reasoningTokens: null,
        raw: { inputTokens: 12, outputTokens: 3 },
      });

      const noneResult = await keyed(none.url).complete(REQUEST);
      expect(noneResult.usage.inputTokens).toBeNull();
      expect(noneResult.usage.outputTokens).toBeNull();
      expect(noneResult.usage.raw).toBeNull();
    } finally {
      await sparse.close();
      await none.close();
    }
  });

  it('asks for a schema through one forced tool and returns its input as JSON', async () => {
    const result = await provider.complete({
      ...REQUEST,
      responseSchema: { name: 'judge.verdict', schema: VERDICT_SCHEMA },
    });

    expect(server.requests[0]?.body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'judge_verdict', inputSchema: { json: VERDICT_SCHEMA } } }],
      toolChoice: { tool: { name: 'judge_verdict' } },
    });
    expect(result.finishReason).toBe('tool_use');
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

  it('turns a guardrail or content filter stop into a content_filter error', async () => {
    const filtered = await startBedrockServer({
      respond: (request) => ({
        text: '',
        stopReason: request.operation === 'converse' ? 'guardrail_intervened' : 'content_filtered',
      }),
    });
    try {
      const filteredProvider = keyed(filtered.url);
      const error = await failure(filteredProvider.complete(REQUEST));
      expect(error.kind).toBe('content_filter');
      expect(error.retryable).toBe(false);

      const streamed = await failure(filteredProvider.complete({ ...REQUEST, stream: true }));
      expect(streamed.kind).toBe('content_filter');
    } finally {
      await filtered.close();
    }
  });

  it('names the model a prompt router picked', async () => {
    const routed = await startBedrockServer({
      respond: () => ({
        text: 'Routed.',
        trace: { promptRouter: { invokedModelId: 'anthropic.claude-3-haiku-20240307-v1:0' } },
      }),
    });
    try {
      const plain = await keyed(routed.url).complete(REQUEST);
      const streamed = await keyed(routed.url).complete({ ...REQUEST, stream: true });
      expect(plain.responseModel).toBe('anthropic.claude-3-haiku-20240307-v1:0');
      expect(streamed.responseModel).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    } finally {
      await routed.close();
    }
  });
});

describe('streamed calls', () => {
  it('fires onFirstToken once, assembles the text and takes usage from metadata', async () => {
    let firstTokens = 0;
    const result = await provider.complete(
      { ...REQUEST, stream: true },
      { onFirstToken: () => firstTokens++ },
    );

    expect(firstTokens).toBe(1);
    expect(result.text).toBe(SUMMARY);
    expect(result.finishReason).toBe('end_turn');
    expect(result.usage).toMatchObject({
      inputTokens: PROMPT_WORDS + 10,
      outputTokens: 40,
      cachedInputTokens: 7,
      cacheWriteTokens: 3,
    });
    expect(server.requests[0]?.path).toBe(
      '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse-stream',
    );
  });

  it('accumulates streamed tool input into the same JSON a plain call returns', async () => {
    const responseSchema = { name: 'verdict', schema: VERDICT_SCHEMA };
    let firstTokens = 0;
    const streamed = await provider.complete(
      { ...REQUEST, stream: true, responseSchema },
      { onFirstToken: () => firstTokens++ },
    );
    const plain = await provider.complete({ ...REQUEST, responseSchema });

    expect(firstTokens).toBe(1);
    expect(streamed.text).toBe(plain.text);
    expect(JSON.parse(streamed.text)).toMatchObject({ faithfulness: 4 });
    expect(server.requests[0]?.body.toolConfig.toolChoice).toEqual({ tool: { name: 'verdict' } });
  });

  it('keeps a streamed reply cut at the token limit, with a warning', async () => {
    const result = await provider.complete({ ...REQUEST, stream: true, maxOutputTokens: 4 });
    expect(result.finishReason).toBe('max_tokens');
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

  it('fails a stream that ends without messageStop and metadata as truncated', async () => {
    server.setFaults([{ type: 'truncate' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('the stream ended without messageStop or metadata');
  });

  it('fails a stream whose connection is cut mid-body as truncated', async () => {
    server.setFaults([{ type: 'reset' }]);
    const error = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(error.kind).toBe('truncated');
    expect(error.message).toMatch(/broke off/);
  });

  it('maps an exception event inside the stream by its type', async () => {
    server.setFaults([
      { type: 'stream_exception' },
      { type: 'stream_exception', exceptionType: 'modelStreamErrorException', message: 'boom' },
      {
        type: 'stream_exception',
        exceptionType: 'validationException',
        message: 'Input is too long for requested model.',
      },
    ]);

    const throttled = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(throttled.kind).toBe('rate_limit');
    expect(throttled.status).toBeNull();
    expect(throttled.retryable).toBe(true);
    expect(throttled.message).toBe(
      'error in the stream: ThrottlingException: Too many requests, please wait before trying again.',
    );

    const modelError = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(modelError.kind).toBe('server');
    const tooLong = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(tooLong.kind).toBe('context_length');
  });
});

describe('auth', () => {
  it('sends a Bedrock API key as Authorization: Bearer, without signing', async () => {
    const bearer = createBedrockProvider({
      region: 'us-east-1',
      endpoint: server.url,
      bearerToken: TOKEN,
    });
    const result = await bearer.complete({ ...REQUEST, stream: true });

    expect(result.text).toBe(SUMMARY);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.headers['x-amz-date']).toBeUndefined();
  });

  it('signs with its keys even when the SDK would take a bearer token from env', async () => {
    vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'token-from-the-shell');
    try {
      // A fresh client: the SDK reads its auth scheme preference once, at the first call.
      await keyed(server.url).complete(REQUEST);
    } finally {
      vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', undefined);
    }
    expect(server.requests[0]?.auth).toMatchObject({ scheme: 'sigv4', accessKeyId: KEY_ID });
  });

  it('maps a wrong access key to auth, not retryable, with what to check', async () => {
    const wrong = keyed(server.url, { accessKeyId: 'AKIDWRONG' });
    const error = await failure(wrong.complete(REQUEST));

    expect(error.kind).toBe('auth');
    expect(error.status).toBe(403);
    expect(error.retryable).toBe(false);
    expect(error.provider).toBe('bedrock');
    expect(error.model).toBe(MODEL);
    expect(error.message).toBe(
      '403 UnrecognizedClientException: The security token included in the request is invalid. ' +
        '(check AWS_ACCESS_KEY_ID, and model access in the Bedrock console)',
    );
  });

  it('maps a wrong bearer token and a denied model to auth', async () => {
    const wrong = createBedrockProvider({
      region: 'us-east-1',
      endpoint: server.url,
      bearerToken: 'not-the-key',
    });
    const badToken = await failure(wrong.complete(REQUEST));
    expect(badToken.kind).toBe('auth');
    expect(badToken.message).toMatch(/check AWS_BEARER_TOKEN_BEDROCK, and model access/);

    server.setFaults([{ type: 'status', status: 403 }]);
    const denied = await failure(provider.complete(REQUEST));
    expect(denied.kind).toBe('auth');
    expect(denied.message).toMatch(/^403 AccessDeniedException: You don't have access/);
  });

  it('maps a profile that does not resolve to auth, without any request', async () => {
    const profiled = createBedrockProvider({
      region: 'us-east-1',
      endpoint: server.url,
      profile: 'missing',
    });
    const error = await failure(profiled.complete(REQUEST));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(
      /^could not load AWS credentials: .*\(check AWS_PROFILE=missing\)$/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('errors', () => {
  it('maps 429 ThrottlingException to rate_limit with retry-after, in one request', async () => {
    server.setFaults([
      { type: 'status', status: 429 },
      { type: 'status', status: 429 },
    ]);
    const error = await failure(provider.complete(REQUEST));

    expect(error.kind).toBe('rate_limit');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(1000);
    expect(error.retryable).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('maps 503 and ModelNotReadyException to overloaded, each in one request', async () => {
    server.setFaults([
      { type: 'status', status: 503 },
      { type: 'status', status: 429, errorType: 'ModelNotReadyException', headers: {} },
    ]);
    const unavailable = await failure(provider.complete({ ...REQUEST, stream: true }));
    expect(unavailable.kind).toBe('overloaded');
    expect(unavailable.status).toBe(503);
    expect(server.requests).toHaveLength(1);

    const notReady = await failure(provider.complete(REQUEST));
    expect(notReady.kind).toBe('overloaded');
    expect(notReady.retryAfterMs).toBeNull();
    expect(server.requests).toHaveLength(2);
  });

  it('maps 500 to server and ModelTimeoutException to timeout, both retryable', async () => {
    server.setFaults([
      { type: 'status', status: 500 },
      { type: 'status', status: 408 },
    ]);
    const internal = await failure(provider.complete(REQUEST));
    expect(internal.kind).toBe('server');
    expect(internal.status).toBe(500);
    expect(internal.retryable).toBe(true);

    const modelTimeout = await failure(provider.complete(REQUEST));
    expect(modelTimeout.kind).toBe('timeout');
    expect(modelTimeout.retryable).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('maps a too-long prompt to context_length, other validation to invalid_request', async () => {
    server.setFaults([
      { type: 'status', status: 400 },
      {
        type: 'status',
        status: 400,
        message: 'Malformed input request: too many input tokens, please reformat your input',
      },
      {
        type: 'status',
        status: 400,
        message: 'The model returned the following errors: temperature: range: 0..1',
      },
    ]);

    const tooLong = await failure(provider.complete(REQUEST));
    expect(tooLong.kind).toBe('context_length');
    expect(tooLong.retryable).toBe(false);
    expect(tooLong.message).toBe('400 ValidationException: Input is too long for requested model.');
    const tooManyTokens = await failure(provider.complete(REQUEST));
    expect(tooManyTokens.kind).toBe('context_length');
    const invalid = await failure(provider.complete(REQUEST));
    expect(invalid.kind).toBe('invalid_request');
  });

  it('maps ResourceNotFoundException to not_found', async () => {
    server.setFaults([{ type: 'status', status: 404 }]);
    const error = await failure(provider.complete(REQUEST));
    expect(error.kind).toBe('not_found');
  });

  it('maps a dropped connection and an unreachable server to network', async () => {
    server.setFaults([{ type: 'disconnect' }]);
    const dropped = await failure(provider.complete(REQUEST));
    expect(dropped.kind).toBe('network');
    expect(server.requests).toHaveLength(1);

    const gone = await startBedrockServer();
    const url = gone.url;
    await gone.close();
    const unreachable = await failure(keyed(url).complete(REQUEST));
    expect(unreachable.kind).toBe('network');
    expect(unreachable.message).toMatch(/^could not reach Bedrock: .*ECONNREFUSED/);
  });
});

describe('transport', () => {
  it('reuses one HTTP/1.1 connection for sequential plain and streamed calls', async () => {
    const own = await startBedrockServer();
    try {
      const adapter = keyed(own.url);
      for (let i = 0; i < 3; i++) {
        await adapter.complete(REQUEST);
        await adapter.complete({ ...REQUEST, stream: true });
      }
      expect(own.requests).toHaveLength(6);
      expect(own.requests.map((request) => request.httpVersion)).toEqual(Array(6).fill('1.1'));
      expect(own.connections).toBe(1);
    } finally {
      await own.close();
    }
  });

  it('the loopback server also answers the SDK default transport, HTTP/2 cleartext', async () => {
    const client = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: server.url,
      maxAttempts: 1,
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
    try {
      const response = await client.send(
        new ConverseCommand({
          modelId: MODEL,
          messages: [{ role: 'user', content: [{ text: ARTICLE }] }],
        }),
      );
      expect(response.output?.message?.content?.[0]?.text).toBe(SUMMARY);
      expect(server.requests[0]?.httpVersion).toBe('2.0');
      expect(server.requests[0]?.headers[':authority']).toBeDefined();
    } finally {
      client.destroy();
    }
  });
});
