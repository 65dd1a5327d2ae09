import { z } from 'zod';

/** One criterion of a rubric: a question, a scale with anchors, and a weight. */
export const criterionSchema = z
  .object({
    /** Stable identifier, used as the key of the judge's scores. */
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case, e.g. "faithfulness"'),
    /** What the judge answers for this criterion. */
    question: z.string().min(1),
    scale: z
      .object({
        min: z.number().int(),
        max: z.number().int(),
        /** What each point of the scale means, keyed by the score. */
        anchors: z.record(z.string(), z.string().min(1)),
      })
      .strict()
      .refine((scale) => scale.max > scale.min, 'scale.max must be greater than scale.min'),
    weight: z.number().positive().default(1),
    /** True when judging this criterion needs a reference summary in the fixtures. */
    needsReference: z.boolean().default(false),
  })
  .strict();

export const rubricSchema = z
  .object({
    /** A short description of what is judged, shown to the judge. */
    description: z.string().min(1),
    criteria: z.array(criterionSchema).min(1),
  })
  .strict()
  .superRefine((rubric, ctx) => {
    const seen = new Set<string>();
    rubric.criteria.forEach((criterion, index) => {
      if (seen.has(criterion.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['criteria', index, 'id'],
          message: `duplicate criterion id "${criterion.id}"; ids must be unique`,
        });
      }
      seen.add(criterion.id);
    });
  });

export type Criterion = z.infer<typeof criterionSchema>;
export type Rubric = z.infer<typeof rubricSchema>;
