/** The Anthropic SDK's errors, and errors inside a stream, mapped onto `ProviderError`. */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from '@anthropic-ai/sdk';
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
  keySource: string;
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
