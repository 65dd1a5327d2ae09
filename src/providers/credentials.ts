import type { CredentialStatus } from './types.js';

/** The environment as plain values: read once at the edge and passed in. */
export type Environment = Readonly<Record<string, string | undefined>>;

function present(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Bedrock's credentials, decided from the environment alone. The AWS SDK's default chain would
 * ask the instance metadata service when nothing is set; this never does.
 */
export function bedrockCredentials(env: Environment): CredentialStatus {
  const region = present(env, 'AWS_REGION') ?? present(env, 'AWS_DEFAULT_REGION');
  let source: string | null = null;
  if (present(env, 'AWS_BEARER_TOKEN_BEDROCK')) source = 'AWS_BEARER_TOKEN_BEDROCK';
  else if (present(env, 'AWS_ACCESS_KEY_ID') && present(env, 'AWS_SECRET_ACCESS_KEY')) {
    source = 'AWS_ACCESS_KEY_ID';
  } else if (present(env, 'AWS_PROFILE')) source = `AWS_PROFILE=${present(env, 'AWS_PROFILE')}`;

  if (!source) {
    return {
      available: false,
      reason:
        'no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE',
    };
  }
  if (!region) return { available: false, reason: `${source} is set but AWS_REGION is not` };
  return { available: true, source: `${source}, region ${region}` };
}

/** Ollama needs no key; where it listens comes from OLLAMA_HOST, which its SDK does not read. */
export function ollamaHost(env: Environment): string {
  const host = present(env, 'OLLAMA_HOST') ?? 'http://127.0.0.1:11434';
  return /^https?:\/\//.test(host) ? host : `http://${host}`;
}
