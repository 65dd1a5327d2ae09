/**
 * Datelines are not sentences: a summary that opens with "Friday, March 29, 2019" or
 * "LONDON (Reuters) -" has spent its first sentence on nothing. These patterns find the forms
 * news bodies use at their very start.
 */

const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const DATE = `(?:${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4})`;
const AGENCY = '(?:CNN|AP|AFP|Reuters|UPI|Bloomberg|BBC|Xinhua|dpa|PTI|IANS|ANI)';
/** Up to four capitalised words: `Rome`, `LONDON, England`. */
const PLACE_TAIL = "(?:,?\\s+[A-Z][\\p{L}.'-]*){0,3}";
const DASH = '(?:--|—|–)';

/** A line holding only a date: `Friday, March 29, 2019` or `29 March 2019`. */
const DATE_LINE = new RegExp(`^\\s*(?:${WEEKDAY},?\\s+)?${DATE}\\.?[ \\t]*(?:\\n|$)`);

/** `(CNN)`, `Rome (CNN)`, `LONDON, England (CNN) -- `: perhaps a place, then a known agency. */
const AGENCY_DATELINE = new RegExp(
  `^\\s*(?:[A-Z][\\p{L}.'-]*${PLACE_TAIL}\\s*)?\\(${AGENCY}\\)\\s*(?:${DASH}|-)?\\s*`,
  'u',
);

/** `WASHINGTON — ` or `KYIV, Ukraine -- `: a place in capitals, then a dash. */
const CAPITALS_DATELINE = new RegExp(`^\\s*[A-Z][A-Z.'-]+${PLACE_TAIL}\\s*${DASH}\\s+`, 'u');

/** Removes a leading dateline, if the text has one; returns the text unchanged otherwise. */
export function stripDateline(text: string): string {
  const withoutDateLine = text.replace(DATE_LINE, '');
  return withoutDateLine.replace(AGENCY_DATELINE, '').replace(CAPITALS_DATELINE, '');
}
