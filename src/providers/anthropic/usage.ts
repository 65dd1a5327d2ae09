import type Anthropic from '@anthropic-ai/sdk';
import { countOrNull, type Usage } from '../types.js';

/** The usage object of a message, or of `message_start` merged with `message_delta`. */
export type SdkUsage = Partial<Anthropic.Usage>;

/**
 * `message_delta` counts are cumulative totals: each one present replaces the `message_start`
 * count, as the SDK's own message accumulator does.
 */
export function mergeDeltaUsage(
  start: SdkUsage | undefined,
  delta: Partial<Anthropic.MessageDeltaUsage>,
): SdkUsage {
  const merged: SdkUsage = { ...start };
  for (const [key, value] of Object.entries(delta)) {
    if (value != null) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * Copies the counts the server sent; a field it left out stays null. `input_tokens` excludes
 * the cache, so `inputTokens` adds the cache reads and writes back in.
 */
export function mapUsage(usage: SdkUsage | null | undefined): Usage {
  const uncached = countOrNull(usage?.input_tokens);
  const cacheRead = countOrNull(usage?.cache_read_input_tokens);
  const cacheWrite = countOrNull(usage?.cache_creation_input_tokens);
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: countOrNull(usage?.output_tokens),
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: countOrNull(usage?.output_tokens_details?.thinking_tokens),
    raw: usage ?? null,
  };
}
