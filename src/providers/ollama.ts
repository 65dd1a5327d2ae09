/**
 * The adapter for Ollama's native chat API (`/api/chat`), through the official `ollama` SDK.
 * The SDK has no timeout, no retries and does not read OLLAMA_HOST: the host comes in as a
 * value, and each call's deadline reaches the wire through the fetch given to the client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Ollama } from 'ollama';
import { abortError } from './errors.js';
import { type CallContext, toProviderError, unreachableReason } from './ollama/errors.js';
import { plainCompletion } from './ollama/reply.js';
import { buildParams } from './ollama/request.js';
import { streamCompletion } from './ollama/stream.js';
import type { CredentialStatus, Provider } from './types.js';

export { mapUsage } from './ollama/usage.js';

export interface OllamaProviderOptions {
  /** Where Ollama listens, e.g. `http://127.0.0.1:11434` (the CLI maps OLLAMA_HOST here). */
  host: string;
  /** The transport; a test seam. */
  fetch?: typeof fetch;
  /** How long the server keeps the model loaded after a call (`5m`, `1h`), as `keep_alive`. */
  keepAlive?: string;
  /** How long `preflight` waits for `GET /api/tags` before calling the server unreachable. */
  preflightTimeoutMs?: number;
}

const DEFAULT_PREFLIGHT_TIMEOUT_MS = 2_000;

export function createOllamaProvider(options: OllamaProviderOptions): Provider {
  const name = 'ollama';
  const { host } = options;
  const preflightTimeoutMs = options.preflightTimeoutMs ?? DEFAULT_PREFLIGHT_TIMEOUT_MS;

  // The SDK passes no signal on plain calls and its own on streams, so the caller's signal is
  // carried to fetch through async context: one client serves concurrent calls, each with its
  // own deadline.
  const callSignal = new AsyncLocalStorage<AbortSignal | undefined>();
  const transport = options.fetch ?? fetch;
  const signalledFetch: typeof fetch = (input, init) => {
    const signal = callSignal.getStore();
    if (signal === undefined) return transport(input, init);
    const merged = init?.signal ? AbortSignal.any([init.signal, signal]) : signal;
    return transport(input, { ...init, signal: merged });
  };
  const client = new Ollama({ host, fetch: signalledFetch });

  return {
    name,

    credentials(): CredentialStatus {
      return { available: true, source: host };
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: name,
        model: request.model,
        host,
        signal: callOptions.signal,
      };
      const params = buildParams(request, options.keepAlive);

      try {
        return await callSignal.run(callOptions.signal, () =>
          request.stream
            ? streamCompletion(client, params, callOptions, context)
            : plainCompletion(client, params, context),
        );
      } catch (error) {
        throw toProviderError(error, context);
      }
    },

    async probe(model, probeOptions = {}) {
      const status = (await this.preflight?.([model], probeOptions))?.get(model);
      if (!status) return { ok: false, detail: 'no answer' };
      return status.available
        ? { ok: true, detail: 'answers; model pulled' }
        : { ok: false, detail: status.reason };
    },

    async preflight(models, preflightOptions = {}) {
      const deadline = AbortSignal.timeout(preflightTimeoutMs);
      const signal = preflightOptions.signal
        ? AbortSignal.any([preflightOptions.signal, deadline])
        : deadline;

      let pulled: string[];
      try {
        const list = await callSignal.run(signal, () => client.list());
        pulled = (list.models ?? []).flatMap((model) => [model.name, model.model]);
      } catch (error) {
        if (preflightOptions.signal?.aborted) {
          const context = { provider: name, model: models.join(', '), host };
          throw abortError({ ...context, signal: preflightOptions.signal }, error);
        }
        const reason = unreachableReason(error, host, deadline.aborted, preflightTimeoutMs);
        return new Map(models.map((model) => [model, { available: false, reason }]));
      }

      const present = new Set(pulled.filter(Boolean).map(canonicalModelName));
      return new Map(
        models.map((model): [string, CredentialStatus] => [
          model,
          present.has(canonicalModelName(model))
            ? { available: true, source: host }
            : { available: false, reason: `not pulled on ${host}: run \`ollama pull ${model}\`` },
        ]),
      );
    },
  };
}

/**
 * The name Ollama resolves a model reference to: `llama3` is `llama3:latest`, and the default
 * registry and namespace may be spelled out or left off. Names compare case-insensitively.
 */
export function canonicalModelName(name: string): string {
  let canonical = name.trim().toLowerCase();
  canonical = canonical.replace(/^(https?:\/\/)?registry\.ollama\.ai\//, '');
  canonical = canonical.replace(/^library\//, '');
  const lastSegment = canonical.slice(canonical.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? canonical : `${canonical}:latest`;
}
