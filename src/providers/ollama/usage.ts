import type { ChatResponse } from 'ollama';
import { countOrNull, type Usage } from '../types.js';

/** Copies the counts of the final line; a count the server left out stays null. */
export function mapUsage(final: Partial<ChatResponse>): Usage {
  const raw: Record<string, unknown> = {};
  for (const key of [
    'prompt_eval_count',
    'eval_count',
    'eval_duration',
    'prompt_eval_duration',
    'total_duration',
    'load_duration',
  ] as const) {
    if (final[key] !== undefined) raw[key] = final[key];
  }
  return {
    // Ollama has no prompt cache accounting, no cache writes and no separate reasoning count
    // (thinking tokens are inside eval_count).
    inputTokens: countOrNull(final.prompt_eval_count),
    outputTokens: countOrNull(final.eval_count),
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    raw,
  };
}
