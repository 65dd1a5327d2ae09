import { describe, expect, it } from 'vitest';
import { type ErrorKind, ProviderError } from '../providers/errors.js';
import type { Clock } from './clock.js';
import {
  DEFAULT_RETRY_POLICY,
  RetriesExhausted,
  type RetryPolicy,
  retryDelayMs,
  withRetry,
} from './retry.js';

const POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

function failure(kind: ErrorKind, retryAfterMs: number | null = null): ProviderError {
  return new ProviderError({
    kind,
    provider: 'openai',
    model: 'gpt-5.4-mini',
    message: `${kind} happened`,
    retryAfterMs,
  });
}

/** A clock that records each sleep and moves its time forward instead of waiting. */
function fakeClock() {
  let nowMs = 0;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => nowMs,
    date: () => new Date(nowMs),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      slept.push(ms);
      nowMs += ms;
    },
  };
  return { clock, slept };
}

const unexpected = (error: unknown) =>
  new ProviderError({
    kind: 'unknown',
    provider: 'openai',
    model: 'gpt-5.4-mini',
    message: String(error),
  });

describe('retryDelayMs', () => {
  it('honours Retry-After exactly, up to and including the cap', () => {
    expect(retryDelayMs(failure('rate_limit', 1_500), 1, POLICY)).toBe(1_500);
    expect(retryDelayMs(failure('overloaded', 60_000), 3, POLICY)).toBe(60_000);
  });

  it('gives up rather than wait out a Retry-After above maxRetryAfterMs', () => {
    expect(retryDelayMs(failure('rate_limit', 60_001), 1, POLICY)).toBeNull();
  });

  it.each<ErrorKind>(['auth', 'invalid_request', 'context_length', 'aborted'])(
    'never retries %s, even with a Retry-After',
    (kind) => {
      expect(retryDelayMs(failure(kind), 1, POLICY)).toBeNull();
      expect(retryDelayMs(failure(kind, 100), 1, POLICY)).toBeNull();
    },
  );

  it('backs off exponentially, jittered between half and the whole ceiling', () => {
    const low = () => 0;
    const high = () => 1;
    // Ceilings: 500, 1000, 2000 ms for attempts 1, 2, 3.
    expect(retryDelayMs(failure('server'), 1, POLICY, low)).toBe(250);
    expect(retryDelayMs(failure('server'), 1, POLICY, high)).toBe(500);
    expect(retryDelayMs(failure('network'), 2, POLICY, low)).toBe(500);
    expect(retryDelayMs(failure('network'), 2, POLICY, high)).toBe(1_000);
    expect(retryDelayMs(failure('timeout'), 3, POLICY, low)).toBe(1_000);
    expect(retryDelayMs(failure('timeout'), 3, POLICY, high)).toBe(2_000);
  });

  it('caps the backoff ceiling at maxDelayMs', () => {
    const many = { ...POLICY, maxAttempts: 20 };
    // 500 x 2^9 = 256,000 ms would be the ceiling without the 20,000 ms cap.
    expect(retryDelayMs(failure('server'), 10, many, () => 0)).toBe(10_000);
    expect(retryDelayMs(failure('server'), 10, many, () => 1)).toBe(20_000);
  });

  it('does not retry after the last attempt', () => {
    expect(retryDelayMs(failure('rate_limit', 1_000), 4, POLICY)).toBeNull();
    expect(retryDelayMs(failure('server'), 4, POLICY, () => 0)).toBeNull();
    expect(retryDelayMs(failure('server'), 3, POLICY, () => 0)).not.toBeNull();
  });
});

describe('withRetry', () => {
  it('waits out each Retry-After and returns the value with its attempts and retries', async () => {
    const { clock, slept } = fakeClock();
    const seen: number[] = [];
    const told: number[] = [];
    const outcome = await withRetry(
      async (attemptNumber) => {
        seen.push(attemptNumber);
        if (attemptNumber < 3) throw failure('rate_limit', 1_000);
        return 'summary';
      },
      {
        policy: POLICY,
        clock,
        classify: unexpected,
        onRetry: (record) => told.push(record.waitMs),
      },
    );

    expect(outcome.value).toBe('summary');
    expect(outcome.attempts).toBe(3);
    expect(outcome.retries).toEqual([
      { kind: 'rate_limit', message: 'rate_limit happened', waitMs: 1_000 },
      { kind: 'rate_limit', message: 'rate_limit happened', waitMs: 1_000 },
    ]);
    expect(slept).toEqual([1_000, 1_000]);
    expect(slept.reduce((a, b) => a + b, 0)).toBe(2_000);
    expect(seen).toEqual([1, 2, 3]);
    expect(told).toEqual([1_000, 1_000]);
  });

  it('stops at maxAttempts and reports the last error with every retry made', async () => {
    const { clock, slept } = fakeClock();
    let calls = 0;
    const run = withRetry(
      async () => {
        calls++;
        throw failure('overloaded');
      },
      { policy: { ...POLICY, maxAttempts: 3 }, clock, random: () => 1, classify: unexpected },
    );

    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    const exhausted = error as RetriesExhausted;
    expect(exhausted.error.kind).toBe('overloaded');
    expect(exhausted.attempts).toBe(3);
    expect(exhausted.retries.map((r) => r.waitMs)).toEqual([500, 1_000]);
    expect(slept).toEqual([500, 1_000]);
    expect(calls).toBe(3);
  });

  it('does not retry an auth error', async () => {
    const { clock, slept } = fakeClock();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw failure('auth');
      },
      { policy: POLICY, clock, classify: unexpected },
    ).catch((e: unknown) => e);

    expect((error as RetriesExhausted).error.kind).toBe('auth');
    expect((error as RetriesExhausted).attempts).toBe(1);
    expect(calls).toBe(1);
    expect(slept).toEqual([]);
  });

  it('classifies anything thrown that is not a ProviderError, and retries by that kind', async () => {
    const { clock } = fakeClock();
    const classified: unknown[] = [];
    const socketError = new TypeError('fetch failed');
    const outcome = await withRetry(
      async (attemptNumber) => {
        if (attemptNumber === 1) throw socketError;
        return 42;
      },
      {
        policy: POLICY,
        clock,
        random: () => 0,
        classify: (error) => {
          classified.push(error);
          return new ProviderError({
            kind: 'network',
            provider: 'openai',
            model: 'gpt-5.4-mini',
            message: 'connection reset',
          });
        },
      },
    );

    expect(classified).toEqual([socketError]);
    expect(outcome.value).toBe(42);
    expect(outcome.retries).toEqual([
      { kind: 'network', message: 'connection reset', waitMs: 250 },
    ]);
  });

  it('gives up on an unclassifiable error when classify says it is not retryable', async () => {
    const { clock } = fakeClock();
    const error = await withRetry(
      async () => {
        throw new Error('kaboom');
      },
      { policy: POLICY, clock, classify: unexpected },
    ).catch((e: unknown) => e);

    expect((error as RetriesExhausted).error.kind).toBe('unknown');
    expect((error as RetriesExhausted).error.message).toContain('kaboom');
    expect((error as RetriesExhausted).attempts).toBe(1);
  });

  it('stops retrying once the signal has aborted', async () => {
    const { clock, slept } = fakeClock();
    const controller = new AbortController();
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        controller.abort();
        throw failure('rate_limit', 1_000);
      },
      { policy: POLICY, clock, signal: controller.signal, classify: unexpected },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).attempts).toBe(1);
    expect((error as RetriesExhausted).retries).toEqual([]);
    expect(calls).toBe(1);
    expect(slept).toEqual([]);
  });

  it('stops when the signal aborts during the wait between attempts', async () => {
    const controller = new AbortController();
    const clock: Clock = {
      now: () => 0,
      date: () => new Date(0),
      sleep: async () => {
        controller.abort();
        throw controller.signal.reason;
      },
    };
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls++;
        throw failure('server');
      },
      { policy: POLICY, clock, signal: controller.signal, classify: unexpected },
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).error.kind).toBe('server');
    expect((error as RetriesExhausted).attempts).toBe(1);
    expect(calls).toBe(1);
  });

  it('uses a default policy that allows four attempts', async () => {
    const { clock, slept } = fakeClock();
    const error = await withRetry(
      async () => {
        throw failure('server');
      },
      { policy: DEFAULT_RETRY_POLICY, clock, random: () => 1, classify: unexpected },
    ).catch((e: unknown) => e);

    expect((error as RetriesExhausted).attempts).toBe(4);
    expect(slept).toEqual([500, 1_000, 2_000]);
  });
});
