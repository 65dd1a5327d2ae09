/**
 * The Ollama SDK's errors, fetch's and the stream's mapped onto `ProviderError`, and the one
 * line `preflight` gives for a server that cannot be listed.
 */
import {
  abortError,
  type ErrorKind,
  errorMessage,
  failure,
  kindFromStatus,
  looksLikeContextLength,
  ProviderError,
} from '../errors.js';

export interface CallContext {
  provider: string;
  model: string;
  host: string;
  signal: AbortSignal | undefined;
}

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

/** An error raised while reading a stream whose response headers had already arrived. */
export function fromStreamError(error: unknown, context: CallContext): ProviderError {
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

export function toProviderError(error: unknown, context: CallContext): ProviderError {
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

export function unreachableReason(
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
