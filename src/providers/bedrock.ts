/**
 * The adapter for Amazon Bedrock's Converse and ConverseStream APIs, through the official
 * `@aws-sdk/client-bedrock-runtime`. One client per provider, SDK retries off (the runner owns
 * the one retry policy), credentials always given explicitly so the SDK's default chain, and
 * with it the instance metadata service, is never walked to decide anything.
 */
import { CountTokensCommand } from '@aws-sdk/client-bedrock-runtime';
import {
  type BedrockProviderOptions,
  chooseAuth,
  createClient,
  defaultSource,
  nonEmpty,
} from './bedrock/client.js';
import { type CallContext, toProviderError } from './bedrock/errors.js';
import { plainCompletion } from './bedrock/reply.js';
import { streamCompletion } from './bedrock/stream.js';
import { describeProbeError, failure } from './errors.js';
import type { CredentialStatus, Provider } from './types.js';

export type { BedrockProviderOptions } from './bedrock/client.js';
export { mapUsage } from './bedrock/usage.js';

const NAME = 'bedrock';
const NO_CREDENTIALS =
  'no AWS credentials: set AWS_BEARER_TOKEN_BEDROCK, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE';

export function createBedrockProvider(options: BedrockProviderOptions): Provider {
  const region = nonEmpty(options.region);
  const auth = chooseAuth(options);
  const source = auth ? (options.credentialSource ?? defaultSource(auth)) : undefined;

  let status: CredentialStatus;
  if (!auth || source === undefined) status = { available: false, reason: NO_CREDENTIALS };
  else if (!region) status = { available: false, reason: `${source} is set but AWS_REGION is not` };
  else status = { available: true, source: `${source}, region ${region}` };

  const client = status.available && auth && region ? createClient(options, auth, region) : null;

  return {
    name: NAME,

    credentials() {
      return status;
    },

    async probe(model, probeOptions = {}) {
      if (client === null || !status.available) {
        return { ok: false, detail: status.available ? NO_CREDENTIALS : status.reason };
      }
      // CountTokens is free. Bedrock checks credentials before it validates the request, so a
      // ValidationException (CountTokens does not take every inference profile id) still says
      // the endpoint answered and accepted the credentials.
      const command = new CountTokensCommand({
        modelId: model,
        input: { converse: { messages: [{ role: 'user', content: [{ text: 'ping' }] }] } },
      });
      const context = {
        provider: NAME,
        model,
        signal: probeOptions.signal,
        credentialSource: source,
      };
      try {
        await client.send(command, { abortSignal: probeOptions.signal });
        return { ok: true, detail: 'answers; model found' };
      } catch (error) {
        const mapped = toProviderError(error, context);
        if (mapped.kind === 'invalid_request') {
          return { ok: true, detail: `answers; credentials accepted (${mapped.message})` };
        }
        return { ok: false, detail: describeProbeError(mapped) };
      }
    },

    async complete(request, callOptions = {}) {
      const context: CallContext = {
        provider: NAME,
        model: request.model,
        signal: callOptions.signal,
        credentialSource: source,
      };
      if (client === null || !status.available) {
        const message = status.available ? NO_CREDENTIALS : status.reason;
        throw failure(context, { kind: 'auth', message });
      }

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
