/** The plain Converse call, and the checks every reply goes through, streamed or not. */
import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type TokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { failure } from '../errors.js';
import {
  type CallOptions,
  type CompletionRequest,
  type CompletionResult,
  MAX_TOKENS_WARNING,
} from '../types.js';
import type { CallContext } from './errors.js';
import { buildInput } from './request.js';
import { mapUsage } from './usage.js';

export async function plainCompletion(
  client: BedrockRuntimeClient,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.send(new ConverseCommand(buildInput(request)), {
    abortSignal: options.signal,
  });
  const content = response.output?.message?.content ?? [];
  return finish(
    {
      text: replyText(content),
      stopReason: response.stopReason ?? null,
      usage: response.usage,
      responseModel: response.trace?.promptRouter?.invokedModelId ?? null,
    },
    context,
  );
}

/** The JSON of the first toolUse block (a structured reply), else the text blocks joined. */
function replyText(content: ContentBlock[]): string {
  const toolUse = content.find((block) => block.toolUse !== undefined)?.toolUse;
  if (toolUse) return JSON.stringify(toolUse.input ?? {});
  return content.map((block) => block.text ?? '').join('');
}

export interface Reply {
  text: string;
  stopReason: string | null;
  usage: TokenUsage | undefined;
  responseModel: string | null;
}

export function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.stopReason === 'guardrail_intervened' || reply.stopReason === 'content_filtered') {
    const message = `the reply was stopped by a content filter (stopReason ${reply.stopReason})`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.stopReason === 'max_tokens') warnings.push(MAX_TOKENS_WARNING);
  if (reply.stopReason === 'model_context_window_exceeded') {
    warnings.push("output hit the model's context window");
  }
  if (reply.stopReason === 'malformed_tool_use' || reply.stopReason === 'malformed_model_output') {
    warnings.push(`the model's output was malformed (stopReason ${reply.stopReason})`);
  }
  return {
    text: reply.text,
    usage: mapUsage(reply.usage),
    finishReason: reply.stopReason,
    responseModel: reply.responseModel,
    warnings,
  };
}
