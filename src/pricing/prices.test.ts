import { describe, expect, it } from 'vitest';
import { type ModelId, parseModelId } from '../providers/model-id.js';
import type { Usage } from '../providers/types.js';
import { costUsd, PRICE_TABLE, type PriceSource, priceSource, unitPrices } from './prices.js';

// The table's published prices in dollars per million tokens (@pydantic/genai-prices 0.1.x),
// looked up once with calcPrice and hard-coded so that the expected costs below are worked by
// hand rather than by the code under test:
//   openai gpt-5.4-mini:      $0.75 in, $0.075 cache read, no cache-write rate, $4.50 out
//   anthropic claude-haiku-4-5: $1 in, $0.10 cache read, $1.25 cache write, $5 out
//   aws (regional) claude-haiku-4-5: $1.10 in, $0.11 cache read, $1.375 cache write, $5.50 out
//   anthropic claude-sonnet-4-5, tiered by prompt size: up to 200k prompt tokens $3 in,
//     $0.30 cache read, $3.75 cache write, $15 out; above 200k $6, $0.60, $7.50, $22.50

function id(text: string): ModelId {
  const model = parseModelId(text);
  if (!model) throw new Error(`bad model id in test: ${text}`);
  return model;
}

function usage(fields: Partial<Usage>): Usage {
  return {
    inputTokens: null,
    outputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    raw: null,
    ...fields,
  };
}

const GPT_MINI = 'openai:gpt-5.4-mini';
const HAIKU = 'anthropic:claude-haiku-4-5';
const BEDROCK_HAIKU = 'bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0';

describe('priceSource', () => {
  it('finds the table price for OpenAI, Anthropic and Bedrock models the table knows', () => {
    expect(priceSource(id(GPT_MINI))).toEqual({
      kind: 'table',
      providerId: 'openai',
      model: 'gpt-5.4-mini',
    });
    expect(priceSource(id(HAIKU))).toEqual({
      kind: 'table',
      providerId: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(priceSource(id(BEDROCK_HAIKU))).toEqual({
      kind: 'table',
      providerId: 'aws',
      model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    });
  });

  it('treats the local baselines as free', () => {
    expect(priceSource(id('local:lead-3')).kind).toBe('free');
  });

  it('marks an Ollama model without an override unknown, and says to set models[].price', () => {
    const source = priceSource(id('ollama:qwen3:8b'));
    expect(source.kind).toBe('unknown');
    expect(source.kind === 'unknown' && source.reason).toContain('models[].price');
    expect(source.kind === 'unknown' && source.reason).toContain('ollama');
  });

  it('marks a model the table lacks unknown, naming the model, the table and the fix', () => {
    const source = priceSource(id('openai:gpt-nonexistent-9'));
    expect(source.kind).toBe('unknown');
    const reason = source.kind === 'unknown' ? source.reason : '';
    expect(reason).toContain('gpt-nonexistent-9');
    expect(reason).toContain(`${PRICE_TABLE.source}@${PRICE_TABLE.version}`);
    expect(reason).toContain('models[].price');
  });

  it('prices a named endpoint from the table provider its spec names', () => {
    expect(priceSource(id('groq:llama-3.1-8b-instant'), { endpointPricing: 'groq' })).toEqual({
      kind: 'table',
      providerId: 'groq',
      model: 'llama-3.1-8b-instant',
    });
    expect(priceSource(id('groq:llama-3.1-8b-instant')).kind).toBe('unknown');
  });

  it('lets an override win over the table, over free and over unknown', () => {
    const price = { inputPerMTok: 2, outputPerMTok: 8 };
    for (const model of [GPT_MINI, 'local:lead-3', 'ollama:qwen3:8b']) {
      expect(priceSource(id(model), { override: price })).toEqual({ kind: 'override', price });
    }
  });
});

describe('costUsd', () => {
  it('prices uncached input, cache reads and output at their own table rates', () => {
    // 8,000 uncached x $0.75 + 2,000 cache reads x $0.075 + 500 out x $4.50, per million.
    const cost = costUsd(
      usage({ inputTokens: 10_000, cachedInputTokens: 2_000, outputTokens: 500 }),
      priceSource(id(GPT_MINI)),
    );
    expect(cost).toBeCloseTo((8_000 * 0.75 + 2_000 * 0.075 + 500 * 4.5) / 1e6, 12);
    expect(cost).toBeCloseTo(0.0084, 12);
  });

  it('prices cache writes at the cache-write rate, apart from reads and uncached input', () => {
    // 6,000 uncached x $1 + 3,000 reads x $0.10 + 1,000 writes x $1.25 + 400 out x $5.
    const cost = costUsd(
      usage({
        inputTokens: 10_000,
        cachedInputTokens: 3_000,
        cacheWriteTokens: 1_000,
        outputTokens: 400,
      }),
      priceSource(id(HAIKU)),
    );
    expect(cost).toBeCloseTo(0.00955, 12);
  });

  it('prices a Bedrock call at the table rate for the regional inference profile', () => {
    // 1,000,000 in x $1.10 + 100,000 out x $5.50.
    const cost = costUsd(
      usage({ inputTokens: 1_000_000, outputTokens: 100_000 }),
      priceSource(id(BEDROCK_HAIKU)),
    );
    expect(cost).toBeCloseTo(1.65, 10);
  });

  it('prices a prompt over 200k tokens at the upper tier of a tiered model', () => {
    const source = priceSource(id('anthropic:claude-sonnet-4-5'));
    // 10,000 in x $3 + 1,000 out x $15.
    expect(costUsd(usage({ inputTokens: 10_000, outputTokens: 1_000 }), source)).toBeCloseTo(
      0.045,
      12,
    );
    // 300,000 in x $6 + 1,000 out x $22.50.
    expect(costUsd(usage({ inputTokens: 300_000, outputTokens: 1_000 }), source)).toBeCloseTo(
      1.8225,
      12,
    );
  });

  it('counts reasoning tokens inside output, never on top of it', () => {
    const source = priceSource(id(GPT_MINI));
    const plain = usage({ inputTokens: 1_000, outputTokens: 2_000 });
    const withReasoning = { ...plain, reasoningTokens: 1_500 };
    // 1,000 in x $0.75 + 2,000 out x $4.50: the 1,500 reasoning tokens are part of the 2,000.
    expect(costUsd(withReasoning, source)).toBeCloseTo(0.00975, 12);
    expect(costUsd(withReasoning, source)).toBe(costUsd(plain, source));
  });

  it('prices an override, with cache reads and writes at the input price when it sets none', () => {
    const source = priceSource(id('ollama:qwen3:8b'), {
      override: { inputPerMTok: 2, outputPerMTok: 8 },
    });
    const cost = costUsd(
      usage({
        inputTokens: 10_000,
        cachedInputTokens: 2_000,
        cacheWriteTokens: 1_000,
        outputTokens: 500,
      }),
      source,
    );
    // All 10,000 prompt tokens at $2, 500 out at $8.
    expect(cost).toBeCloseTo(0.024, 12);
  });

  it('prices an override with its own cache read and write prices', () => {
    const source = priceSource(id('ollama:qwen3:8b'), {
      override: {
        inputPerMTok: 2,
        outputPerMTok: 8,
        cacheReadPerMTok: 0.5,
        cacheWritePerMTok: 2.5,
      },
    });
    const cost = costUsd(
      usage({
        inputTokens: 10_000,
        cachedInputTokens: 2_000,
        cacheWriteTokens: 1_000,
        outputTokens: 500,
      }),
      source,
    );
    // 7,000 x $2 + 2,000 x $0.50 + 1,000 x $2.50 + 500 x $8.
    expect(cost).toBeCloseTo(0.0215, 12);
  });

  it('is unknown when the input or output token count is unknown, never 0', () => {
    for (const source of [
      priceSource(id(GPT_MINI)),
      priceSource(id(HAIKU), { override: { inputPerMTok: 1, outputPerMTok: 1 } }),
    ]) {
      expect(costUsd(usage({ inputTokens: null, outputTokens: 100 }), source)).toBeNull();
      expect(costUsd(usage({ inputTokens: 100, outputTokens: null }), source)).toBeNull();
    }
  });

  it('is unknown when the price is unknown, even with every token counted', () => {
    const cost = costUsd(
      usage({ inputTokens: 100, outputTokens: 100 }),
      priceSource(id('ollama:qwen3:8b')),
    );
    expect(cost).toBeNull();
  });

  it('is 0 for a free model', () => {
    const free = priceSource(id('local:lead-3'));
    expect(costUsd(usage({ inputTokens: 5_000, outputTokens: 100 }), free)).toBe(0);
    expect(costUsd(usage({}), free)).toBe(0);
  });
});

describe('unitPrices', () => {
  it('gives the table rates per million tokens, null where the table has no rate', () => {
    expect(unitPrices(priceSource(id(HAIKU)))).toEqual({
      inputPerMTok: 1,
      outputPerMTok: 5,
      cacheReadPerMTok: 0.1,
      cacheWritePerMTok: 1.25,
    });
    const mini = unitPrices(priceSource(id(GPT_MINI)));
    expect(mini?.inputPerMTok).toBeCloseTo(0.75, 12);
    expect(mini?.outputPerMTok).toBeCloseTo(4.5, 12);
    expect(mini?.cacheReadPerMTok).toBeCloseTo(0.075, 12);
    expect(mini?.cacheWritePerMTok).toBeNull();
  });

  it('gives the base-tier rates of a tiered model, the rates a typical call pays', () => {
    expect(unitPrices(priceSource(id('anthropic:claude-sonnet-4-5')))).toEqual({
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
    });
  });

  it('gives an override its own rates, cache rates defaulting to the input price', () => {
    const source: PriceSource = {
      kind: 'override',
      price: { inputPerMTok: 2, outputPerMTok: 8, cacheReadPerMTok: 0.5 },
    };
    expect(unitPrices(source)).toEqual({
      inputPerMTok: 2,
      outputPerMTok: 8,
      cacheReadPerMTok: 0.5,
      cacheWritePerMTok: 2,
    });
  });

  it('is all zeros for free and null for unknown', () => {
    expect(unitPrices(priceSource(id('local:lead-3')))).toEqual({
      inputPerMTok: 0,
      outputPerMTok: 0,
      cacheReadPerMTok: 0,
      cacheWritePerMTok: 0,
    });
    expect(unitPrices(priceSource(id('ollama:qwen3:8b')))).toBeNull();
  });
});
