/**
 * The adapter for the Anthropic Messages API, through the official `@anthropic-ai/sdk`. SDK
 * retries are off: the runner owns the one retry policy.
 */
import Anthropic, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
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
  MAX_TOKENS_WARNING,
  type Provider,
  type Usage,
} from './types.js';

export interface AnthropicProviderOptions {
  /** Absent or empty: the provider reports its credentials unavailable. */
  apiKey: string | undefined;
  /** Without `/v1`. Defaults to the Anthropic API; the SDK's own env lookup is bypassed. */
  baseURL?: string;
  /** Where the key came from, named in credentials and auth errors (`ANTHROPIC_API_KEY`). */
  apiKeySource?: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_KEY_SOURCE = 'ANTHROPIC_API_KEY';
/** The API requires `max_tokens`; this is sent when the request sets no limit. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;
/**
 * The SDK's timeout covers only the wait for the response headers, which a non-streaming reply
 * sends when generation is done: it must outlast the longest generation, so the caller's signal
 * is the real deadline. Set explicitly, it also stops the SDK refusing non-streaming calls with a
 * large `max_tokens` before sending them.
 */
const SDK_TIMEOUT_MS = 60 * 60 * 1000;

const CONTEXT_WINDOW_WARNING = "output stopped at the model's context window";
const NO_TOOL_CALL_WARNING = 'the reply did not call the structured-output tool';
const TEMPERATURE_WARNING =
  'temperature is ignored: the Anthropic API version this SDK uses does not accept it';

type MessageParams = Anthropic.MessageCreateParamsNonStreaming;
/** The usage object of a message, or of `message_start` merged with `message_delta`. */
type SdkUsage = Partial<Anthropic.Usage>;

/** Which call an error belongs to, for the fields of `ProviderError`. */
interface CallContext {
  provider: string;
  model: string;
  signal: AbortSignal | undefined;
  keySource: string;
}

export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const name = 'anthropic';
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const keySource = options.apiKeySource ?? DEFAULT_KEY_SOURCE;
  const missingKeyReason = `${keySource} is not set`;

  // Every option the SDK would otherwise read from process.env is given explicitly; an explicit
  // `apiKey` also keeps it from walking its own credential chain (profiles, config files). Not
  // covered: the SDK still merges ANTHROPIC_CUSTOM_HEADERS into every request when that is set.
  const client =
    apiKey === undefined
      ? null
      : new Anthropic({
          apiKey,
          baseURL: options.baseURL ?? DEFAULT_BASE_URL,
          webhookKey: null,
          maxRetries: 0,
          timeout: SDK_TIMEOUT_MS,
          logLevel: 'off',
          // The harness wraps each call in its own span; the SDK's would duplicate it.
          openTelemetry: false,
          ...(options.fetch && { fetch: options.fetch }),
        });

  return {
    name,

    credentials() {
      if (apiKey !== undefined) return { available: true, source: keySource };
      return { available: false, reason: missingKeyReason };
    },

    async probe(model, probeOptions = {}) {
      if (client === null) return { ok: false, detail: missingKeyReason };
      try {
        await client.models.retrieve(model, {}, { signal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const context = { provider: name, model, signal: probeOptions.signal, keySource };
        return { ok: false, detail: describeProbeError(toProviderError(error, context)) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        signal: callOptions.signal,
        keySource,
      };
      if (client === null) throw failure(context, { kind: 'auth', message: missingKeyReason });

      try {
        const result = request.stream
          ? await streamCompletion(client, request, callOptions, context)
          : await plainCompletion(client, request, callOptions, context);
        if (request.temperature !== undefined) result.warnings.unshift(TEMPERATURE_WARNING);
        return result;
      } catch (error) {
        throw toProviderError(error, context);
      }
    },
  };
}

/** The request body. `temperature` is left out: this API version removed it. */
function buildParams(request: CompletionRequest): MessageParams {
  const params: MessageParams = {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
  };
  if (request.system !== undefined) params.system = request.system;

  // Structured output through a forced tool call: its input is the JSON reply.
  const schema = request.responseSchema;
  if (schema !== undefined) {
    // Known shortcoming: a tool input is always an object, so the API rejects a schema whose
    // top level is not `type: object`; the judge's verdict schemas all are.
    params.tools = [
      { name: schema.name, input_schema: schema.schema as Anthropic.Tool.InputSchema },
    ];
    params.tool_choice = { type: 'tool', name: schema.name };
  }
  return params;
}

async function plainCompletion(
  client: Anthropic,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const message = await client.messages.create(buildParams(request), {
    signal: options.signal,
  });

  const toolName = request.responseSchema?.name;
  let text = '';
  let toolInput: string | null = null;
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    if (block.type === 'tool_use' && block.name === toolName) {
      toolInput = JSON.stringify(block.input);
    }
  }

  return finish(
    {
      text,
      toolInput,
      structured: toolName !== undefined,
      stopReason: message.stop_reason ?? null,
      stopDetails: message.stop_details ?? null,
      responseModel: message.model ?? null,
      usage: message.usage,
    },
    context,
  );
}

async function streamCompletion(
  client: Anthropic,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream = await client.messages.create(
    { ...buildParams(request), stream: true },
    { signal: options.signal },
  );

  const toolName = request.responseSchema?.name;
  const textParts: string[] = [];
  const toolParts: string[] = [];
  // The index of the content block that holds the structured reply, once it has started.
  let toolIndex: number | null = null;
  let stopReason: string | null = null;
  let stopDetails: StopDetails | null = null;
  let responseModel: string | null = null;
  let usage: SdkUsage | undefined;
  let stopped = false;
  let firstTokenSeen = false;

  const generated = (piece: string) => {
    if (piece === '' || firstTokenSeen) return;
    firstTokenSeen = true;
    options.onFirstToken?.();
  };

  try {
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          responseModel = event.message.model ?? null;
          usage = event.message.usage ? { ...event.message.usage } : undefined;
          break;
        case 'content_block_start':
          if (event.content_block.type === 'tool_use' && event.content_block.name === toolName) {
            toolIndex = event.index;
          }
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') {
            generated(event.delta.text);
            textParts.push(event.delta.text);
          } else if (event.delta.type === 'input_json_delta' && event.index === toolIndex) {
            generated(event.delta.partial_json);
            toolParts.push(event.delta.partial_json);
          }
          break;
        case 'message_delta':
          stopReason = event.delta.stop_reason ?? null;
          stopDetails = event.delta.stop_details ?? null;
          if (event.usage) usage = mergeDeltaUsage(usage, event.usage);
          break;
        case 'message_stop':
          stopped = true;
          break;
      }
    }
  } catch (error) {
    // An error event inside the stream arrives as an APIError; anything else thrown mid-stream
    // (undici's "terminated", a half-written event) means the connection was cut.
    if (error instanceof APIError || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // The SDK ends the loop silently, with partial text, on an abort or a cut connection.
  if (options.signal?.aborted) throw abortError(context);
  if (!stopped) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without message_stop',
    });
  }

  return finish(
    {
      text: textParts.join(''),
      toolInput: toolIndex === null ? null : toolParts.join(''),
      structured: toolName !== undefined,
      stopReason,
      stopDetails,
      responseModel,
      usage,
    },
    context,
  );
}

type StopDetails = NonNullable<Anthropic.Message['stop_details']>;

/**
 * `message_delta` counts are cumulative totals: each one present replaces the `message_start`
 * count, as the SDK's own message accumulator does.
 */
function mergeDeltaUsage(
  start: SdkUsage | undefined,
  delta: Partial<Anthropic.MessageDeltaUsage>,
): SdkUsage {
  const merged: SdkUsage = { ...start };
  for (const [key, value] of Object.entries(delta)) {
    if (value != null) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

interface Reply {
  text: string;
  /** The JSON text of the structured reply's tool input, when the tool was called. */
  toolInput: string | null;
  /** Whether the request asked for a structured reply. */
  structured: boolean;
  stopReason: string | null;
  stopDetails: StopDetails | null;
  responseModel: string | null;
  usage: SdkUsage | null | undefined;
}

function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.stopReason === 'refusal') {
    const details = reply.stopDetails;
    const category = details?.category ? `, category ${details.category}` : '';
    const explanation = details?.explanation ? `: ${details.explanation}` : '';
    const message = `the model refused (stop_reason refusal${category})${explanation}`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.stopReason === 'max_tokens') warnings.push(MAX_TOKENS_WARNING);
  if (reply.stopReason === 'model_context_window_exceeded') warnings.push(CONTEXT_WINDOW_WARNING);

  let text = reply.text;
  if (reply.structured) {
    // Without the forced tool call (a reply cut short, say) the text is kept as it came: the
    // caller's parser then says why it is not the JSON asked for.
    if (reply.toolInput !== null) text = reply.toolInput;
    else warnings.push(NO_TOOL_CALL_WARNING);
  }

  return {
    text,
    usage: mapUsage(reply.usage),
    finishReason: reply.stopReason,
    responseModel: reply.responseModel,
    warnings,
  };
}

/**
 * Copies the counts the server sent; a field it left out stays null. `input_tokens` excludes
 * the cache, so `inputTokens` adds the cache reads and writes back in.
 */
export function mapUsage(usage: SdkUsage | null | undefined): Usage {
  const uncached = countOrNull(usage?.input_tokens);
  const cacheRead = countOrNull(usage?.cache_read_input_tokens);
  const cacheWrite = countOrNull(usage?.cache_creation_input_tokens);
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: countOrNull(usage?.output_tokens),
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: countOrNull(usage?.output_tokens_details?.thinking_tokens),
    raw: usage ?? null,
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

  // The SDK's own message is the whole JSON error body; the API's message reads better.
  const detail = error.apiMessage ?? error.message;
  let message =
    status === null
      ? `error in the stream: ${error.type ? `${error.type}: ` : ''}${detail}`
      : `${status} ${detail}`;
  if (kind === 'auth') message += ` (check ${context.keySource})`;

  return failure(context, { kind, message, status, retryAfterMs, cause: error });
}

function kindFromHttpError(error: APIError, status: number): ErrorKind {
  if (status === 400 && looksLikeAnthropicContextLength(error.apiMessage ?? error.message)) {
    return 'context_length';
  }
  return kindFromStatus(status);
}

/** An error event inside a stream has no status: judge it by its error type. */
function kindFromStreamError(error: APIError): ErrorKind {
  switch (error.type) {
    case 'overloaded_error':
      return 'overloaded';
    case 'rate_limit_error':
      return 'rate_limit';
    case 'timeout_error':
      return 'timeout';
    case 'authentication_error':
    case 'permission_error':
    case 'billing_error':
      return 'auth';
    case 'not_found_error':
      return 'not_found';
    case 'invalid_request_error':
      return looksLikeAnthropicContextLength(error.apiMessage ?? error.message)
        ? 'context_length'
        : 'invalid_request';
    default:
      return 'server';
  }
}

/** Anthropic also words it `input length and max_tokens exceed context limit: ...`. */
function looksLikeAnthropicContextLength(message: string): boolean {
  return looksLikeContextLength(message) || /exceed context limit/i.test(message);
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
