import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { countOrNull, emptyUsage, type Usage } from '../types.js';

/**
 * Bedrock's `inputTokens` leaves out the prompt tokens read from or written to the cache; the
 * harness counts every prompt token, so those are added back. A field it left out stays null.
 */
export function mapUsage(usage: TokenUsage | null | undefined): Usage {
  if (usage == null) return emptyUsage(null);
  const uncached = countOrNull(usage.inputTokens);
  const cacheRead = countOrNull(usage.cacheReadInputTokens);
  const cacheWrite = countOrNull(usage.cacheWriteInputTokens);
  return {
    inputTokens: uncached === null ? null : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: countOrNull(usage.outputTokens),
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: null,
    raw: usage,
  };
}
