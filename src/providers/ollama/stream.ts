/** The streamed `/api/chat` call, read line by line into one reply. */
import type { AbortableAsyncIterator, ChatRequest, ChatResponse, Ollama } from 'ollama';
import { failure } from '../errors.js';
import type { CallOptions, CompletionResult } from '../types.js';
import { type CallContext, fromStreamError } from './errors.js';
import { finish } from './reply.js';

export async function streamCompletion(
  client: Ollama,
  params: ChatRequest,
  options: CallOptions,
  context: CallContext,
): Promise<CompletionResult> {
  const stream: AbortableAsyncIterator<ChatResponse> = await client.chat({
    ...params,
    stream: true,
  });

  const parts: string[] = [];
  const thoughts: string[] = [];
  let final: ChatResponse | undefined;
  let firstTokenSeen = false;

  // Known shortcoming: the SDK forgets a stream only when it reaches `done`, so the client
  // keeps a small reference to every stream that failed, for as long as the provider lives.
  try {
    for await (const chunk of stream) {
      const piece = chunk.message?.content;
      if (piece) {
        // Thinking is not the answer: time to first token is measured to the first word of it.
        if (!firstTokenSeen) {
          firstTokenSeen = true;
          options.onFirstToken?.();
        }
        parts.push(piece);
      }
      if (chunk.message?.thinking) thoughts.push(chunk.message.thinking);
      if (chunk.done) final = chunk;
    }
  } catch (error) {
    throw fromStreamError(error, context);
  }

  if (final === undefined) {
    throw failure(context, {
      kind: 'truncated',
      message: 'the stream ended without its done: true line',
    });
  }
  return finish({ content: parts.join(''), thinking: thoughts.join(''), final });
}
