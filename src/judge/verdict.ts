import { z } from 'zod';
import type { Rubric } from '../config/rubric.js';
import type { ResponseSchema } from '../providers/types.js';

export interface ParsedVerdict {
  scores: Record<string, number>;
  rationale: string;
}

/** The JSON Schema sent through the provider's structured output. */
export function verdictJsonSchema(rubric: Rubric): ResponseSchema {
  const scores: Record<string, unknown> = {};
  for (const criterion of rubric.criteria) {
    scores[criterion.id] = {
      type: 'integer',
      minimum: criterion.scale.min,
      maximum: criterion.scale.max,
      description: criterion.question,
    };
  }
  return {
    name: 'verdict',
    schema: {
      type: 'object',
      properties: {
        rationale: { type: 'string' },
        scores: {
          type: 'object',
          properties: scores,
          required: rubric.criteria.map((c) => c.id),
          additionalProperties: false,
        },
      },
      required: ['rationale', 'scores'],
      additionalProperties: false,
    },
  };
}

function verdictSchema(rubric: Rubric) {
  const shape: Record<string, z.ZodType<number>> = {};
  for (const criterion of rubric.criteria) {
    shape[criterion.id] = z.number().int().min(criterion.scale.min).max(criterion.scale.max);
  }
  return z.object({ rationale: z.string(), scores: z.object(shape) });
}

/**
 * Parses a judge's reply. Returns the verdict, or the reason it is not one: a reply that is
 * not JSON, misses a criterion or scores off the scale never counts as a score.
 */
export function parseVerdict(
  reply: string,
  rubric: Rubric,
): { ok: true; verdict: ParsedVerdict } | { ok: false; reason: string } {
  const text = reply
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: `reply is not JSON: ${reply.slice(0, 80)}` };
  }
  const result = verdictSchema(rubric).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'reply';
    return { ok: false, reason: `invalid verdict at ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, verdict: result.data };
}

/** The weighted mean of a verdict's scores, each normalised to 0..1 on its scale. */
export function normalisedScores(rubric: Rubric, scores: Record<string, number>) {
  const criteria: Record<string, number> = {};
  let weighted = 0;
  let weights = 0;
  for (const criterion of rubric.criteria) {
    const score = scores[criterion.id];
    if (score === undefined) continue;
    const value = (score - criterion.scale.min) / (criterion.scale.max - criterion.scale.min);
    criteria[criterion.id] = value;
    weighted += value * criterion.weight;
    weights += criterion.weight;
  }
  return { criteria, overall: weights > 0 ? weighted / weights : null };
}
