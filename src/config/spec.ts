import { z } from 'zod';
import { checkSpecListSchema } from './checks.js';

const priceSchema = z
  .object({
    /** Dollars per million input tokens (cache reads and writes excluded). */
    inputPerMTok: z.number().nonnegative(),
    /** Dollars per million output tokens, reasoning included. */
    outputPerMTok: z.number().nonnegative(),
    /** Dollars per million tokens read from the prompt cache; defaults to the input price. */
    cacheReadPerMTok: z.number().nonnegative().optional(),
    /** Dollars per million tokens written to the prompt cache; defaults to the input price. */
    cacheWritePerMTok: z.number().nonnegative().optional(),
    /** Why this price is set by hand (a negotiated rate, local hardware). */
    note: z.string().optional(),
  })
  .strict();

const modelSchema = z
  .object({
    /** `provider:model`, split at the first colon. */
    id: z.string().min(3),
    /** A price that replaces the maintained table's for this model. */
    price: priceSchema.optional(),
    /** Calls in flight at once for this model; overrides the provider's concurrency. */
    concurrency: z.number().int().positive().optional(),
  })
  .strict();

const endpointSchema = z
  .object({
    /** Base URL of an OpenAI-compatible API, ending in `/v1` for most servers. */
    baseUrl: z.url(),
    /** The environment variable that holds the endpoint's API key, if it needs one. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name, e.g. GROQ_API_KEY')
      .optional(),
    /** The price table's provider id for this endpoint's models (`groq`, `together`, ...). */
    pricing: z.string().optional(),
    /** The output limit's name in requests: many compatible servers know only `max_tokens`. */
    maxTokensParam: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
    /** Fail a stream that sends no usage (tokens and cost would be unknown). */
    requireUsage: z.boolean().default(false),
  })
  .strict();

const policySchema = z
  .object({
    /** Lowest acceptable quality on 0..1 (or check pass rate on an unjudged run). */
    qualityFloor: z.number().min(0).max(1).default(0.7),
    /** Highest acceptable share of calls that end in error. */
    maxErrorRate: z.number().min(0).max(1).default(0.05),
    /** Highest acceptable cost per 1,000 articles, in dollars. */
    maxCostPer1kUsd: z.number().positive().optional(),
    /** Highest acceptable p95 latency, in milliseconds. */
    maxLatencyP95Ms: z.number().positive().optional(),
    /** `cheapest`: the cheapest model that passes; `best`: the best quality that passes. */
    objective: z.enum(['cheapest', 'best']).default('cheapest'),
    /** How many fallbacks to list after the primary. */
    fallbacks: z.number().int().min(0).max(10).default(2),
  })
  .strict();

/** An eval spec: `evals/<name>.yaml`. Relative paths are relative to the spec's folder. */
export const specSchema = z
  .object({
    /** The eval's name; defaults to the file name. */
    name: z.string().min(1).optional(),
    /** The routing task this eval measures; defaults to the eval's name. */
    task: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
      .optional(),
    description: z.string().optional(),
    /** The article set: a JSONL file, a JSON array file, or a folder of .md/.txt files. */
    fixtures: z.string().min(1),
    prompt: z
      .object({
        /** The system prompt, sent as is. */
        system: z.string().optional(),
        /** A handlebars template file; article fields are its variables. */
        file: z.string().optional(),
        /** An inline handlebars template, instead of `file`. */
        template: z.string().optional(),
      })
      .strict()
      .refine((p) => (p.file === undefined) !== (p.template === undefined), {
        message: 'give exactly one of prompt.file and prompt.template',
      }),
    /** The rubric file the judge follows. */
    rubric: z.string().min(1),
    /**
     * The article field that holds a reference (a string, or a list of strings) for the
     * reference metrics (ROUGE) and the rubric criteria that need one. Default: `reference`,
     * where articles have it.
     */
    reference: z.string().min(1).optional(),
    generation: z
      .object({
        maxOutputTokens: z.number().int().positive().default(600),
        temperature: z.number().min(0).max(2).optional(),
        /** Stream replies, so time to first token is measured. */
        stream: z.boolean().default(true),
        /** The harness's own deadline for one call, retries excluded. */
        timeoutMs: z.number().int().positive().default(120_000),
        /** Attempts per call, the first included. */
        maxAttempts: z.number().int().min(1).max(10).default(4),
      })
      .strict()
      .prefault({}),
    models: z.array(modelSchema).min(1),
    /** Named OpenAI-compatible endpoints; each name becomes a provider in model ids. */
    endpoints: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), endpointSchema).default({}),
    /** Calls in flight at once, per provider name; `default` for the rest. */
    concurrency: z.record(z.string(), z.number().int().positive()).default({}),
    judge: z
      .object({
        /** Judge models; every reachable one scores every output and the scores are averaged. */
        models: z.array(z.string().min(3)).default([]),
        maxOutputTokens: z.number().int().positive().default(800),
        /** Judge calls per output when the reply fails validation, the first included. */
        maxAttempts: z.number().int().min(1).max(5).default(2),
        /** How a panel's scores of one output are combined. */
        aggregate: z.enum(['mean', 'median']).default('mean'),
        /**
         * Let a judge score candidates of its own family (Claude judging Claude). Off by
         * default: judges tend to prefer their own family's outputs.
         */
        allowSameFamily: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    checks: checkSpecListSchema.default([]),
    routing: policySchema.prefault({}),
  })
  .strict();

export type EvalSpecInput = z.input<typeof specSchema>;
export type EvalSpecFile = z.infer<typeof specSchema>;
export type ModelEntry = z.infer<typeof modelSchema>;
export type PriceOverride = z.infer<typeof priceSchema>;
export type EndpointConfig = z.infer<typeof endpointSchema>;
export type RoutingPolicy = z.infer<typeof policySchema>;
export { policySchema, priceSchema };
