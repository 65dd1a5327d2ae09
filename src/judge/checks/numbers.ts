/** A number as written in a text, with the values it may stand for. */
export interface NumberMention {
  /** The number as written, scale word included: `1,200`, `4.5`, `$3bn` is `3bn`. */
  text: string;
  /** The plain value, then the scaled one when a scale word follows (`3bn`: 3 and 3e9). */
  values: number[];
}

// A number is digits with optional thousands groups (`1,200`) and decimals (`4.5`). Digits right
// after a letter are part of a name (`G7`, `H5N1`, `MP3`) and are skipped; digits followed by
// letters (`3rd`, `1990s`, `5km`) are kept. A sign is ignored, since `-` is mostly a range dash.
const DIGITS = String.raw`(?<![\p{L}\d])((?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?)`;
// Scale words: spelled out after any space (`1.2 million`), short ones after at most one
// (`3 bn`, `$3bn`) and single letters only when attached (`5m`, `10k`).
const SCALE = String.raw`(?:\s*(thousand|million|billion|trillion)\b|\s?(bn|mn|tn)\b|(k|m)\b)?`;
const NUMBER = new RegExp(DIGITS + SCALE, 'giu');

const SCALES: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  trillion: 1e12,
  tn: 1e12,
};

/**
 * Every number written in digits in the text. Numbers spelled as words (`three`) are not found.
 * A scale word after the number adds its scaled value, so `1.2 million` matches `1,200,000`.
 */
export function findNumbers(text: string): NumberMention[] {
  const mentions: NumberMention[] = [];

  for (const match of text.matchAll(NUMBER)) {
    const [written, digits = '', ...scaleGroups] = match;
    const value = Number(digits.replaceAll(',', ''));
    if (!Number.isFinite(value)) continue;

    const values = [value];
    const scaleWord = scaleGroups.find((group) => group !== undefined)?.toLowerCase();
    const scale = scaleWord === undefined ? undefined : SCALES[scaleWord];
    if (scale !== undefined) values.push(value * scale);

    mentions.push({ text: written, values });
  }

  return mentions;
}

/** A key that makes `1200`, `1,200`, `1200.0` and `1.2e3` (as computed) equal. */
function valueKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * The numbers the output writes that the source does not, each once and in order of appearance.
 * Formatting does not matter (`1,200` is `1200`), and `45%` matches a source's `45 per cent`.
 *
 * Shortcoming: a faithful rounding (`about 1,200` for `1,187`) or a derived figure (a sum, a
 * percentage the article did not state) is reported as absent.
 */
export function numbersMissingFromSource(output: string, source: string): string[] {
  const known = new Set(findNumbers(source).flatMap((mention) => mention.values.map(valueKey)));
  const missing = new Set<string>();

  for (const mention of findNumbers(output)) {
    if (!mention.values.some((value) => known.has(valueKey(value)))) missing.add(mention.text);
  }

  return [...missing];
}
