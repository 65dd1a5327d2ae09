import { type CheckSpec, checkNames } from '../config/checks.js';
import type { CheckResult } from '../results/types.js';
import { entitiesMissingFromSource } from './checks/entities-in-source.js';
import { languageLabel, otherLanguage } from './checks/language.js';
import { numbersMissingFromSource } from './checks/numbers.js';
import { findRefusal } from './checks/refusal.js';
import { countChars, countSentences, countWords } from './checks/text.js';

export type { CheckSpec } from '../config/checks.js';

/** What a check looks at: the model's output and the article it was given. */
export interface CheckInput {
  output: string;
  source: string;
}

const MISSING_SHOWN = 5;

/**
 * Runs every check on one output, in the specs' order, each result named by `checkNames`.
 * A check never throws: one that fails unexpectedly is reported as failed, with the reason.
 */
export function runChecks(specs: readonly CheckSpec[], input: CheckInput): CheckResult[] {
  const names = checkNames(specs);

  return specs.map((spec, index) => {
    const name = names[index] ?? spec.type;
    try {
      const detail = failureDetail(spec, input);
      return { name, passed: detail === null, detail };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { name, passed: false, detail: `the check could not run: ${message}` };
    }
  });
}

/** Why the output fails the check, for a person to read; null when it passes. */
function failureDetail(spec: CheckSpec, { output, source }: CheckInput): string | null {
  switch (spec.type) {
    case 'not_empty':
      if (output.length === 0) return 'output is empty';
      return /\S/u.test(output) ? null : 'output is only whitespace';

    case 'word_count':
      return boundsDetail(countWords(output), spec, ['word', 'words']);

    case 'sentence_count':
      return boundsDetail(countSentences(output), spec, ['sentence', 'sentences']);

    case 'numbers_in_source':
      return missingDetail(numbersMissingFromSource(output, source));

    case 'entities_in_source':
      return missingDetail(entitiesMissingFromSource(output, source, spec.ignore));

    case 'no_refusal': {
      const phrase = findRefusal(output);
      return phrase === null ? null : `reads as a refusal: "${phrase}"`;
    }

    case 'max_chars':
      return boundsDetail(countChars(output), { max: spec.max }, ['character', 'characters']);

    case 'language': {
      const expected = spec.expected ?? 'en';
      const detected = otherLanguage(output, expected);
      if (detected === null) return null;
      return `looks like ${languageLabel(detected)}, expected ${languageLabel(expected)}`;
    }
  }
}

/** `not in the source: 47, 2019 (and 3 more)`, or null when nothing is missing. */
function missingDetail(missing: readonly string[]): string | null {
  if (missing.length === 0) return null;
  const shown = missing.slice(0, MISSING_SHOWN).join(', ');
  const more = missing.length - MISSING_SHOWN;
  return `not in the source: ${shown}${more > 0 ? ` (and ${more} more)` : ''}`;
}

/** `212 words; at most 150` when the count is out of bounds, else null. */
function boundsDetail(
  count: number,
  bounds: { min?: number | undefined; max?: number | undefined },
  [singular, plural]: [string, string],
): string | null {
  const counted = `${count} ${count === 1 ? singular : plural}`;
  if (bounds.min !== undefined && count < bounds.min) return `${counted}; at least ${bounds.min}`;
  if (bounds.max !== undefined && count > bounds.max) return `${counted}; at most ${bounds.max}`;
  return null;
}
