import { ProviderError } from '../providers/errors.js';
import type { RetryRecord } from '../results/types.js';
import type { Clock } from './clock.js';

/**
 * The one retry policy. Rate limits, overload, timeouts, truncated streams, 5xx and network
 * errors are retried; auth, validation and context-length errors never are, and neither is an
 * abort. A provider's Retry-After is honoured up to a cap; otherwise the wait is exponential
 * with full jitter.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After honoured; a longer one gives up rather than stall the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** How long to wait before the next attempt, or null when the error must not be retried. */
export function retryDelayMs(
  error: ProviderError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || attempt >= policy.maxAttempts) return null;
  if (error.retryAfterMs !== null) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryOutcome<T> {
  value: T;
  attempts: number;
  retries: RetryRecord[];
}

/** The final error of a call, with the attempts and retries made before it. */
export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly error: ProviderError,
    readonly attempts: number,
    readonly retries: RetryRecord[],
  ) {
    super(error.message, { cause: error });
  }
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock: Clock;
  random?: () => number;
  signal?: AbortSignal;
  /** Told of every wait, so concurrency can adapt to rate limits. */
  onRetry?: (record: RetryRecord) => void;
  /** Turns anything thrown into a ProviderError. */
  classify: (error: unknown) => ProviderError;
}

export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<RetryOutcome<T>> {
  const retries: RetryRecord[] = [];
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return { value: await attempt(attemptNumber), attempts: attemptNumber, retries };
    } catch (thrown) {
      const error = thrown instanceof ProviderError ? thrown : options.classify(thrown);
      const waitMs = options.signal?.aborted
        ? null
        : retryDelayMs(error, attemptNumber, options.policy, options.random);
      if (waitMs === null) throw new RetriesExhausted(error, attemptNumber, retries);

      const record = { kind: error.kind, message: error.message, waitMs };
      retries.push(record);
      options.onRetry?.(record);
      try {
        await options.clock.sleep(waitMs, options.signal);
      } catch {
        throw new RetriesExhausted(error, attemptNumber, retries);
      }
    }
  }
}
