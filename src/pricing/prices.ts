import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import type { PriceOverride } from '../config/spec.js';
import type { ModelId } from '../providers/model-id.js';
import type { Usage } from '../providers/types.js';

/** The installed table's version: its package.json, which the package does not export. */
function tableVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@pydantic/genai-prices');
  let dir = path.dirname(entry);
  while (dir !== path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name === '@pydantic/genai-prices') return String(manifest.version);
    } catch {
      // No package.json at this level; keep walking up.
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

const TABLE_VERSION = tableVersion();

/** The maintained price table this build prices calls from. */
export const PRICE_TABLE = { source: '@pydantic/genai-prices', version: TABLE_VERSION } as const;

/** The price table's provider id for each provider of ours that bills by the token. */
const TABLE_PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  bedrock: 'aws',
};

/** Where a model's price comes from. */
export type PriceSource =
  | { kind: 'table'; providerId: string; model: string }
  | { kind: 'override'; price: PriceOverride }
  | { kind: 'free'; reason: string }
  | { kind: 'unknown'; reason: string };

/** Prices per million tokens, for display. Null when the table has no such rate. */
export interface UnitPrices {
  inputPerMTok: number | null;
  outputPerMTok: number | null;
  cacheReadPerMTok: number | null;
  cacheWritePerMTok: number | null;
}

export interface PriceOptions {
  override?: PriceOverride | undefined;
  /** The price table's provider id for a named endpoint (`pricing:` in the spec). */
  endpointPricing?: string | undefined;
}

/** Decides where a model's price comes from, without computing any cost. */
export function priceSource(model: ModelId, options: PriceOptions = {}): PriceSource {
  if (options.override) return { kind: 'override', price: options.override };
  if (model.provider === 'local') return { kind: 'free', reason: 'no model is called' };
  const providerId = TABLE_PROVIDER[model.provider] ?? options.endpointPricing;
  if (!providerId) {
    return {
      kind: 'unknown',
      reason: `no price table for provider "${model.provider}"; set models[].price in the spec`,
    };
  }
  if (!probe(model.model, providerId)) {
    return {
      kind: 'unknown',
      reason: `"${model.model}" is not in ${PRICE_TABLE.source}@${PRICE_TABLE.version}; set models[].price`,
    };
  }
  return { kind: 'table', providerId, model: model.model };
}

/**
 * The cost of one call in dollars, or null when a price or a needed token count is unknown.
 * Cache reads and writes are priced at their own rates; reasoning tokens are output tokens.
 */
export function costUsd(usage: Usage, source: PriceSource): number | null {
  if (source.kind === 'free') return 0;
  if (source.kind === 'unknown') return null;
  if (usage.inputTokens === null || usage.outputTokens === null) return null;

  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  if (source.kind === 'override') {
    const price = source.price;
    const uncached = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
    return (
      (uncached * price.inputPerMTok +
        cacheRead * (price.cacheReadPerMTok ?? price.inputPerMTok) +
        cacheWrite * (price.cacheWritePerMTok ?? price.inputPerMTok) +
        usage.outputTokens * price.outputPerMTok) /
      1e6
    );
  }

  const result = calcPrice(
    {
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheWrite,
    },
    source.model,
    { providerId: source.providerId },
  );
  return result ? result.total_price : null;
}

/** Per-million-token prices for display (`evals models`), from the same source as costs. */
export function unitPrices(source: PriceSource): UnitPrices | null {
  if (source.kind === 'free') {
    return { inputPerMTok: 0, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 };
  }
  if (source.kind === 'unknown') return null;
  if (source.kind === 'override') {
    const price = source.price;
    return {
      inputPerMTok: price.inputPerMTok,
      outputPerMTok: price.outputPerMTok,
      cacheReadPerMTok: price.cacheReadPerMTok ?? price.inputPerMTok,
      cacheWritePerMTok: price.cacheWritePerMTok ?? price.inputPerMTok,
    };
  }
  // The base tier's rates: long prompts may cost more per token, which costUsd applies.
  return {
    inputPerMTok: rateOrNull(source, 'input_mtok'),
    outputPerMTok: rateOrNull(source, 'output_mtok'),
    cacheReadPerMTok: rateOrNull(source, 'cache_read_mtok'),
    cacheWritePerMTok: rateOrNull(source, 'cache_write_mtok'),
  };
}

function rateOrNull(source: PriceSource & { kind: 'table' }, key: string): number | null {
  const result = calcPrice({ input_tokens: 1, output_tokens: 0 }, source.model, {
    providerId: source.providerId,
  });
  const rate = result?.model_price[key];
  return typeof rate === 'number' ? rate : (rate?.base ?? null);
}

function probe(model: string, providerId: string): boolean {
  return calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId }) !== null;
}
