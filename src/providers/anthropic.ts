/**
 * The adapter for the Anthropic Messages API, through the official `@anthropic-ai/sdk`. SDK
 * retries are off: the runner owns the one retry policy.
 */
import Anthropic from '@anthropic-ai/sdk';
import { type CallContext, toProviderError } from './anthropic/errors.js';
import { plainCompletion } from './anthropic/reply.js';
import { streamCompletion } from './anthropic/stream.js';
import { describeProbeError, failure } from './errors.js';
import type { Provider } from './types.js';

export { mapUsage } from './anthropic/usage.js';

export interface AnthropicProviderOptions {
  /** Absent or empty: the provider reports its credentials unavailable. */
  apiKey: string | undefined;
  /** Without `/v1`. Defaults to the Anthropic API; the SDK's own env lookup is bypassed. */
  baseURL?: string;
  /** Where the key came from, named in credentials and auth errors (`ANTHROPIC_API_KEY`). */
  apiKeySource?: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
const DEFAULT_KEY_SOURCE = 'ANTHROPIC_API_KEY';
/**
 * The SDK's timeout covers only the wait for the response headers, which a non-streaming reply
 * sends when generation is done: it must outlast the longest generation, so the caller's signal
 * is the real deadline. Set explicitly, it also stops the SDK refusing non-streaming calls with a
 * large `max_tokens` before sending them.
 */
const SDK_TIMEOUT_MS = 60 * 60 * 1000;

const TEMPERATURE_WARNING =
  'temperature is ignored: the Anthropic API version this SDK uses does not accept it';

export function createAnthropicProvider(options: AnthropicProviderOptions): Provider {
  const name = 'anthropic';
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const keySource = options.apiKeySource ?? DEFAULT_KEY_SOURCE;
  const missingKeyReason = `${keySource} is not set`;

  // Every option the SDK would otherwise read from process.env is given explicitly; an explicit
  // `apiKey` also keeps it from walking its own credential chain (profiles, config files). Not
  // covered: the SDK still merges ANTHROPIC_CUSTOM_HEADERS into every request when that is set.
  const client =
    apiKey === undefined
      ? null
      : new Anthropic({
          apiKey,
          baseURL: options.baseURL ?? DEFAULT_BASE_URL,
          webhookKey: null,
          maxRetries: 0,
          timeout: SDK_TIMEOUT_MS,
          logLevel: 'off',
          // The harness wraps each call in its own span; the SDK's would duplicate it.
          openTelemetry: false,
          ...(options.fetch && { fetch: options.fetch }),
        });

  return {
    name,

    credentials() {
      if (apiKey !== undefined) return { available: true, source: keySource };
      return { available: false, reason: missingKeyReason };
    },

    async probe(model, probeOptions = {}) {
      if (client === null) return { ok: false, detail: missingKeyReason };
      try {
        await client.models.retrieve(model, {}, { signal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const context = { provider: name, model, signal: probeOptions.signal, keySource };
        return { ok: false, detail: describeProbeError(toProviderError(error, context)) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        signal: callOptions.signal,
        keySource,
      };
      if (client === null) throw failure(context, { kind: 'auth', message: missingKeyReason });

      try {
        const result = request.stream
          ? await streamCompletion(client, request, callOptions, context)
          : await plainCompletion(client, request, callOptions, context);
        if (request.temperature !== undefined) result.warnings.unshift(TEMPERATURE_WARNING);
        return result;
      } catch (error) {
        throw toProviderError(error, context);
      }
    },
  };
}
