import pLimit, { type LimitFunction } from 'p-limit';
import { ProviderError } from '../providers/errors.js';
import type { ModelId } from '../providers/model-id.js';
import type { CompletionRequest, CompletionResult, Provider } from '../providers/types.js';
import type { RetryRecord } from '../results/types.js';
import type { Clock } from './clock.js';
import { RetriesExhausted, type RetryPolicy, withRetry } from './retry.js';

/** What one call through the dispatcher came to, successful or not. */
export type CallOutcome =
  | {
      ok: true;
      result: CompletionResult;
      /** Wall time of the successful attempt, by the monotonic clock. */
      latencyMs: number;
      ttftMs: number | null;
      attempts: number;
      retries: RetryRecord[];
      startedAt: Date;
    }
  | {
      ok: false;
      error: ProviderError;
      latencyMs: number | null;
      attempts: number;
      retries: RetryRecord[];
      startedAt: Date;
    };

export interface DispatcherOptions {
  providers: ReadonlyMap<string, Provider>;
  /** Calls in flight at once, per provider name, with `default` for the rest. */
  concurrency: Record<string, number>;
  /** Per-model concurrency, overriding the provider's. */
  modelConcurrency?: Record<string, number>;
  retryPolicy: RetryPolicy;
  /** The harness's own deadline for one attempt; SDK timeouts stop at the first byte. */
  timeoutMs: number;
  clock: Clock;
  random?: () => number;
  /** Cuts every call in flight. */
  signal?: AbortSignal;
  /** Stops sending new calls; calls in flight finish. */
  stop?: AbortSignal;
}

export const DEFAULT_CONCURRENCY: Record<string, number> = {
  default: 4,
  local: 2,
  ollama: 1,
};

/**
 * Sends calls to providers with one concurrency limit per provider (or per model), one retry
 * policy and one deadline per attempt. The runner's generations and the judge's calls both go
 * through it, so they share the limits.
 */
export class Dispatcher {
  private readonly limits = new Map<string, LimitFunction>();

  constructor(private readonly options: DispatcherOptions) {}

  /** The concurrency a model's calls run at. */
  concurrencyOf(model: ModelId): number {
    const { concurrency, modelConcurrency } = this.options;
    return (
      modelConcurrency?.[model.id] ??
      concurrency[model.provider] ??
      DEFAULT_CONCURRENCY[model.provider] ??
      concurrency.default ??
      DEFAULT_CONCURRENCY.default ??
      4
    );
  }

  call(model: ModelId, request: Omit<CompletionRequest, 'model'>): Promise<CallOutcome> {
    const key = this.options.modelConcurrency?.[model.id] ? model.id : model.provider;
    let limit = this.limits.get(key);
    if (!limit) {
      limit = pLimit(this.concurrencyOf(model));
      this.limits.set(key, limit);
    }
    return limit(() => this.attempt(model, { ...request, model: model.model }));
  }

  private async attempt(model: ModelId, request: CompletionRequest): Promise<CallOutcome> {
    const { clock, signal } = this.options;
    const provider = this.options.providers.get(model.provider);
    const startedAt = clock.date();
    if (!provider) {
      const error = new ProviderError({
        kind: 'invalid_request',
        provider: model.provider,
        model: model.model,
        message: `no adapter for provider "${model.provider}"`,
      });
      return { ok: false, error, latencyMs: null, attempts: 0, retries: [], startedAt };
    }
    if (signal?.aborted || this.options.stop?.aborted) {
      // The run was interrupted while this call waited for a slot: it is never sent.
      const error = new ProviderError({
        kind: 'aborted',
        provider: model.provider,
        model: model.model,
        message: 'the run was interrupted before this call was sent',
      });
      return { ok: false, error, latencyMs: null, attempts: 0, retries: [], startedAt };
    }

    let lastLatencyMs: number | null = null;
    let ttftMs: number | null = null;
    try {
      const outcome = await withRetry(
        async () => {
          const started = clock.now();
          ttftMs = null;
          // A timer cleared when the attempt ends: AbortSignal.timeout() would keep every SDK
          // listener added to it alive until it fired, long after the call was done.
          const deadline = new AbortController();
          const timer = setTimeout(
            () => deadline.abort(new DOMException('the call hit its deadline', 'TimeoutError')),
            this.options.timeoutMs,
          );
          const attemptSignal = signal
            ? AbortSignal.any([signal, deadline.signal])
            : deadline.signal;
          try {
            return await provider.complete(request, {
              signal: attemptSignal,
              onFirstToken: () => {
                ttftMs ??= clock.now() - started;
              },
            });
          } catch (error) {
            throw deadline.signal.aborted && !signal?.aborted
              ? timeoutError(model, this.options.timeoutMs, error)
              : error;
          } finally {
            clearTimeout(timer);
            lastLatencyMs = clock.now() - started;
          }
        },
        {
          policy: this.options.retryPolicy,
          clock,
          random: this.options.random,
          signal,
          classify: (error) => unexpected(model, error),
        },
      );
      return {
        ok: true,
        result: outcome.value,
        latencyMs: lastLatencyMs ?? 0,
        ttftMs: request.stream ? ttftMs : null,
        attempts: outcome.attempts,
        retries: outcome.retries,
        startedAt,
      };
    } catch (error) {
      if (!(error instanceof RetriesExhausted)) throw error;
      return {
        ok: false,
        error: error.error,
        latencyMs: lastLatencyMs,
        attempts: error.attempts,
        retries: error.retries,
        startedAt,
      };
    }
  }
}

function timeoutError(model: ModelId, timeoutMs: number, cause: unknown): ProviderError {
  return new ProviderError({
    kind: 'timeout',
    provider: model.provider,
    model: model.model,
    message: `no complete reply within ${timeoutMs} ms (generation.timeoutMs)`,
    cause,
  });
}

function unexpected(model: ModelId, error: unknown): ProviderError {
  return new ProviderError({
    kind: 'unknown',
    provider: model.provider,
    model: model.model,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}
