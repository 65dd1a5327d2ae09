/**
 * The adapter for Ollama's native chat API (`/api/chat`), through the official `ollama` SDK.
 * The SDK has no timeout, no retries and does not read OLLAMA_HOST: the host comes in as a
 * value, and each call's deadline reaches the wire through the fetch given to the client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type AbortableAsyncIterator, type ChatRequest, type ChatResponse, Ollama } from 'ollama';
import {
  type ErrorKind,
  kindFromStatus,
  looksLikeContextLength,
  ProviderError,
  type ProviderErrorFields,
} from './errors.js';
import {
  type CallOptions,
  type CompletionRequest,
  type CompletionResult,
  type CredentialStatus,
  MAX_TOKENS_WARNING,
  type Provider,
  type Usage,
} from './types.js';

export interface OllamaProviderOptions {
  /** Where Ollama listens, e.g. `http://127.0.0.1:11434` (the CLI maps OLLAMA_HOST here). */
  host: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
  /** How long the server keeps the model loaded after a call (`5m`, `1h`), as `keep_alive`. */
  keepAlive?: string;
  /** How long `preflight` waits for `GET /api/tags` before calling the server unreachable. */
  preflightTimeoutMs?: number;
}

const THINKING_WARNING =
  'the model thought although asked not to (think: false); the thinking is left out of the ' +
  'text but its tokens are counted in outputTokens';
const DEFAULT_PREFLIGHT_TIMEOUT_MS = 2_000;
/** What the SDK throws when a stream ends before its `done: true` line. */
const SDK_NO_DONE_MESSAGE = 'Did not receive done or success response in stream.';
/** Ollama (llama.cpp) words a prompt that does not fit `num_ctx` its own way. */
const OLLAMA_CONTEXT_PATTERN = /context size|exceed_context_size|longer than the context/i;
/** Failures to open a connection at all: the server is not there. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** `/api/chat` fields the SDK's request type lacks; the server has read them for a long time. */
type OllamaChatRequest = ChatRequest & { truncate: boolean };

interface CallContext {
  provider: string;
  model: string;
  host: string;
  signal: AbortSignal | undefined;
}

export function createOllamaProvider(options: OllamaProviderOptions): Provider {
  const name = 'ollama';
  const { host } = options;
  const preflightTimeoutMs = options.preflightTimeoutMs ?? DEFAULT_PREFLIGHT_TIMEOUT_MS;

  // The SDK passes no signal on plain calls and its own on streams, so the caller's signal is
  // carried to fetch through async context: one client serves concurrent calls, each with its
  // own deadline.
  const callSignal = new AsyncLocalStorage<AbortSignal | undefined>();
  const transport = options.fetch ?? fetch;
  const signalledFetch: typeof fetch = (input, init) => {
    const signal = callSignal.getStore();
    if (signal === undefined) return transport(input, init);
    const merged = init?.signal ? AbortSignal.any([init.signal, signal]) : signal;
    return transport(input, { ...init, signal: merged });
  };
  const client = new Ollama({ host, fetch: signalledFetch });

  return {
    name,

    credentials(): CredentialStatus {
      return { available: true, source: host };
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        host,
        signal: callOptions.signal,
      };
      const params = buildParams(request, options.keepAlive);

      try {
        return await callSignal.run(callOptions.signal, () =>
          request.stream
            ? streamCompletion(client, params, callOptions, context)
            : plainCompletion(client, params, context),
        );
      } catch (error) {
        throw toProviderError(error, context);
      }
    },

    async probe(model, probeOptions = {}) {
      const status = (await this.preflight?.([model], probeOptions))?.get(model);
      if (!status) return { ok: false, detail: 'no answer' };
      return status.available
        ? { ok: true, detail: 'answers; model pulled' }
        : { ok: false, detail: status.reason };
    },

    async preflight(models, preflightOptions = {}) {
      const deadline = AbortSignal.timeout(preflightTimeoutMs);
      const signal = preflightOptions.signal
        ? AbortSignal.any([preflightOptions.signal, deadline])
        : deadline;

      let pulled: string[];
      try {
        const list = await callSignal.run(signal, () => client.list());
        pulled = (list.models ?? []).flatMap((model) => [model.name, model.model]);
      } catch (error) {
        if (preflightOptions.signal?.aborted) {
          const context = { provider: name, model: models.join(', '), host };
          throw abortError({ ...context, signal: preflightOptions.signal }, error);
        }
        const reason = unreachableReason(error, host, deadline.aborted, preflightTimeoutMs);
        return new Map(models.map((model) => [model, { available: false, reason }]));
      }

      const present = new Set(pulled.filter(Boolean).map(canonicalModelName));
      return new Map(
        models.map((model): [string, CredentialStatus] => [
          model,
          present.has(canonicalModelName(model))
            ? { available: true, source: host }
            : { available: false, reason: `not pulled on ${host}: run \`ollama pull ${model}\`` },
        ]),
      );
    },
  };
}

/**
 * The name Ollama resolves a model reference to: `llama3` is `llama3:latest`, and the default
 * registry and namespace may be spelled out or left off. Names compare case-insensitively.
 */
export function canonicalModelName(name: string): string {
  let canonical = name.trim().toLowerCase();
  canonical = canonical.replace(/^(https?:\/\/)?registry\.ollama\.ai\//, '');
  canonical = canonical.replace(/^library\//, '');
  const lastSegment = canonical.slice(canonical.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? canonical : `${canonical}:latest`;
}

function buildParams(request: CompletionRequest, keepAlive: string | undefined): ChatRequest {
  const messages: ChatRequest['messages'] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ ...message });

  const runOptions: NonNullable<ChatRequest['options']> = {};
  if (request.maxOutputTokens !== undefined) runOptions.num_predict = request.maxOutputTokens;
  if (request.temperature !== undefined) runOptions.temperature = request.temperature;

  const params: OllamaChatRequest = {
    model: request.model,
    messages,
    options: runOptions,
    // Thinking off. Ollama turns it on by default for every thinking-capable model (qwen3,
    // deepseek-r1, gpt-oss) when `think` is absent, and servers older than that default left
    // `<think>` blocks inside the content: either way the call spends output tokens and
    // latency on reasoning a summary does not need. `false` is safe on models that cannot
    // think (only `true` is refused there, with a 400). gpt-oss cannot switch its reasoning
    // off entirely; what it still sends arrives in `message.thinking` and is put aside.
    think: false,
    // Ollama otherwise cuts a prompt longer than `num_ctx` from the front, silently: the
    // system prompt and the start of the article would be lost with a 200. This makes it a
    // 400 instead, reported as context_length.
    truncate: false,
  };
  if (keepAlive !== undefined) params.keep_alive = keepAlive;
  if (request.responseSchema !== undefined) params.format = request.responseSchema.schema;
  return params;
}

async function plainCompletion(
  client: Ollama,
  params: ChatRequest,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.chat({ ...params, stream: false });
  if (response.done !== true) {
    throw failure(context, { kind: 'truncated', message: 'the reply was not marked done' });
  }
  return finish({
    content: response.message?.content ?? '',
    thinking: response.message?.thinking ?? '',
    final: response,
  });
}

async function streamCompletion(
  client: Ollama,
  params: ChatRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream: AbortableAsyncIterator<ChatResponse> = await client.chat({
    ...params,
    stream: true,
  });

  const parts: string[] = [];
  const thoughts: string[] = [];
  let final: ChatResponse | undefined;
  let firstTokenSeen = false;

  // Known shortcoming: the SDK forgets a stream only when it reaches `done`, so the client
  // keeps a small reference to every stream that failed, for as long as the provider lives.
  try {
    for await (const chunk of stream) {
      const piece = chunk.message?.content;
      if (piece) {
        // Thinking is not the answer: time to first token is measured to the first word of it.
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        parts.push(piece);
      }
      if (chunk.message?.thinking) thoughts.push(chunk.message.thinking);
      if (chunk.done) final = chunk;
    }
  } catch (error) {
    throw fromStreamError(error, context);
  }

  if (final === undefined) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without its done: true line',
    });
  }
  return finish({ content: parts.join(''), thinking: thoughts.join(''), final });
}

interface Reply {
  content: string;
  thinking: string;
  /** The reply, or the stream's `done: true` line: it carries the counts and durations. */
  final: ChatResponse;
}

function finish(reply: Reply): CompletionResult {
  const { text, thinking } = setThinkingAside(reply.content, reply.thinking);
  const finishReason = reply.final.done_reason || null;

  const warnings: string[] = [];
  if (finishReason === 'length') warnings.push(MAX_TOKENS_WARNING);
  if (thinking !== '') warnings.push(THINKING_WARNING);

  const usage = mapUsage(reply.final);
  const evalCount = countOrNull(reply.final.eval_count);
  const evalDurationNs = countOrNull(reply.final.eval_duration);
  const serverTokensPerSecond =
    evalCount !== null && evalDurationNs !== null && evalDurationNs > 0
      ? evalCount / (evalDurationNs / 1e9)
      : null;

  return {
    text,
    usage,
    finishReason,
    responseModel: reply.final.model || null,
    warnings,
    serverTokensPerSecond,
  };
}

/**
 * The answer without the reasoning. Ollama puts thinking in its own field; a server that
 * predates that leaves a leading `<think>...</think>` block in the content instead.
 */
function setThinkingAside(content: string, thinking: string): { text: string; thinking: string } {
  const inline = /^\s*<think>([\s\S]*?)<\/think>\s*/.exec(content);
  if (inline === null) return { text: content, thinking: thinking.trim() };
  return {
    text: content.slice(inline[0].length),
    thinking: `${thinking}${inline[1] ?? ''}`.trim(),
  };
}

/** Copies the counts of the final line; a count the server left out stays null. */
export function mapUsage(final: Partial<ChatResponse>): Usage {
  const raw: Record<string, unknown> = {};
  for (const key of [
    'prompt_eval_count',
    'eval_count',
    'eval_duration',
    'prompt_eval_duration',
    'total_duration',
    'load_duration',
  ] as const) {
    if (final[key] !== undefined) raw[key] = final[key];
  }
  return {
    // Ollama has no prompt cache accounting, no cache writes and no separate reasoning count
    // (thinking tokens are inside eval_count).
    inputTokens: countOrNull(final.prompt_eval_count),
    outputTokens: countOrNull(final.eval_count),
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    raw,
  };
}

function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An error raised while reading a stream whose response headers had already arrived. */
function fromStreamError(error: unknown, context: CallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  if (context.signal?.aborted) return abortError(context, error);

  const message = errorMessage(error);
  if (message === SDK_NO_DONE_MESSAGE) {
    return failure(context, {
      kind: 'truncated',
      message: 'the stream ended without its done: true line',
      cause: error,
    });
  }
  // The SDK turns an `{"error": ...}` line into a plain Error; a cut connection is a TypeError
  // from undici (`terminated`).
  if (error instanceof Error && error.constructor === Error) {
    const detail = unwrapMessage(message);
    const kind: ErrorKind = isContextLength(detail) ? 'context_length' : 'server';
    return failure(context, { kind, message: `error in the stream: ${detail}`, cause: error });
  }
  return failure(context, {
    kind: 'truncated',
    message: `the stream broke off: ${message}`,
    cause: error,
  });
}

function toProviderError(error: unknown, context: CallContext): ProviderError {
  if (error instanceof ProviderError) return error;
  // Whatever fetch or the SDK threw, an aborted signal is the real cause.
  if (context.signal?.aborted) return abortError(context, error);
  if (isResponseError(error)) return fromResponseError(error, context);

  const code = connectionErrorCode(error);
  if (code !== null && UNREACHABLE_CODES.has(code)) {
    return failure(context, {
      kind: 'network',
      message: `could not connect to ${context.host} (${code}): ${unreachableHint(context.host)}`,
      cause: error,
    });
  }
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const detail = code ?? errorMessage((error as { cause?: unknown }).cause ?? error);
    return failure(context, {
      kind: 'network',
      message: `the connection to Ollama at ${context.host} failed (${detail})`,
      cause: error,
    });
  }
  // The body of a plain reply broke off: undici's `terminated`, or JSON cut short.
  if (error instanceof TypeError || error instanceof SyntaxError) {
    return failure(context, {
      kind: 'truncated',
      message: `the reply broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return failure(context, { kind: 'aborted', message: 'the call was aborted', cause: error });
  }
  return failure(context, { kind: 'unknown', message: errorMessage(error), cause: error });
}

/** The SDK's `ResponseError`, which it does not export: the status and the body's `error`. */
interface ResponseError extends Error {
  error: string;
  status_code: number;
}

function isResponseError(error: unknown): error is ResponseError {
  return (
    error instanceof Error &&
    error.name === 'ResponseError' &&
    typeof (error as Partial<ResponseError>).status_code === 'number'
  );
}

function fromResponseError(error: ResponseError, context: CallContext): ProviderError {
  const status = error.status_code;
  const detail = unwrapMessage(error.error ?? error.message);
  // The SDK loses the response headers, so a Retry-After cannot be honoured here.
  const fields = { status, cause: error };

  if (status === 404 && /model\b.*\bnot found/i.test(detail)) {
    const { model, host } = context;
    const message = `model "${model}" is not pulled on ${host}: run \`ollama pull ${model}\``;
    return failure(context, { kind: 'not_found', message, ...fields });
  }
  if (status >= 400 && isContextLength(detail)) {
    const hint = 'the prompt does not fit the context Ollama loaded the model with';
    const message = `${status} ${detail} (${hint}; raise num_ctx or OLLAMA_CONTEXT_LENGTH)`;
    return failure(context, { kind: 'context_length', message, ...fields });
  }
  return failure(context, {
    kind: kindFromStatus(status),
    message: `${status} ${detail}`,
    ...fields,
  });
}

function isContextLength(message: string): boolean {
  return looksLikeContextLength(message) || OLLAMA_CONTEXT_PATTERN.test(message);
}

/** llama.cpp's errors reach Ollama's body as JSON inside the string: take the message out. */
function unwrapMessage(message: string): string {
  if (!message.trimStart().startsWith('{')) return message;
  try {
    const parsed = JSON.parse(message) as { error?: { message?: unknown } | string };
    const inner = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message;
    return typeof inner === 'string' && inner !== '' ? inner : message;
  } catch {
    return message;
  }
}

/** The system error code under undici's `fetch failed` (`ECONNREFUSED`, ...), if any. */
function connectionErrorCode(error: unknown): string | null {
  const cause = (error as { cause?: unknown } | null)?.cause;
  const candidates = [cause, ...((cause as { errors?: unknown[] } | null)?.errors ?? [])];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | null)?.code;
    if (typeof code === 'string') return code;
  }
  return null;
}

function unreachableHint(host: string): string {
  return `is Ollama running at ${host}? start it with \`ollama serve\` or set OLLAMA_HOST`;
}

function unreachableReason(
  error: unknown,
  host: string,
  timedOut: boolean,
  timeoutMs: number,
): string {
  const hint = `(start it with \`ollama serve\` or set OLLAMA_HOST)`;
  if (timedOut) return `Ollama did not answer at ${host} within ${timeoutMs} ms ${hint}`;
  if (isResponseError(error)) {
    const detail = unwrapMessage(error.error ?? error.message);
    const answer = `${error.status_code} ${detail}`;
    return `${host} answered GET /api/tags with ${answer}: is it an Ollama server?`;
  }
  return `Ollama is not reachable at ${host} ${hint}`;
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
