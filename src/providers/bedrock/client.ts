/**
 * The Bedrock runtime client: which credentials to use, and a client pinned to them with the
 * SDK's retries and its own environment lookups switched off.
 */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface BedrockProviderOptions {
  /** Absent or empty: the provider reports its credentials unavailable. */
  region: string | undefined;
  /** Replaces the regional endpoint (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, a loopback server). */
  endpoint?: string;
  /** A Bedrock API key, sent as `Authorization: Bearer`; preferred over every other form. */
  bearerToken?: string;
  /** Access keys, used (with the session token, if any) when there is no bearer token. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** A profile of the shared AWS config files, used when there is neither of the above. */
  profile?: string;
  /** Where the credentials came from (`AWS_BEARER_TOKEN_BEDROCK`, ...), named in messages. */
  credentialSource?: string;
}

export type Auth =
  | { form: 'bearer'; token: string }
  | { form: 'keys'; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { form: 'profile'; profile: string };

export function chooseAuth(options: BedrockProviderOptions): Auth | null {
  const token = nonEmpty(options.bearerToken);
  if (token) return { form: 'bearer', token };
  const accessKeyId = nonEmpty(options.accessKeyId);
  const secretAccessKey = nonEmpty(options.secretAccessKey);
  if (accessKeyId && secretAccessKey) {
    const sessionToken = nonEmpty(options.sessionToken);
    return { form: 'keys', accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) };
  }
  const profile = nonEmpty(options.profile);
  return profile ? { form: 'profile', profile } : null;
}

export function defaultSource(auth: Auth): string {
  if (auth.form === 'bearer') return 'AWS_BEARER_TOKEN_BEDROCK';
  if (auth.form === 'keys') return 'AWS_ACCESS_KEY_ID';
  return `AWS_PROFILE=${auth.profile}`;
}

export function createClient(
  options: BedrockProviderOptions,
  auth: Auth,
  region: string,
): BedrockRuntimeClient {
  // HTTP/1.1 keep-alive rather than the SDK's default HTTP/2: its HTTP/2 handler gives every
  // event-stream call (ConverseStream) a session of its own even with concurrent streams on, so
  // only HTTP/1.1 reuses connections for streamed and plain calls alike. Bedrock serves
  // Converse and ConverseStream over HTTP/1.1; only bidirectional streaming needs HTTP/2.
  // No socket cap: the runner bounds concurrency, and an agent queue would count as latency.
  const agent = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY };
  const requestHandler = new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent });

  // The auth scheme is pinned both ways: the SDK would otherwise switch to bearer auth whenever
  // AWS_BEARER_TOKEN_BEDROCK is in the environment, whatever this provider was given.
  let authConfig: BedrockRuntimeClientConfig;
  if (auth.form === 'bearer') {
    authConfig = { token: { token: auth.token }, authSchemePreference: ['httpBearerAuth'] };
  } else if (auth.form === 'keys') {
    const { accessKeyId, secretAccessKey, sessionToken } = auth;
    authConfig = {
      credentials: { accessKeyId, secretAccessKey, ...(sessionToken && { sessionToken }) },
      authSchemePreference: ['sigv4'],
    };
  } else {
    // Known shortcoming: the SDK resolves a profile through its own chain, which falls through
    // to the instance metadata service when the profile does not resolve, unless
    // AWS_EC2_METADATA_DISABLED is set.
    authConfig = { profile: auth.profile, authSchemePreference: ['sigv4'] };
  }

  // Not pinned: FIPS and dual-stack endpoint settings still come from the SDK's env and config.
  return new BedrockRuntimeClient({
    region,
    ...(options.endpoint && { endpoint: options.endpoint }),
    // The edge already maps AWS_ENDPOINT_URL_BEDROCK_RUNTIME to `endpoint`; the SDK must not
    // apply it (or AWS_ENDPOINT_URL) a second time behind this provider's back.
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: 1,
    retryMode: 'standard',
    requestHandler,
    ...authConfig,
  });
}

export function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
