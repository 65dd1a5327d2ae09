import { z } from 'zod';
import { DETECTABLE_LANGUAGES } from '../judge/checks/language.js';

const nameField = z
  .string()
  .min(1)
  .optional()
  .describe(
    'The name results carry; defaults to the type. Lets one spec hold two checks of a type.',
  );

const count = z.number().int().nonnegative();

/** A check that bounds a count (of words, of sentences) from below, above or both. */
function boundedCountSpec<T extends string>(type: T, unit: string) {
  return z
    .strictObject({
      type: z.literal(type),
      name: nameField,
      min: count.optional().describe(`The fewest ${unit} that pass.`),
      max: count.optional().describe(`The most ${unit} that pass.`),
    })
    .refine((spec) => spec.min !== undefined || spec.max !== undefined, {
      message: `${type} needs min, max or both`,
    })
    .refine((spec) => spec.min === undefined || spec.max === undefined || spec.min <= spec.max, {
      message: `${type}: min must not be greater than max`,
      path: ['min'],
    });
}

/** One deterministic check as the eval spec's YAML writes it, told apart by `type`. */
export const checkSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('not_empty'), name: nameField }),
  boundedCountSpec('word_count', 'words'),
  boundedCountSpec('sentence_count', 'sentences'),
  z.strictObject({ type: z.literal('numbers_in_source'), name: nameField }),
  z.strictObject({ type: z.literal('no_refusal'), name: nameField }),
  z.strictObject({
    type: z.literal('max_chars'),
    name: nameField,
    max: count.describe('The most characters (Unicode code points) that pass.'),
  }),
  z.strictObject({
    type: z.literal('entities_in_source'),
    name: nameField,
    ignore: z
      .array(z.string().min(1))
      .optional()
      .describe('Names that pass though the article lacks them, such as the publication.'),
  }),
  z.strictObject({
    type: z.literal('language'),
    name: nameField,
    expected: z
      .enum(DETECTABLE_LANGUAGES, {
        error: (issue) =>
          `unknown language ${JSON.stringify(issue.input)}; write an ISO 639-1 code such as ` +
          `en, de or fr (one of ${DETECTABLE_LANGUAGES.join(', ')})`,
      })
      .optional()
      .describe('The language the output must be in, as an ISO 639-1 code; defaults to en.'),
  }),
]);

export type CheckSpec = z.infer<typeof checkSpecSchema>;

/** A list of checks whose explicit names are unique; `checkNames` makes default names unique. */
export const checkSpecListSchema = z.array(checkSpecSchema).superRefine((specs, ctx) => {
  const seen = new Set<string>();
  specs.forEach((spec, index) => {
    if (spec.name === undefined) return;
    if (seen.has(spec.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `duplicate check name "${spec.name}"; give each check its own name`,
      });
    }
    seen.add(spec.name);
  });
});

/**
 * The unique name of each check, in order. A spec's explicit `name` is kept as written; a check
 * without one is named by its type, and a later check of the same type gets a suffix
 * (`word_count`, `word_count_2`) that no other check uses.
 */
export function checkNames(specs: readonly CheckSpec[]): string[] {
  const explicit = new Set(specs.flatMap((spec) => (spec.name === undefined ? [] : [spec.name])));
  const used = new Set<string>();

  return specs.map((spec) => {
    const base = spec.name ?? spec.type;
    const baseFree = !used.has(base) && (spec.name !== undefined || !explicit.has(base));

    let name = base;
    if (!baseFree) {
      let suffix = 2;
      while (used.has(`${base}_${suffix}`) || explicit.has(`${base}_${suffix}`)) suffix += 1;
      name = `${base}_${suffix}`;
    }

    used.add(name);
    return name;
  });
}
