import { describe, expect, it } from 'vitest';
import { type ErrorKind, ProviderError } from '../providers/errors.js';
import { type ModelId, parseModelId } from '../providers/model-id.js';
import type {
  CallOptions,
  CompletionRequest,
  CompletionResult,
  CredentialStatus,
  Provider,
} from '../providers/types.js';
import type { Clock } from './clock.js';
import { Dispatcher, type DispatcherOptions } from './dispatch.js';
import type { RetryPolicy } from './retry.js';

const POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/** A clock the fake provider moves forward by hand; sleeping moves it too, without waiting. */
class FakeClock implements Clock {
  nowMs = 1_000;
  readonly slept: number[] = [];
  now() {
    return this.nowMs;
  }
  date() {
    return new Date(Date.UTC(2026, 0, 1) + this.nowMs);
  }
  async sleep(ms: number, signal?: AbortSignal) {
    if (signal?.aborted) throw signal.reason;
    this.slept.push(ms);
    this.nowMs += ms;
  }
  advance(ms: number) {
    this.nowMs += ms;
  }
}

type Behaviour = (
  call: number,
  request: CompletionRequest,
  options: CallOptions | undefined,
) => Promise<CompletionResult>;

class FakeProvider implements Provider {
  calls = 0;
  readonly requests: CompletionRequest[] = [];
  constructor(
    readonly name: string,
    private readonly behaviour: Behaviour,
  ) {}
  credentials(): CredentialStatus {
    return { available: true, source: 'test' };
  }
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResult> {
    this.calls++;
    this.requests.push(request);
    return this.behaviour(this.calls, request, options);
  }
}

function reply(text: string): CompletionResult {
  return {
    text,
    usage: {
      inputTokens: 100,
      outputTokens: 20,
      cachedInputTokens: null,
      cacheWriteTokens: null,
      reasoningTokens: null,
      raw: null,
    },
    finishReason: 'stop',
    responseModel: null,
    warnings: [],
  };
}

function failure(kind: ErrorKind, retryAfterMs: number | null = null): ProviderError {
  return new ProviderError({
    kind,
    provider: 'fake',
    model: 'm',
    message: `${kind} from the fake`,
    retryAfterMs,
  });
}

function id(text: string): ModelId {
  const model = parseModelId(text);
  if (!model) throw new Error(`bad model id in test: ${text}`);
  return model;
}

function dispatcher(
  providers: Provider[],
  clock: Clock,
  overrides: Partial<DispatcherOptions> = {},
): Dispatcher {
  return new Dispatcher({
    providers: new Map(providers.map((p) => [p.name, p])),
    concurrency: { default: 4 },
    retryPolicy: POLICY,
    timeoutMs: 60_000,
    clock,
    random: () => 1,
    ...overrides,
  });
}

const REQUEST = { messages: [{ role: 'user' as const, content: 'Summarize this.' }] };

/** Lets queued work (timers, immediates, promise callbacks) run, without waiting on time. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Dispatcher', () => {
  it('measures latency exactly by the injected clock, and sends the provider-native model', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async () => {
      clock.advance(1_234);
      return reply('a summary');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m:v1'), REQUEST);

    expect(outcome.ok).toBe(true);
    expect(outcome.latencyMs).toBe(1_234);
    expect(outcome.ok && outcome.result.text).toBe('a summary');
    expect(outcome.ok && outcome.ttftMs).toBeNull();
    expect(outcome.startedAt).toEqual(new Date(Date.UTC(2026, 0, 1) + 1_000));
    expect(provider.requests[0]?.model).toBe('m:v1');
  });

  it('measures time to first token at the first onFirstToken when streaming', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async (_call, _request, options) => {
      clock.advance(200);
      options?.onFirstToken?.();
      clock.advance(300);
      options?.onFirstToken?.();
      clock.advance(500);
      return reply('streamed');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m'), {
      ...REQUEST,
      stream: true,
    });

    expect(outcome.ok && outcome.ttftMs).toBe(200);
    expect(outcome.latencyMs).toBe(1_000);
  });

  it('reports no time to first token when not streaming', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async (_call, _request, options) => {
      clock.advance(200);
      options?.onFirstToken?.();
      clock.advance(800);
      return reply('whole');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m'), REQUEST);

    expect(outcome.ok).toBe(true);
    expect(outcome.ok && outcome.ttftMs).toBeNull();
  });

  it('retries rate limits and times only the attempt that succeeded', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async (call) => {
      clock.advance(call * 100);
      if (call < 3) throw failure('rate_limit', 1_000);
      return reply('third time');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m'), REQUEST);

    expect(outcome.ok).toBe(true);
    expect(outcome.attempts).toBe(3);
    expect(outcome.retries).toEqual([
      { kind: 'rate_limit', message: 'rate_limit from the fake', waitMs: 1_000 },
      { kind: 'rate_limit', message: 'rate_limit from the fake', waitMs: 1_000 },
    ]);
    expect(outcome.latencyMs).toBe(300);
    expect(clock.slept).toEqual([1_000, 1_000]);
    expect(provider.calls).toBe(3);
  });

  it('does not retry an auth error, and returns it as the outcome', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async () => {
      clock.advance(40);
      throw failure('auth');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m'), REQUEST);

    expect(provider.calls).toBe(1);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.kind).toBe('auth');
    expect(outcome.attempts).toBe(1);
    expect(outcome.retries).toEqual([]);
    expect(outcome.latencyMs).toBe(40);
  });

  it('turns a non-ProviderError into an unknown error, not retried', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async () => {
      throw new TypeError('cannot read properties of undefined');
    });

    const outcome = await dispatcher([provider], clock).call(id('fake:m'), REQUEST);

    expect(provider.calls).toBe(1);
    expect(!outcome.ok && outcome.error.kind).toBe('unknown');
    expect(!outcome.ok && outcome.error.message).toContain('cannot read properties');
    expect(!outcome.ok && outcome.error.provider).toBe('fake');
  });

  it('times out a call that never answers, at the configured deadline', async () => {
    const clock = new FakeClock();
    const seenAborted: boolean[] = [];
    const provider = new FakeProvider(
      'fake',
      (_call, _request, options) =>
        new Promise<CompletionResult>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => {
            seenAborted.push(true);
            reject(failure('aborted'));
          });
        }),
    );

    const outcome = await dispatcher([provider], clock, {
      timeoutMs: 50,
      retryPolicy: { ...POLICY, maxAttempts: 1 },
    }).call(id('fake:m'), REQUEST);

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.kind).toBe('timeout');
    expect(!outcome.ok && outcome.error.message).toContain('50 ms');
    expect(seenAborted).toEqual([true]);
  });

  it('retries a timed-out attempt, since a timeout is retryable', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', (call, _request, options) =>
      call === 1
        ? new Promise<CompletionResult>((_resolve, reject) => {
            options?.signal?.addEventListener('abort', () => reject(failure('aborted')));
          })
        : Promise.resolve(reply('second try')),
    );

    const outcome = await dispatcher([provider], clock, { timeoutMs: 50 }).call(
      id('fake:m'),
      REQUEST,
    );

    expect(outcome.ok && outcome.result.text).toBe('second try');
    expect(outcome.attempts).toBe(2);
    expect(outcome.retries.map((r) => r.kind)).toEqual(['timeout']);
  });

  it('stops without retrying when the run is cancelled, and does not call it a timeout', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const provider = new FakeProvider(
      'fake',
      (_call, _request, options) =>
        new Promise<CompletionResult>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(failure('aborted')));
          controller.abort();
        }),
    );

    const outcome = await dispatcher([provider], clock, { signal: controller.signal }).call(
      id('fake:m'),
      REQUEST,
    );

    expect(provider.calls).toBe(1);
    expect(!outcome.ok && outcome.error.kind).toBe('aborted');
  });

  it('keeps no more calls in flight than the provider concurrency', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let maxInFlight = 0;
    const provider = new FakeProvider('fake', async (call) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await yieldToEventLoop();
      await yieldToEventLoop();
      inFlight--;
      return reply(`summary ${call}`);
    });
    const calls = dispatcher([provider], clock, { concurrency: { fake: 2, default: 8 } });

    const outcomes = await Promise.all(
      Array.from({ length: 7 }, () => calls.call(id('fake:m'), REQUEST)),
    );

    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(provider.calls).toBe(7);
    expect(maxInFlight).toBe(2);
  });

  it('lets a per-model concurrency override the provider concurrency', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let maxInFlight = 0;
    const provider = new FakeProvider('fake', async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await yieldToEventLoop();
      inFlight--;
      return reply('ok');
    });
    const calls = dispatcher([provider], clock, {
      concurrency: { fake: 4 },
      modelConcurrency: { 'fake:slow': 1 },
    });

    expect(calls.concurrencyOf(id('fake:slow'))).toBe(1);
    expect(calls.concurrencyOf(id('fake:fast'))).toBe(4);
    await Promise.all(Array.from({ length: 4 }, () => calls.call(id('fake:slow'), REQUEST)));
    expect(maxInFlight).toBe(1);
  });

  it('answers a model of a provider it has no adapter for with ok: false, calling nothing', async () => {
    const clock = new FakeClock();
    const provider = new FakeProvider('fake', async () => reply('never'));

    const outcome = await dispatcher([provider], clock).call(id('nosuch:model'), REQUEST);

    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.message).toContain('nosuch');
    expect(outcome.attempts).toBe(0);
    expect(provider.calls).toBe(0);
  });
});
