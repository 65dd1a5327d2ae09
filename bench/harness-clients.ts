/**
 * Our side of the comparison: each provider adapter called directly, and the same adapter
 * behind the Dispatcher with the retry policy and deadline a run uses.
 */
import { createAnthropicProvider } from '../src/providers/anthropic.js';
import { createBedrockProvider } from '../src/providers/bedrock.js';
import { createOllamaProvider } from '../src/providers/ollama.js';
import { createOpenAIProvider } from '../src/providers/openai.js';
import type { CompletionRequest, Provider } from '../src/providers/types.js';
import { systemClock } from '../src/runner/clock.js';
import { Dispatcher } from '../src/runner/dispatch.js';
import { DEFAULT_RETRY_POLICY } from '../src/runner/retry.js';
import {
  API_KEY,
  BEDROCK_REGION,
  MAX_OUTPUT_TOKENS,
  MODELS,
  type ProviderName,
  SYSTEM_PROMPT,
  USER_MESSAGE,
} from './request.js';
import type { ClientCall } from './sdk-clients.js';
import type { ServerUrls } from './server-process.js';

/** The spec's default `generation.timeoutMs`: the deadline of one attempt in a run. */
const ATTEMPT_TIMEOUT_MS = 120_000;

const REQUEST: Omit<CompletionRequest, 'model' | 'stream'> = {
  system: SYSTEM_PROMPT,
  messages: [{ role: 'user', content: USER_MESSAGE }],
  maxOutputTokens: MAX_OUTPUT_TOKENS,
};

export function createAdapters(urls: ServerUrls): Record<ProviderName, Provider> {
  return {
    openai: createOpenAIProvider({ apiKey: API_KEY, baseURL: urls.openai }),
    anthropic: createAnthropicProvider({ apiKey: API_KEY, baseURL: urls.anthropic }),
    bedrock: createBedrockProvider({
      region: BEDROCK_REGION,
      endpoint: urls.bedrock,
      bearerToken: API_KEY,
    }),
    ollama: createOllamaProvider({ host: urls.ollama }),
  };
}

export function adapterCall(provider: Provider, name: ProviderName): ClientCall {
  return async (stream) => {
    const result = await provider.complete({ ...REQUEST, model: MODELS[name], stream });
    return result.text;
  };
}

/**
 * A dispatcher of its own for each concurrency, since it fixes a provider's limit at its first
 * call; the limit equals the calls the benchmark keeps in flight, so nothing queues behind it.
 */
export function dispatcherCall(
  provider: Provider,
  name: ProviderName,
  concurrency: number,
): ClientCall {
  const dispatcher = new Dispatcher({
    providers: new Map([[name, provider]]),
    concurrency: { [name]: concurrency },
    retryPolicy: DEFAULT_RETRY_POLICY,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    clock: systemClock,
  });
  const model = { id: `${name}:${MODELS[name]}`, provider: name, model: MODELS[name] };

  return async (stream) => {
    const outcome = await dispatcher.call(model, { ...REQUEST, stream });
    if (!outcome.ok) throw outcome.error;
    // A retried call would measure more than one request; on a loopback server it means a bug.
    if (outcome.attempts !== 1) throw new Error(`${model.id}: ${outcome.attempts} attempts`);
    return outcome.result.text;
  };
}
