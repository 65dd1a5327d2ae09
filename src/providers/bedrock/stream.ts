/** The streamed ConverseStream call, read event by event into one reply. */
import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { abortError, errorMessage, failure } from '../errors.js';
import type { CallOptions, CompletionRequest, CompletionResult } from '../types.js';
import { type CallContext, isServiceException } from './errors.js';
import { finish } from './reply.js';
import { buildInput } from './request.js';

export async function streamCompletion(
  client: BedrockRuntimeClient,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.send(new ConverseStreamCommand(buildInput(request)), {
    abortSignal: options.signal,
  });
  if (response.stream === undefined) {
    throw failure(context, { kind: 'server', message: 'the reply had no event stream' });
  }

  const parts: string[] = [];
  const toolInput: string[] = [];
  let stopReason: string | null = null;
  let stopped = false;
  let metadataSeen = false;
  let usage: TokenUsage | undefined;
  let responseModel: string | null = null;
  let firstTokenSeen = false;

  try {
    for await (const event of response.stream) {
      // Text and tool input are both generated tokens: the first of either is the first token.
      const piece =
        event.contentBlockDelta?.delta?.text ?? event.contentBlockDelta?.delta?.toolUse?.input;
      if (piece) {
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        if (event.contentBlockDelta?.delta?.text !== undefined) parts.push(piece);
        else toolInput.push(piece);
      }
      if (event.messageStop) {
        stopped = true;
        stopReason = event.messageStop.stopReason ?? null;
      }
      if (event.metadata) {
        metadataSeen = true;
        usage = event.metadata.usage;
        responseModel = event.metadata.trace?.promptRouter?.invokedModelId ?? responseModel;
      }
    }
  } catch (error) {
    // An exception event inside the stream arrives as a modelled exception (it has `$fault`);
    // anything else thrown mid-stream (a reset, a half-written frame) means the body broke off.
    if (isServiceException(error) || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // Over HTTP/2 the SDK ends the loop silently, with partial text, when the call is aborted.
  if (options.signal?.aborted) throw abortError(context);
  if (!stopped || !metadataSeen) {
    const missing = [!stopped && 'messageStop', !metadataSeen && 'metadata'].filter(Boolean);
    throw failure(context, {
      kind: 'truncated',
      message: `the stream ended without ${missing.join(' or ')}`,
    });
  }

  const text = toolInput.length > 0 ? normalizeJson(toolInput.join('')) : parts.join('');
  return finish({ text, stopReason, usage, responseModel }, context);
}

/** Streamed tool input is a JSON string in pieces; compact it as the plain call's reply is. */
function normalizeJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw === '' ? '{}' : raw));
  } catch {
    return raw;
  }
}
