import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as Eld from 'eld/small';

/** The languages the detector tells apart, as ISO 639-1 codes (ELD's `small` database). */
// biome-ignore format: a table of codes reads better than one code a line
export const DETECTABLE_LANGUAGES = [
  'am', 'ar', 'az', 'be', 'bg', 'bn', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'eu',
  'fa', 'fi', 'fr', 'gu', 'he', 'hi', 'hr', 'hu', 'hy', 'is', 'it', 'ja', 'ka', 'kn', 'ko',
  'ku', 'lo', 'lt', 'lv', 'ml', 'mr', 'ms', 'nl', 'no', 'or', 'pa', 'pl', 'pt', 'ro', 'ru',
  'sk', 'sl', 'sq', 'sr', 'sv', 'ta', 'te', 'th', 'tl', 'tr', 'uk', 'ur', 'vi', 'yo', 'zh',
] as const;

export type LanguageCode = (typeof DETECTABLE_LANGUAGES)[number];

// Below this many letters the detector guesses, and says it is sure: in the fixture articles,
// captions and lists of names of up to 45 letters (`Mulan from Mulan Sabine Wren from Star
// Wars: Rebels`) read as Tagalog, Swedish or French.
const MIN_LETTERS = 50;
// The expected language loses only when it scores clearly below the winner. Over one to three
// sentences of every fixture article, no English passage of 50 letters or more scores under
// 0.85 of a foreign winner; the English score of a German or French summary is at most 0.81.
const MAX_SCORE_RATIO = 0.85;

const languageNames = new Intl.DisplayNames('en', { type: 'language' });

/** `German (de)`. */
export function languageLabel(code: string): string {
  return `${languageNames.of(code) ?? code} (${code})`;
}

type Detector = typeof Eld.eld;

let detector: Detector | undefined;

// The `small` database takes about 0.4 s and 150 MB to load, which runs without this check (and
// `evals --help`) should not pay, so it loads on first use. ELD exports only an `import` entry,
// so the file is located with import.meta.resolve and loaded with require(), which loads an ES
// module synchronously from Node 20.19 on and keeps the checks synchronous.
function loadDetector(): Detector {
  if (detector === undefined) {
    const require = createRequire(import.meta.url);
    const module = require(fileURLToPath(import.meta.resolve('eld/small'))) as typeof Eld;
    detector = module.eld;
  }
  return detector;
}

/**
 * The language the text is written in when the detector is sure it is not `expected`, else
 * null: a text in the expected language, too short to tell, or in doubt gets no verdict.
 *
 * Shortcoming: a text mixing languages is judged as a whole, so a summary that is half a
 * foreign quotation may pass or fail depending on which half is longer.
 */
export function otherLanguage(text: string, expected: LanguageCode): string | null {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;

  const result = loadDetector().detect(text);
  if (result.language === '' || result.language === expected || !result.isReliable()) return null;

  const scores = result.getScores();
  const winner = scores[result.language] ?? 0;
  const expectedScore = scores[expected] ?? 0;
  return winner > 0 && expectedScore / winner < MAX_SCORE_RATIO ? result.language : null;
}
