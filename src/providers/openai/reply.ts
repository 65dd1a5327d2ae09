/** The plain chat completions call, and the checks every reply goes through, streamed or not. */
import type OpenAI from 'openai';
import { failure } from '../errors.js';
import {
  type CallOptions,
  type CompletionRequest,
  type CompletionResult,
  MAX_TOKENS_WARNING,
} from '../types.js';
import type { CallContext } from './errors.js';
import { buildParams } from './request.js';
import { mapUsage, type SdkUsage } from './usage.js';

const NO_USAGE_WARNING = 'the server sent no usage, so tokens and cost are unknown';

export async function plainCompletion(
  client: OpenAI,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const completion = await client.chat.completions.create(buildParams(request, context), {
    signal: options.signal,
  });
  const choice = completion.choices[0];
  if (choice === undefined) {
    throw failure(context, { kind: 'server', message: 'the reply had no choices' });
  }

  return finish(
    {
      text: choice.message.content ?? '',
      refusal: choice.message.refusal ?? null,
      finishReason: choice.finish_reason ?? null,
      responseModel: completion.model ?? null,
      usage: completion.usage,
    },
    context,
  );
}

export interface Reply {
  text: string;
  refusal: string | null;
  finishReason: string | null;
  responseModel: string | null;
  usage: SdkUsage | undefined;
}

export function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.finishReason === 'content_filter') {
    const message = 'the reply was stopped by the content filter (finish_reason content_filter)';
    throw failure(context, { kind: 'content_filter', message });
  }
  if (reply.refusal && !reply.text) {
    const message = `the model refused: ${reply.refusal}`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.finishReason === 'length') warnings.push(MAX_TOKENS_WARNING);
  if (reply.usage == null) warnings.push(NO_USAGE_WARNING);
  return {
    text: reply.text,
    usage: mapUsage(reply.usage),
    finishReason: reply.finishReason,
    responseModel: reply.responseModel,
    warnings,
  };
}
