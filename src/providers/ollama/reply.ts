/** The plain `/api/chat` call, and what every reply becomes, streamed or not. */
import type { ChatRequest, ChatResponse, Ollama } from 'ollama';
import { failure } from '../errors.js';
import { type CompletionResult, countOrNull, MAX_TOKENS_WARNING } from '../types.js';
import type { CallContext } from './errors.js';
import { mapUsage } from './usage.js';

const THINKING_WARNING =
  'the model thought although asked not to (think: false); the thinking is left out of the ' +
  'text but its tokens are counted in outputTokens';

export async function plainCompletion(
  client: Ollama,
  params: ChatRequest,
  context: CallContext,
): Promise<CompletionResult> {
  const response = await client.chat({ ...params, stream: false });
  if (response.done !== true) {
    throw failure(context, { kind: 'truncated', message: 'the reply was not marked done' });
  }
  return finish({
    content: response.message?.content ?? '',
    thinking: response.message?.thinking ?? '',
    final: response,
  });
}

export interface Reply {
  content: string;
  thinking: string;
  /** The reply, or the stream's `done: true` line: it carries the counts and durations. */
  final: ChatResponse;
}

export function finish(reply: Reply): CompletionResult {
  const { text, thinking } = setThinkingAside(reply.content, reply.thinking);
  const finishReason = reply.final.done_reason || null;

  const warnings: string[] = [];
  if (finishReason === 'length') warnings.push(MAX_TOKENS_WARNING);
  if (thinking !== '') warnings.push(THINKING_WARNING);

  const usage = mapUsage(reply.final);
  const evalCount = countOrNull(reply.final.eval_count);
  const evalDurationNs = countOrNull(reply.final.eval_duration);
  const serverTokensPerSecond =
    evalCount !== null && evalDurationNs !== null && evalDurationNs > 0
      ? evalCount / (evalDurationNs / 1e9)
      : null;

  return {
    text,
    usage,
    finishReason,
    responseModel: reply.final.model || null,
    warnings,
    serverTokensPerSecond,
  };
}

/**
 * The answer without the reasoning. Ollama puts thinking in its own field; a server that
 * predates that leaves a leading `<think>...</think>` block in the content instead.
 */
function setThinkingAside(content: string, thinking: string): { text: string; thinking: string } {
  const inline = /^\s*<think>([\s\S]*?)<\/think>\s*/.exec(content);
  if (inline === null) return { text: content, thinking: thinking.trim() };
  return {
    text: content.slice(inline[0].length),
    thinking: `${thinking}${inline[1] ?? ''}`.trim(),
  };
}
