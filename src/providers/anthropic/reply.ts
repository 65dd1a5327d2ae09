/** The plain Messages call, and the checks every reply goes through, streamed or not. */
import type Anthropic from '@anthropic-ai/sdk';
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

const CONTEXT_WINDOW_WARNING = "output stopped at the model's context window";
const NO_TOOL_CALL_WARNING = 'the reply did not call the structured-output tool';

export type StopDetails = NonNullable<Anthropic.Message['stop_details']>;

export async function plainCompletion(
  client: Anthropic,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const message = await client.messages.create(buildParams(request), {
    signal: options.signal,
  });

  const toolName = request.responseSchema?.name;
  let text = '';
  let toolInput: string | null = null;
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    if (block.type === 'tool_use' && block.name === toolName) {
      toolInput = JSON.stringify(block.input);
    }
  }

  return finish(
    {
      text,
      toolInput,
      structured: toolName !== undefined,
      stopReason: message.stop_reason ?? null,
      stopDetails: message.stop_details ?? null,
      responseModel: message.model ?? null,
      usage: message.usage,
    },
    context,
  );
}

export interface Reply {
  text: string;
  /** The JSON text of the structured reply's tool input, when the tool was called. */
  toolInput: string | null;
  /** Whether the request asked for a structured reply. */
  structured: boolean;
  stopReason: string | null;
  stopDetails: StopDetails | null;
  responseModel: string | null;
  usage: SdkUsage | null | undefined;
}

export function finish(reply: Reply, context: CallContext): CompletionResult {
  if (reply.stopReason === 'refusal') {
    const details = reply.stopDetails;
    const category = details?.category ? `, category ${details.category}` : '';
    const explanation = details?.explanation ? `: ${details.explanation}` : '';
    const message = `the model refused (stop_reason refusal${category})${explanation}`;
    throw failure(context, { kind: 'content_filter', message });
  }

  const warnings: string[] = [];
  if (reply.stopReason === 'max_tokens') warnings.push(MAX_TOKENS_WARNING);
  if (reply.stopReason === 'model_context_window_exceeded') warnings.push(CONTEXT_WINDOW_WARNING);

  let text = reply.text;
  if (reply.structured) {
    // Without the forced tool call (a reply cut short, say) the text is kept as it came: the
    // caller's parser then says why it is not the JSON asked for.
    if (reply.toolInput !== null) text = reply.toolInput;
    else warnings.push(NO_TOOL_CALL_WARNING);
  }

  return {
    text,
    usage: mapUsage(reply.usage),
    finishReason: reply.stopReason,
    responseModel: reply.responseModel,
    warnings,
  };
}
