/** The OpenAI SDK's errors, and errors inside a stream, mapped onto `ProviderError`. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import {
  abortError,
  type ErrorKind,
  errorMessage,
  failure,
  kindFromStatus,
  looksLikeContextLength,
  ProviderError,
  parseRetryAfterMs,
} from '../errors.js';

/** Which call an error belongs to, for the fields of `ProviderError`. */
export interface CallContext {
  provider: string;
  model: string;
  signal: AbortSignal | undefined;
  keySource: string | undefined;
  maxTokensParam: 'max_completion_tokens' | 'max_tokens';
  usageRequired: boolean;
}

export function toProviderError(error: unknown, context: CallContext): ProviderError {
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

export function probeContext(
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
