/**
 * The adapter for Amazon Bedrock's Converse and ConverseStream APIs, through the official
 * `@aws-sdk/client-bedrock-runtime`. One client per provider, SDK retries off (the runner owns
 * the one retry policy), credentials always given explicitly so the SDK's default chain, and
 * with it the instance metadata service, is never walked to decide anything.
 */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  CountTokensCommand,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  describeProbeError,
  type ErrorKind,
  kindFromStatus,
  looksLikeContextLength,
  ProviderError,
  type ProviderErrorFields,
  parseRetryAfterMs,
} from './errors.js';
import {
  type CallOptions,
  type CompletionRequest,
  type CompletionResult,
  type CredentialStatus,
  emptyUsage,
  MAX_TOKENS_WARNING,
  type Provider,
  type Usage,
} from './types.js';

export interface BedrockProviderOptions {
  /** Absent or empty: the provider reports its credentials unavailable. */
  region: string | undefined;
  /** Replaces the regional endpoint (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, a loopback server). */
  endpoint?: string;
  /** A Bedrock API key, sent as `Authorization: Bearer`; preferred over every other form. */
  bearerToken?: string;
  /** Access keys, used (with the session token, if any) when there is no bearer token. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** A profile of the shared AWS config files, used when there is neither of the above. */
  profile?: string;
  /** Where the credentials came from (`AWS_BEARER_TOKEN_BEDROCK`, ...), named in messages. */
  credentialSource?: string;
}

type Auth =
  | { form: 'bearer'; token: string }
  | { form: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { form: 'profile'; profile: string };

/** Which call an error belongs to, for the fields of `ProviderError`. */
interface CallContext {
  provider: string;
  model: string;
  signal: AbortSignal | undefined;
  credentialSource: string | undefined;
}

const NAME = 'bedrock';
const NO_CREDENTIALS =
  'no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE';
const AUTH_HINT = 'and model access in the Bedrock console';

export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  const region = nonEmpty(options.region);
  const auth = chooseAuth(options);
  const source = auth ? (options.credentialSource ?? defaultSource(auth)) : undefined;

  let status: CredentialStatus;
  if (!auth || source === undefined) status = { available: false, reason: NO_CREDENTIALS };
  else if (!region) status = { available: false, reason: `${source} is set but AWS_REGION is not` };
  else status = { available: true, source: `${source}, region ${region}` };

  const client = status.available && auth && region ? createClient(options, auth, region) : null;

  return {
    name: NAME,

    credentials() {
      return status;
    },

    async probe(model, probeOptions = {}) {
      if (client === null || !status.available) {
        return { ok: false, detail: status.available ? NO_CREDENTIALS : status.reason };
      }
      // CountTokens is free. Bedrock checks credentials before it validates the request, so a
      // ValidationException (CountTokens does not take every inference profile id) still says
      // the endpoint answered and accepted the credentials.
      const command = new CountTokensCommand({
        modelId: model,
        input: { converse: { messages: [{ role: 'user', content: [{ text: 'ping' }] }] } },
      });
      const context = {
        provider: NAME,
        model,
        signal: probeOptions.signal,
        credentialSource: source,
      };
      try {
        await client.send(command, { abortSignal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const mapped = toProviderError(error, context);
        if (mapped.kind === 'invalid_request') {
          return { ok: true, detail: `answers; credentials accepted (${mapped.message})` };
        }
        return { ok: false, detail: describeProbeError(mapped) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: NAME,
        model: request.model,
        signal: callOptions.signal,
        credentialSource: source,
      };
      if (client === null || !status.available) {
        const message = status.available ? NO_CREDENTIALS : status.reason;
        throw failure(context, { kind: 'auth', message });
      }

      try {
        return request.stream
          ? await streamCompletion(client, request, callOptions, context)
          : await plainCompletion(client, request, callOptions, context);
      } catch (error) {
        throw toProviderError(error, context);
      }
    },
  };
}

function chooseAuth(options: BedrockProviderOptions): Auth | null {
  const token = nonEmpty(options.bearerToken);
  if (token) return { form: 'bearer', token };
  const accessKeyId = nonEmpty(options.accessKeyId);
  const secretAccessKey = nonEmpty(options.secretAccessKey);
  if (accessKeyId && secretAccessKey) {
    const sessionToken = nonEmpty(options.sessionToken);
    return { form: 'keys', accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  }
  const profile = nonEmpty(options.profile);
  return profile ? { form: 'profile', profile } : null;
}

function defaultSource(auth: Auth): string {
  if (auth.form === 'bearer') return 'AWS_BEARER_TOKEN_BEDROCK';
  if (auth.form === 'keys') return 'AWS_ACCESS_KEY_ID';
  return `AWS_PROFILE=${auth.profile}`;
}

function createClient(
  options: BedrockProviderOptions,
  auth: Auth,
  region: string,
): BedrockRuntimeClient {
  // HTTP/1.1 keep-alive rather than the SDK's default HTTP/2: its HTTP/2 handler gives every
  // event-stream call (ConverseStream) a session of its own even with concurrent streams on, so
  // only HTTP/1.1 reuses connections for streamed and plain calls alike. Bedrock serves
  // Converse and ConverseStream over HTTP/1.1; only bidirectional streaming needs HTTP/2.
  // No socket cap: the runner bounds concurrency, and an agent queue would count as latency.
  const agent = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY };
  const requestHandler = new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent });

  // The auth scheme is pinned both ways: the SDK would otherwise switch to bearer auth whenever
  // AWS_BEARER_TOKEN_BEDROCK is in the environment, whatever this provider was given.
  let authConfig: BedrockRuntimeClientConfig;
  if (auth.form === 'bearer') {
    authConfig = { token: { token: auth.token }, authSchemePreference: ['httpBearerAuth'] };
  } else if (auth.form === 'keys') {
    const { accessKeyId, secretAccessKey, sessionToken } = auth;
    authConfig = {
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) },
      authSchemePreference: ['sigv4'],
    };
  } else {
    // Known shortcoming: the SDK resolves a profile through its own chain, which falls through
    // to the instance metadata service when the profile does not resolve, unless
    // AWS_EC2_METADATA_DISABLED is set.
    authConfig = { profile: auth.profile, authSchemePreference: ['sigv4'] };
  }

  // Not pinned: FIPS and dual-stack endpoint settings still come from the SDK's env and config.
  return new BedrockRuntimeClient({
    region,
    ...(options.endpoint && { endpoint: options.endpoint }),
    // The edge already maps AWS_ENDPOINT_URL_BEDROCK_RUNTIME to `endpoint`; the SDK must not
    // apply it (or AWS_ENDPOINT_URL) a second time behind this provider's back.
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: 1,
    retryMode: 'standard',
    requestHandler,
    ...authConfig,
  });
}

/** Bedrock tool names allow `[a-zA-Z0-9_-]{1,64}`. */
function toolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'respond' : cleaned;
}

function buildInput(request: CompletionRequest): ConverseCommandInput {
  const input: ConverseCommandInput = {
    modelId: request.model,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: [{ text: message.content }],
    })),
  };
  // Bedrock rejects a blank text block, so an empty system prompt is left out.
  if (request.system) input.system = [{ text: request.system }];

  const inferenceConfig: NonNullable<ConverseCommandInput['inferenceConfig']> = {};
  if (request.maxOutputTokens !== undefined) inferenceConfig.maxTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) inferenceConfig.temperature = request.temperature;
  if (Object.keys(inferenceConfig).length > 0) input.inferenceConfig = inferenceConfig;

  if (request.responseSchema !== undefined) {
    // Structured output through one forced tool. Known shortcoming: model families without
    // specific tool choice (Llama, some Mistral) answer this with a ValidationException.
    const name = toolName(request.responseSchema.name);
    input.toolConfig = {
      tools: [
        { toolSpec: { name, inputSchema: { json: request.responseSchema.schema as never } } },
      ],
      toolChoice: { tool: { name } },
    };
  }
  return input;
}

async function plainCompletion(
  client: BedrockRuntimeClient,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.send(new ConverseCommand(buildInput(request)), {
    abortSignal: options.signal,
  });
  const content = response.output?.message?.content ?? [];
  return finish(
    {
      text: replyText(content),
      stopReason: response.stopReason ?? null,
      usage: response.usage,
      responseModel: response.trace?.promptRouter?.invokedModelId ?? null,
    },
    context,
  );
}

/** The JSON of the first toolUse block (a structured reply), else the text blocks joined. */
function replyText(content: ContentBlock[]): string {
  const toolUse = content.find((block) => block.toolUse !== undefined)?.toolUse;
  if (toolUse) return JSON.stringify(toolUse.input ?? {});
  return content.map((block) => block.text ?? '').join('');
}

async function streamCompletion(
  client: BedrockRuntimeClient,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.send(new ConverseStreamCommand(buildInput(request)), {
    abortSignal: options.signal,
  });
  if (response.stream === undefined) {
    throw failure(context, { kind: 'server', message: 'the reply had no event stream' });
  }

  const parts: string[] = [];
  const toolInput: string[] = [];
  let stopReason: string | null = null;
  let stopped = false;
  let metadataSeen = false;
  let usage: TokenUsage | undefined;
  let responseModel: string | null = null;
  let firstTokenSeen = false;

  try {
    for await (const event of response.stream) {
      // Text and tool input are both generated tokens: the first of either is the first token.
      const piece =
        event.contentBlockDelta?.delta?.text ?? event.contentBlockDelta?.delta?.toolUse?.input;
      if (piece) {
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        if (event.contentBlockDelta?.delta?.text !== undefined) parts.push(piece);
        else toolInput.push(piece);
      }
      if (event.messageStop) {
        stopped = true;
        stopReason = event.messageStop.stopReason ?? null;
      }
      if (event.metadata) {
        metadataSeen = true;
        usage = event.metadata.usage;
        responseModel = event.metadata.trace?.promptRouter?.invokedModelId ?? responseModel;
      }
    }
  } catch (error) {
    // An exception event inside the stream arrives as a modelled exception (it has `$fault`);
    // anything else thrown mid-stream (a reset, a half-written frame) means the body broke off.
    if (isServiceException(error) || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // Over HTTP/2 the SDK ends the loop silently, with partial text, when the call is aborted.
  if (options.signal?.aborted) throw abortError(context);
  if (!stopped || !metadataSeen) {
    const missing = [!stopped && 'messageStop', !metadataSeen && 'metadata'].filter(Boolean);
    throw failure(context, {
      kind: 'truncated',
      message: `the stream ended without ${missing.join(' or ')}`,
    });
  }

  const text = toolInput.length > 0 ? normalizeJson(toolInput.join('')) : parts.join('');
  return finish({ text, stopReason, usage, responseModel }, context);
}

/** Streamed tool input is a JSON string in pieces; compact it as the plain call's reply is. */
function normalizeJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw === '' ? '{}' : raw));
  } catch {
    return raw;
  }
}

interface Reply {
  text: string;
  stopReason: string | null;
  usage: TokenUsage | undefined;
  responseModel: string | null;
}

function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.stopReason === 'guardrail_intervened' || reply.stopReason === 'content_filtered') {
    const message = `the reply was stopped by a content filter (stopReason ${reply.stopReason})`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.stopReason === 'max_tokens') warnings.push(MAX_TOKENS_WARNING);
  if (reply.stopReason === 'model_context_window_exceeded') {
    warnings.push("output hit the model's context window");
  }
  if (reply.stopReason === 'malformed_tool_use' || reply.stopReason === 'malformed_model_output') {
    warnings.push(`the model's output was malformed (stopReason ${reply.stopReason})`);
  }
  return {
    text: reply.text,
    usage: mapUsage(reply.usage),
    finishReason: reply.stopReason,
    responseModel: reply.responseModel,
    warnings,
  };
}

/**
 * Bedrock's `inputTokens` leaves out the prompt tokens read from or written to the cache; the
 * harness counts every prompt token, so those are added back. A field it left out stays null.
 */
export function mapUsage(usage: TokenUsage | null | undefined): Usage {
  if (usage == null) return emptyUsage(null);
  const uncached = countOrNull(usage.inputTokens);
  const cacheRead = countOrNull(usage.cacheReadInputTokens);
  const cacheWrite = countOrNull(usage.cacheWriteInputTokens);
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: countOrNull(usage.outputTokens),
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: null,
    raw: usage,
  };
}

function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** What the SDK's modelled and unmodelled service exceptions carry. */
interface ServiceException {
  name: string;
  message: string;
  $fault: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function isServiceException(error: unknown): error is ServiceException {
  return typeof error === 'object' && error !== null && '$fault' in error;
}

const KIND_BY_EXCEPTION: Readonly<Record<string, ErrorKind>> = {
  ThrottlingException: 'rate_limit',
  ServiceQuotaExceededException: 'rate_limit',
  ServiceUnavailableException: 'overloaded',
  ModelNotReadyException: 'overloaded',
  ModelTimeoutException: 'timeout',
  InternalServerException: 'server',
  ModelErrorException: 'server',
  ModelStreamErrorException: 'server',
  AccessDeniedException: 'auth',
  UnrecognizedClientException: 'auth',
  InvalidSignatureException: 'auth',
  IncompleteSignatureException: 'auth',
  MissingAuthenticationTokenException: 'auth',
  ExpiredTokenException: 'auth',
  ResourceNotFoundException: 'not_found',
  ConflictException: 'invalid_request',
};

/** Bedrock's model families word a too-long prompt each their own way. */
const BEDROCK_CONTEXT_PATTERNS = [/too many (input )?tokens/i, /input tokens? exceed/i];

function toProviderError(error: unknown, context: CallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  // Whatever the SDK or the socket threw, an aborted signal is the real cause.
  if (context.signal?.aborted) return abortError(context, error);
  if (isServiceException(error)) return fromServiceException(error, context);

  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: unknown } | null)?.code;
  // Checked before the name: the HTTP/1.1 handler renames ECONNRESET and friends TimeoutError.
  if (typeof code === 'string') {
    const message = `could not reach Bedrock: ${errorMessage(error)}`;
    return failure(context, { kind: 'network', message, cause: error });
  }
  if (name === 'TimeoutError') {
    return failure(context, { kind: 'timeout', message: errorMessage(error), cause: error });
  }
  if (name === 'CredentialsProviderError') {
    const check = context.credentialSource ?? 'AWS_PROFILE';
    const message = `could not load AWS credentials: ${errorMessage(error)} (check ${check})`;
    return failure(context, { kind: 'auth', message, cause: error });
  }
  if (name === 'SyntaxError') {
    const message = `could not parse the reply: ${errorMessage(error).split('\n')[0]}`;
    return failure(context, { kind: 'server', message, cause: error });
  }
  return failure(context, { kind: 'unknown', message: errorMessage(error), cause: error });
}

function fromServiceException(error: ServiceException, context: CallContext): ProviderError {
  // Exceptions inside an event stream have no HTTP status of their own.
  const status = error.$metadata?.httpStatusCode ?? null;
  const kind = kindOfException(error, status);
  const headers = error.$response?.headers ?? {};
  const retryAfterMs = parseRetryAfterMs(headers['retry-after'], headers['retry-after-ms']);

  const described = `${error.name}: ${error.message}`;
  let message = status === null ? `error in the stream: ${described}` : `${status} ${described}`;
  if (kind === 'auth') {
    const check = context.credentialSource ?? 'AWS_BEARER_TOKEN_BEDROCK or the AWS keys';
    message += ` (check ${check}, ${AUTH_HINT})`;
  }
  return failure(context, { kind, message, status, retryAfterMs, cause: error });
}

function kindOfException(error: ServiceException, status: number | null): ErrorKind {
  if (error.name === 'ValidationException' || (status === 400 && !KIND_BY_EXCEPTION[error.name])) {
    const tooLong =
      looksLikeContextLength(error.message) ||
      BEDROCK_CONTEXT_PATTERNS.some((pattern) => pattern.test(error.message));
    return tooLong ? 'context_length' : 'invalid_request';
  }
  const known = KIND_BY_EXCEPTION[error.name];
  if (known) return known;
  if (status !== null) return kindFromStatus(status);
  return error.$fault === 'server' ? 'server' : 'unknown';
}

function abortError(context: CallContext, cause?: unknown): ProviderError {
  const reason: unknown = context.signal?.reason;
  const timedOut =
    typeof reason === 'object' &&
    reason !== null &&
    (reason as { name?: unknown }).name === 'TimeoutError';
  return failure(context, {
    kind: timedOut ? 'timeout' : 'aborted',
    message: timedOut
      ? 'the call hit its deadline before the reply finished'
      : 'the call was aborted',
    cause: cause ?? reason,
  });
}

type FailureFields = Omit<ProviderErrorFields, 'provider' | 'model'>;

function failure(context: CallContext, fields: FailureFields): ProviderError {
  return new ProviderError({ provider: context.provider, model: context.model, ...fields });
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
