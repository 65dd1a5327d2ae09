/** The streamed chat completions call, read chunk by chunk into one reply. */
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { abortError, errorMessage, failure } from '../errors.js';
import type { CallOptions, CompletionRequest, CompletionResult } from '../types.js';
import type { CallContext } from './errors.js';
import { finish } from './reply.js';
import { buildParams } from './request.js';
import type { SdkUsage } from './usage.js';

export async function streamCompletion(
  client: OpenAI,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream = await client.chat.completions.create(
    { ...buildParams(request, context), stream: true, stream_options: { include_usage: true } },
    { signal: options.signal },
  );

  const parts: string[] = [];
  let refusal: string | null = null;
  let finishReason: string | null = null;
  let responseModel: string | null = null;
  let usage: SdkUsage | undefined;
  let firstTokenSeen = false;

  try {
    for await (const chunk of stream) {
      if (chunk.model) responseModel = chunk.model;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (choice === undefined) continue;

      const piece = choice.delta?.content;
      if (piece) {
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        parts.push(piece);
      }
      if (choice.delta?.refusal) refusal = (refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  } catch (error) {
    // An error event inside the stream arrives as an APIError; anything else thrown mid-stream
    // (undici's "terminated", a half-written chunk) means the connection was cut.
    if (error instanceof APIError || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // The SDK ends the loop silently, with partial text, on an abort or a cut connection.
  if (options.signal?.aborted) throw abortError(context);
  if (finishReason === null) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without a finish_reason',
    });
  }
  if (usage === undefined && context.usageRequired) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without its usage chunk',
    });
  }

  return finish({ text: parts.join(''), refusal, finishReason, responseModel, usage }, context);
}
