/** The kinds of failure every adapter maps its SDK's errors onto. */
export const ERROR_KINDS = [
  'auth',
  'rate_limit',
  'overloaded',
  'timeout',
  'context_length',
  'invalid_request',
  'not_found',
  'server',
  'network',
  'truncated',
  'content_filter',
  'aborted',
  'unknown',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

const RETRYABLE: ReadonlySet<ErrorKind> = new Set([
  'rate_limit',
  'overloaded',
  'timeout',
  'server',
  'network',
  'truncated',
]);

export interface ProviderErrorFields {
  kind: ErrorKind;
  provider: string;
  model: string;
  message: string;
  status?: number | null;
  retryAfterMs?: number | null;
  cause?: unknown;
}

/** A failed call, classified. Adapters throw only this. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly kind: ErrorKind;
  readonly provider: string;
  readonly model: string;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  readonly retryable: boolean;

  constructor(fields: ProviderErrorFields) {
    super(fields.message, { cause: fields.cause });
    this.kind = fields.kind;
    this.provider = fields.provider;
    this.model = fields.model;
    this.status = fields.status ?? null;
    this.retryAfterMs = fields.retryAfterMs ?? null;
    this.retryable = RETRYABLE.has(fields.kind);
  }
}

/** The kind an HTTP status means when the body says nothing more specific. */
export function kindFromStatus(status: number | null | undefined): ErrorKind {
  if (status == null) return 'network';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context_length';
  if (status === 429) return 'rate_limit';
  if (status === 529 || status === 503) return 'overloaded';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid_request';
  return 'unknown';
}

const CONTEXT_LENGTH_PATTERNS = [
  /context[_ ]length/i,
  /context window/i,
  /maximum context/i,
  /too many tokens/i,
  /prompt is too long/i,
  /input is too long/i,
  /exceeds? the (model'?s? )?(maximum|max)/i,
];

/** Providers all answer a too-long prompt with a 400, each worded its own way. */
export function looksLikeContextLength(message: string): boolean {
  return CONTEXT_LENGTH_PATTERNS.some((pattern) => pattern.test(message));
}

/** Parses a `Retry-After` header (seconds or an HTTP date) or `retry-after-ms` into ms. */
export function parseRetryAfterMs(
  retryAfter: string | null | undefined,
  retryAfterMs?: string | null,
  nowMs: number = Date.now(),
): number | null {
  if (retryAfterMs != null && retryAfterMs !== '') {
    const ms = Number(retryAfterMs);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  if (retryAfter == null || retryAfter === '') return null;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const dateMs = Date.parse(retryAfter);
  if (Number.isNaN(dateMs)) return null;
  return Math.max(0, dateMs - nowMs);
}

/** One line for `evals models` about a probe that failed. */
export function describeProbeError(error: ProviderError): string {
  if (error.kind === 'not_found') return `answers, but does not know this model: ${error.message}`;
  return `${error.kind}: ${error.message}`;
}

/** The call a failure belongs to: what every adapter's call context has. */
export interface FailedCall {
  provider: string;
  model: string;
  signal?: AbortSignal | undefined;
}

type FailureFields = Omit<ProviderErrorFields, 'provider' | 'model'>;

/** A `ProviderError` for this call. */
export function failure(context: FailedCall, fields: FailureFields): ProviderError {
  return new ProviderError({ provider: context.provider, model: context.model, ...fields });
}

/** The error for a call whose signal fired: `timeout` when the reason is a deadline. */
export function abortError(context: FailedCall, cause?: unknown): ProviderError {
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
