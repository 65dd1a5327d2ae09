import type OpenAI from 'openai';
import { countOrNull, emptyUsage, type Usage } from '../types.js';

export type SdkUsage = OpenAI.CompletionUsage;

/** Copies the counts the server sent; a field it left out stays null. */
export function mapUsage(usage: SdkUsage | null | undefined): Usage {
  if (usage == null) return emptyUsage(null);
  return {
    inputTokens: countOrNull(usage.prompt_tokens),
    outputTokens: countOrNull(usage.completion_tokens),
    cachedInputTokens: countOrNull(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: countOrNull(usage.prompt_tokens_details?.cache_write_tokens),
    reasoningTokens: countOrNull(usage.completion_tokens_details?.reasoning_tokens),
    raw: usage,
  };
}
