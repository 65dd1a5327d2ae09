import { z } from 'zod';

export const ROUTING_SCHEMA_VERSION = 1;

const intervalSchema = z.object({
  mean: z.number(),
  low: z.number(),
  high: z.number(),
  n: z.number().int(),
});

/** A model the router may call, with the call parameters the eval measured it with. */
export const routeTargetSchema = z.object({
  /** `provider:model`. */
  model: z.string(),
  params: z.object({
    maxOutputTokens: z.number().int().positive(),
    temperature: z.number().optional(),
  }),
});

/** Why this model: the figures the run measured for it. */
export const evidenceSchema = z.object({
  model: z.string(),
  /** What quality means here: the judge's score, or the check pass rate on an unjudged run. */
  rankedBy: z.enum(['quality', 'checks']),
  /** Quality (or pass rate) on 0..1 with its 95% interval. */
  quality: intervalSchema.nullable(),
  checkPassRate: z.number().nullable(),
  costPer1kUsd: z.number().nullable(),
  latencyP95Ms: z.number().nullable(),
  errorRate: z.number().nullable(),
});

export const policySchema = z.object({
  qualityFloor: z.number(),
  maxErrorRate: z.number(),
  maxCostPer1kUsd: z.number().optional(),
  maxLatencyP95Ms: z.number().optional(),
  objective: z.enum(['cheapest', 'best']),
  fallbacks: z.number().int(),
});

export const routeSchema = z.object({
  primary: routeTargetSchema,
  /** Tried in order when the primary fails with a retryable error. */
  fallbacks: z.array(routeTargetSchema),
  /** The prompt the route was measured with; the runtime router renders it. */
  prompt: z.object({ system: z.string().nullable(), template: z.string() }),
  evidence: z.array(evidenceSchema),
  policy: policySchema,
  source: z.object({
    eval: z.string(),
    runId: z.string(),
    fixtures: z.string(),
    fixturesHash: z.string(),
    promptHash: z.string(),
    rubricHash: z.string(),
    judges: z.array(z.string()),
    priceTable: z.string(),
  }),
});

/** `routing.json`: which model (and fallbacks) the production agent uses for each task. */
export const routingConfigSchema = z.object({
  schemaVersion: z.literal(ROUTING_SCHEMA_VERSION),
  generatedAt: z.string(),
  routes: z.record(z.string(), routeSchema),
});

export type RouteTarget = z.infer<typeof routeTargetSchema>;
export type RouteEvidence = z.infer<typeof evidenceSchema>;
export type Route = z.infer<typeof routeSchema>;
export type RoutingConfig = z.infer<typeof routingConfigSchema>;
export type RoutingPolicyValues = z.infer<typeof policySchema>;
