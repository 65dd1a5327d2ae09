/**
 * The adapter for the OpenAI chat completions API and every endpoint that speaks it, through the
 * official `openai` SDK. SDK retries are off: the runner owns the one retry policy.
 */
import OpenAI from 'openai';
import { describeProbeError, failure } from './errors.js';
import { type CallContext, probeContext, toProviderError } from './openai/errors.js';
import { plainCompletion } from './openai/reply.js';
import { streamCompletion } from './openai/stream.js';
import type { Provider } from './types.js';

export { mapUsage } from './openai/usage.js';

export interface OpenAIProviderOptions {
  /** The provider name in model ids: `openai`, or a named OpenAI-compatible endpoint. */
  name?: string;
  /** Absent or empty: the provider reports its credentials unavailable. */
  apiKey: string | undefined;
  /** Ends in `/v1`. Defaults to the OpenAI API; the SDK's own env lookup is bypassed. */
  baseURL?: string;
  /** Where the key came from (`OPENAI_API_KEY`, say), named in credentials and auth errors. */
  apiKeySource?: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
  /**
   * For OpenAI-compatible servers that differ from the OpenAI API: many take only `max_tokens`,
   * and some ignore `stream_options` and send no usage. With `usageRequired: false` such a
   * stream is accepted, its token counts (so its cost) stay unknown and the row says so.
   */
  compat?: { maxTokensParam?: 'max_completion_tokens' | 'max_tokens'; usageRequired?: boolean };
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const name = options.name ?? 'openai';
  const apiKey = options.apiKey === '' ? undefined : options.apiKey;
  const keySource = options.apiKeySource ?? (name === 'openai' ? 'OPENAI_API_KEY' : undefined);

  const missingKeyReason = keySource
    ? `${keySource} is not set`
    : `no API key configured for the "${name}" endpoint`;

  // Every option the SDK would otherwise read from process.env is given explicitly. Not
  // covered: the SDK still merges OPENAI_CUSTOM_HEADERS into every request when that is set.
  const client =
    apiKey === undefined
      ? null
      : new OpenAI({
          apiKey,
          baseURL: options.baseURL ?? DEFAULT_BASE_URL,
          organization: null,
          project: null,
          adminAPIKey: null,
          webhookSecret: null,
          maxRetries: 0,
          logLevel: 'off',
          ...(options.fetch && { fetch: options.fetch }),
        });

  return {
    name,

    credentials() {
      if (apiKey !== undefined) return { available: true, source: keySource ?? 'apiKey option' };
      return { available: false, reason: missingKeyReason };
    },

    async probe(model, probeOptions = {}) {
      if (client === null) return { ok: false, detail: missingKeyReason };
      try {
        await client.models.retrieve(model, { signal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const context = probeContext(name, model, probeOptions.signal, keySource);
        return { ok: false, detail: describeProbeError(toProviderError(error, context)) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        signal: callOptions.signal,
        keySource,
        maxTokensParam: options.compat?.maxTokensParam ?? 'max_completion_tokens',
        usageRequired: options.compat?.usageRequired ?? true,
      };
      if (client === null) throw failure(context, { kind: 'auth', message: missingKeyReason });

      try {
        return request.stream
          ? await streamCompletion(client, request, callOptions, context)
          : await plainCompletion(client, request, callOptions, context);
      } catch (error) {
        throw toProviderError(error, context);
      }
    },
  };
}
