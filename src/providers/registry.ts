import type { EndpointConfig } from '../config/spec.js';
import { createAnthropicProvider } from './anthropic.js';
import { createBedrockProvider } from './bedrock.js';
import { type Environment, ollamaHost } from './credentials.js';
import { LocalProvider } from './local.js';
import { createOllamaProvider } from './ollama.js';
import { createOpenAIProvider } from './openai.js';
import type { CredentialStatus, Provider } from './types.js';

export interface ProviderSet {
  /** Adapters by provider name. */
  providers: Map<string, Provider>;
  /** Whether a provider can be called, and if not, why, in one line. No network call. */
  status(provider: string): CredentialStatus;
}

export interface ProviderSetOptions {
  env: Environment;
  /** Named OpenAI-compatible endpoints from the spec. */
  endpoints?: Record<string, EndpointConfig>;
  /** The transport of the fetch-based SDKs; a test seam. */
  fetch?: typeof fetch;
}

/**
 * Builds one adapter per provider from the environment given: each SDK's own variables, read
 * here and nowhere else, and never the AWS default credential chain. No network call is made.
 */
export function createProviderSet(options: ProviderSetOptions): ProviderSet {
  const { env } = options;
  const withFetch = options.fetch ? { fetch: options.fetch } : {};
  const providers = new Map<string, Provider>();

  providers.set('local', new LocalProvider());
  providers.set(
    'openai',
    createOpenAIProvider({
      apiKey: env.OPENAI_API_KEY,
      apiKeySource: 'OPENAI_API_KEY',
      ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}),
      ...withFetch,
    }),
  );
  providers.set(
    'anthropic',
    createAnthropicProvider({
      apiKey: env.ANTHROPIC_API_KEY,
      apiKeySource: 'ANTHROPIC_API_KEY',
      ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      ...withFetch,
    }),
  );
  providers.set('bedrock', bedrockFromEnv(env));
  providers.set('ollama', createOllamaProvider({ host: ollamaHost(env), ...withFetch }));

  for (const [name, endpoint] of Object.entries(options.endpoints ?? {})) {
    providers.set(
      name,
      createOpenAIProvider({
        name,
        // A server that needs no key (a local vLLM, say) still gets a placeholder: the SDK wants one.
        apiKey: endpoint.apiKeyEnv ? env[endpoint.apiKeyEnv] : 'none',
        ...(endpoint.apiKeyEnv ? { apiKeySource: endpoint.apiKeyEnv } : {}),
        baseURL: endpoint.baseUrl,
        compat: { maxTokensParam: endpoint.maxTokensParam, usageRequired: endpoint.requireUsage },
        ...withFetch,
      }),
    );
  }

  return {
    providers,
    status(provider) {
      const adapter = providers.get(provider);
      if (!adapter) return { available: false, reason: `unknown provider "${provider}"` };
      return adapter.credentials();
    },
  };
}

/** Bedrock from the AWS variables; the adapter picks bearer token, then keys, then profile. */
function bedrockFromEnv(env: Environment): Provider {
  const value = (name: string) => env[name]?.trim() || undefined;
  return createBedrockProvider({
    region: value('AWS_REGION') ?? value('AWS_DEFAULT_REGION'),
    endpoint: value('AWS_ENDPOINT_URL_BEDROCK_RUNTIME'),
    bearerToken: value('AWS_BEARER_TOKEN_BEDROCK'),
    accessKeyId: value('AWS_ACCESS_KEY_ID'),
    secretAccessKey: value('AWS_SECRET_ACCESS_KEY'),
    sessionToken: value('AWS_SESSION_TOKEN'),
    profile: value('AWS_PROFILE'),
  });
}
