/** The streamed Messages call, read event by event into one reply. */
import type Anthropic from '@anthropic-ai/sdk';
import { APIError } from '@anthropic-ai/sdk';
import { abortError, errorMessage, failure } from '../errors.js';
import type { CallOptions, CompletionRequest, CompletionResult } from '../types.js';
import type { CallContext } from './errors.js';
import { finish, type StopDetails } from './reply.js';
import { buildParams } from './request.js';
import { mergeDeltaUsage, type SdkUsage } from './usage.js';

export async function streamCompletion(
  client: Anthropic,
  request: CompletionRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream = await client.messages.create(
    { ...buildParams(request), stream: true },
    { signal: options.signal },
  );

  const toolName = request.responseSchema?.name;
  const textParts: string[] = [];
  const toolParts: string[] = [];
  // The index of the content block that holds the structured reply, once it has started.
  let toolIndex: number | null = null;
  let stopReason: string | null = null;
  let stopDetails: StopDetails | null = null;
  let responseModel: string | null = null;
  let usage: SdkUsage | undefined;
  let stopped = false;
  let firstTokenSeen = false;

  const generated = (piece: string) => {
    if (piece === '' || firstTokenSeen) return;
    firstTokenSeen = true;
    options.onFirstToken?.();
  };

  try {
    for await (const event of stream) {
      switch (event.type) {
        case 'message_start':
          responseModel = event.message.model ?? null;
          usage = event.message.usage ? { ...event.message.usage } : undefined;
          break;
        case 'content_block_start':
          if (event.content_block.type === 'tool_use' && event.content_block.name === toolName) {
            toolIndex = event.index;
          }
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') {
            generated(event.delta.text);
            textParts.push(event.delta.text);
          } else if (event.delta.type === 'input_json_delta' && event.index === toolIndex) {
            generated(event.delta.partial_json);
            toolParts.push(event.delta.partial_json);
          }
          break;
        case 'message_delta':
          stopReason = event.delta.stop_reason ?? null;
          stopDetails = event.delta.stop_details ?? null;
          if (event.usage) usage = mergeDeltaUsage(usage, event.usage);
          break;
        case 'message_stop':
          stopped = true;
          break;
      }
    }
  } catch (error) {
    // An error event inside the stream arrives as an APIError; anything else thrown mid-stream
    // (undici's "terminated", a half-written event) means the connection was cut.
    if (error instanceof APIError || options.signal?.aborted) throw error;
    throw failure(context, {
      kind: 'truncated',
      message: `the stream broke off: ${errorMessage(error)}`,
      cause: error,
    });
  }

  // The SDK ends the loop silently, with partial text, on an abort or a cut connection.
  if (options.signal?.aborted) throw abortError(context);
  if (!stopped) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without message_stop',
    });
  }

  return finish(
    {
      text: textParts.join(''),
      toolInput: toolIndex === null ? null : toolParts.join(''),
      structured: toolName !== undefined,
      stopReason,
      stopDetails,
      responseModel,
      usage,
    },
    context,
  );
}
