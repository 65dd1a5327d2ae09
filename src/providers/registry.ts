import type { EndpointConfig } from '../config/spec.js';
import { anthropicCredentials, bedrockCredentials, type Environment } from './credentials.js';
import { LocalProvider } from './local.js';
import { createOpenAIProvider } from './openai.js';
import type { CredentialStatus, Provider } from './types.js';

export interface ProviderSet {
  /** Adapters by provider name, for the providers this build can call. */
  providers: Map<string, Provider>;
  /** Whether a provider can be called, and if not, why, in one line. */
  status(provider: string): CredentialStatus;
}

export interface ProviderSetOptions {
  env: Environment;
  /** Named OpenAI-compatible endpoints from the spec. */
  endpoints?: Record<string, EndpointConfig>;
  /** The transport of the fetch-based SDKs; a test seam. */
  fetch?: typeof fetch;
}

/** Builds one adapter per provider from the environment given, without any network call. */
export function createProviderSet(options: ProviderSetOptions): ProviderSet {
  const { env } = options;
  const providers = new Map<string, Provider>();
  providers.set('local', new LocalProvider());
  providers.set(
    'openai',
    createOpenAIProvider({
      apiKey: env.OPENAI_API_KEY,
      apiKeySource: 'OPENAI_API_KEY',
      ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
  );
  for (const [name, endpoint] of Object.entries(options.endpoints ?? {})) {
    providers.set(
      name,
      createOpenAIProvider({
        name,
        apiKey: endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] : 'none',
        ...(endpoint.apiKeyEnv ? { apiKeySource: endpoint.apiKeyEnv } : {}),
        baseURL: endpoint.baseUrl,
        compat: { maxTokensParam: endpoint.maxTokensParam, usageRequired: endpoint.requireUsage },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    );
  }

  // Adapters still to come: their credentials are already decided the way they will be.
  const pending: Record<string, () => CredentialStatus> = {
    anthropic: () => anthropicCredentials(env),
    bedrock: () => bedrockCredentials(env),
    ollama: () => ({ available: true, source: 'OLLAMA_HOST' }),
  };

  return {
    providers,
    status(provider) {
      const adapter = providers.get(provider);
      if (adapter) return adapter.credentials();
      const credentials = pending[provider]?.();
      if (credentials && !credentials.available) return credentials;
      // Known shortcoming: no anthropic, bedrock or ollama adapter yet; their models are skipped.
      return { available: false, reason: `no ${provider} adapter in this version of batch-evals` };
    },
  };
}
