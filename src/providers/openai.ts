/**
 * The adapter for the OpenAI chat completions API and every endpoint that speaks it, through the
 * official `openai` SDK. SDK retries are off: the runner owns the one retry policy.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
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
  emptyUsage,
  MAX_TOKENS_WARNING,
  type Provider,
  type Usage,
} from './types.js';

export interface OpenAIProviderOptions {
  /** The provider name in model ids: `openai`, or a named OpenAI-compatible endpoint. */
  name?: string;
  /** Absent or empty: the provider reports its credentials unavailable. */
  apiKey: string | undefined;
  /** Ends in `/v1`. Defaults to the OpenAI API; the SDK's own env lookup is bypassed. */
  baseURL?: string;
  /** Where the key came from (`OPENAI_API_KEY`, say), named in credentials and auth errors. */
  apiKeySource?: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
  /**
   * For OpenAI-compatible servers that differ from the OpenAI API: many take only `max_tokens`,
   * and some ignore `stream_options` and send no usage. With `usageRequired: false` such a
   * stream is accepted, its token counts (so its cost) stay unknown and the row says so.
   */
  compat?: { maxTokensParam?: 'max_completion_tokens' | 'max_tokens'; usageRequired?: boolean };
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

type ChatParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
type SdkUsage = OpenAI.CompletionUsage;

/** Which call an error belongs to, for the fields of `ProviderError`. */
interface CallContext {
  provider: string;
  model: string;
  signal: AbortSignal | undefined;
  keySource: string | undefined;
  maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  usageRequired: boolean;
}

const NO_USAGE_WARNING = 'the server sent no usage, so tokens and cost are unknown';

export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const name = options.name ?? 'openai';
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const keySource = options.apiKeySource ?? (name === 'openai' ? 'OPENAI_API_KEY' : undefined);

  const missingKeyReason = keySource
    ? `${keySource} is not set`
    : `no API key configured for the "${name}" endpoint`;

  // Every option the SDK would otherwise read from process.env is given explicitly. Not
  // covered: the SDK still merges OPENAI_CUSTOM_HEADERS into every request when that is set.
  const client =
    apiKey === undefined
      ? null
      : new OpenAI({
          apiKey,
          baseURL: options.baseURL ?? DEFAULT_BASE_URL,
          organization: null,
          project: null,
          adminAPIKey: null,
          webhookSecret: null,
          maxRetries: 0,
          logLevel: 'off',
          ...(options.fetch && { fetch: options.fetch }),
        });

  return {
    name,

    credentials() {
      if (apiKey !== undefined) return { available: true, source: keySource ?? 'apiKey option' };
      return { available: false, reason: missingKeyReason };
    },

    async probe(model, probeOptions = {}) {
      if (client === null) return { ok: false, detail: missingKeyReason };
      try {
        await client.models.retrieve(model, { signal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const context = probeContext(name, model, probeOptions.signal, keySource);
        return { ok: false, detail: describeProbeError(toProviderError(error, context)) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        signal: callOptions.signal,
        keySource,
        maxTokensParam: options.compat?.maxTokensParam ?? 'max_completion_tokens',
        usageRequired: options.compat?.usageRequired ?? true,
      };
      if (client === null) throw failure(context, { kind: 'auth', message: missingKeyReason });

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

function buildParams(request: CompletionRequest, context: CallContext): ChatParams {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(message);

  const params: ChatParams = { model: request.model, messages };
  if (request.maxOutputTokens !== undefined)
    params[context.maxTokensParam] = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.responseSchema !== undefined) {
    params.response_format = {
      type: 'json_schema',
      json_schema: {
        name: request.responseSchema.name,
        schema: request.responseSchema.schema,
        strict: true,
      },
    };
  }
  return params;
}

async function plainCompletion(
  client: OpenAI,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const completion = await client.chat.completions.create(buildParams(request, context), {
    signal: options.signal,
  });
  const choice = completion.choices[0];
  if (choice === undefined) {
    throw failure(context, { kind: 'server', message: 'the reply had no choices' });
  }

  return finish(
    {
      text: choice.message.content ?? '',
      refusal: choice.message.refusal ?? null,
      finishReason: choice.finish_reason ?? null,
      responseModel: completion.model ?? null,
      usage: completion.usage,
    },
    context,
  );
}

async function streamCompletion(
  client: OpenAI,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream = await client.chat.completions.create(
    { ...buildParams(request, context), stream: true, stream_options: { include_usage: true } },
    { signal: options.signal },
  );

  const parts: string[] = [];
  let refusal: string | null = null;
  let finishReason: string | null = null;
  let responseModel: string | null = null;
  let usage: SdkUsage | undefined;
  let firstTokenSeen = false;

  try {
    for await (const chunk of stream) {
      if (chunk.model) responseModel = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice === undefined) continue;

      const piece = choice.delta?.content;
      if (piece) {
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        parts.push(piece);
      }
      if (choice.delta?.refusal) refusal = (refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  } catch (error) {
    // An error event inside the stream arrives as an APIError; anything else thrown mid-stream
    // (undici's "terminated", a half-written chunk) means the connection was cut.
    if (error instanceof APIError || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // The SDK ends the loop silently, with partial text, on an abort or a cut connection.
  if (options.signal?.aborted) throw abortError(context);
  if (finishReason === null) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without a finish_reason',
    });
  }
  if (usage === undefined && context.usageRequired) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without its usage chunk',
    });
  }

  return finish({ text: parts.join(''), refusal, finishReason, responseModel, usage }, context);
}

interface Reply {
  text: string;
  refusal: string | null;
  finishReason: string | null;
  responseModel: string | null;
  usage: SdkUsage | undefined;
}

function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.finishReason === 'content_filter') {
    const message = 'the reply was stopped by the content filter (finish_reason content_filter)';
    throw failure(context, { kind: 'content_filter', message });
  }
  if (reply.refusal && !reply.text) {
    const message = `the model refused: ${reply.refusal}`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.finishReason === 'length') warnings.push(MAX_TOKENS_WARNING);
  if (reply.usage == null) warnings.push(NO_USAGE_WARNING);
  return {
    text: reply.text,
    usage: mapUsage(reply.usage),
    finishReason: reply.finishReason,
    responseModel: reply.responseModel,
    warnings,
  };
}

/** Copies the counts the server sent; a field it left out stays null. */
export function mapUsage(usage: SdkUsage | null | undefined): Usage {
  if (usage == null) return emptyUsage(null);
  return {
    inputTokens: countOrNull(usage.prompt_tokens),
    outputTokens: countOrNull(usage.completion_tokens),
    cachedInputTokens: countOrNull(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: countOrNull(usage.prompt_tokens_details?.cache_write_tokens),
    reasoningTokens: countOrNull(usage.completion_tokens_details?.reasoning_tokens),
    raw: usage,
  };
}

function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function toProviderError(error: unknown, context: CallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  // Whatever the SDK or fetch threw, an aborted signal is the real cause.
  if (context.signal?.aborted || error instanceof APIUserAbortError) {
    return abortError(context, error);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return failure(context, {
      kind: 'timeout',
      message: 'the request timed out before the response headers arrived',
      cause: error,
    });
  }
  if (error instanceof APIConnectionError) {
    const message = `could not reach the server: ${errorMessage(error.cause ?? error)}`;
    return failure(context, { kind: 'network', message, cause: error });
  }
  if (error instanceof APIError) return fromApiError(error, context);

  return failure(context, { kind: 'unknown', message: errorMessage(error), cause: error });
}

function fromApiError(error: APIError, context: CallContext): ProviderError {
  const status = error.status ?? null;
  const kind = status === null ? kindFromStreamError(error) : kindFromHttpError(error, status);
  const headers = error.headers;
  const retryAfterMs = headers
    ? parseRetryAfterMs(headers.get('retry-after'), headers.get('retry-after-ms'))
    : null;

  // The SDK's message is already `<status> <provider message>`.
  let message = status === null ? `error in the stream: ${error.message}` : error.message;
  if (kind === 'auth' && context.keySource) message += ` (check ${context.keySource})`;

  return failure(context, { kind, message, status, retryAfterMs, cause: error });
}

function kindFromHttpError(error: APIError, status: number): ErrorKind {
  if (status === 400 || status === 413) {
    if (error.code === 'context_length_exceeded' || looksLikeContextLength(error.message)) {
      return 'context_length';
    }
    if (error.code === 'content_filter' || error.code === 'content_policy_violation') {
      return 'content_filter';
    }
  }
  return kindFromStatus(status);
}

/** An error event inside a stream has no status: judge it by its code and message. */
function kindFromStreamError(error: APIError): ErrorKind {
  const text = `${error.code ?? ''} ${error.type ?? ''} ${error.message}`;
  if (error.code === 'context_length_exceeded' || looksLikeContextLength(text)) {
    return 'context_length';
  }
  if (/rate[_ ]limit/i.test(text)) return 'rate_limit';
  if (/overloaded/i.test(text)) return 'overloaded';
  if (/content[_ ](filter|policy)/i.test(text)) return 'content_filter';
  return 'server';
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function probeContext(
  provider: string,
  model: string,
  signal: AbortSignal | undefined,
  keySource: string | undefined,
): CallContext {
  return {
    provider,
    model,
    signal,
    keySource,
    maxTokensParam: 'max_completion_tokens',
    usageRequired: false,
  };
}
