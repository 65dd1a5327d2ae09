/** The AWS SDK's errors, and whatever the socket threw, mapped onto `ProviderError`. */
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
  credentialSource: string | undefined;
}

const AUTH_HINT = 'and model access in the Bedrock console';

/** What the SDK's modelled and unmodelled service exceptions carry. */
interface ServiceException {
  name: string;
  message: string;
  $fault: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

export function isServiceException(error: unknown): error is ServiceException {
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

export function toProviderError(error: unknown, context: CallContext): ProviderError {
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
