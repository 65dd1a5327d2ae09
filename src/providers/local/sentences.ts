import { stripDateline } from './dateline.js';

/**
 * Splits an article body into the sentences an extractive summary may quote.
 *
 * `Intl.Segmenter` does the splitting; on news text it breaks after "U.S.", "Dr." and middle
 * initials, so its segments are joined back where a sentence plainly continues. Every newline
 * ends a sentence. Lines that are not prose (a heading, a dateline, a photo caption, a list
 * item, a quotation's attribution) are left out, unless nothing else is left.
 *
 * Each sentence is an exact substring of the text, so a summary made of them quotes it.
 */
export function splitSentences(text: string): string[] {
  const lines = stripDateline(text.replace(/\r\n?/g, '\n'))
    .split('\n')
    .filter((line) => line.trim() !== '');

  const segmented = lines.map((line) => joinSegments(segmentLine(line)));
  const prose = segmented
    .filter((line) => !isCaptionLine(line))
    .flat()
    .filter(isProse);
  if (prose.length > 0) return prose;
  return segmented.flat();
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function segmentLine(line: string): string[] {
  return Array.from(segmenter.segment(line), (part) => part.segment);
}

/** Titles before a name: never the end of a sentence. Matched case-sensitively. */
// biome-ignore format: a word list reads better packed
const TITLE_ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Mx', 'Dr', 'Prof', 'St', 'Sen', 'Sens', 'Rep', 'Reps', 'Gov', 'Gen', 'Lt',
  'Col', 'Capt', 'Sgt', 'Cpl', 'Adm', 'Maj', 'Rev', 'Hon', 'Fr', 'Mt', 'Ft', 'Pres', 'Supt',
  'No', 'Nos', 'Vol', 'Fig', 'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept',
  'Oct', 'Nov', 'Dec', 'vs', 'v', 'approx', 'cf', 'ca', 'est',
]);

/** Abbreviations that may end a sentence or sit inside one ("the U.S. Senate", "Inc."). */
// biome-ignore format: a word list reads better packed
const AMBIGUOUS_ABBREVIATIONS = new Set([
  'Jr', 'Sr', 'Inc', 'Ltd', 'Co', 'Corp', 'Bros', 'etc', 'al',
]);

/** First words that start a new sentence after an ambiguous abbreviation. */
// biome-ignore format: a word list reads better packed
const SENTENCE_OPENERS = new Set([
  'a', 'an', 'the', 'he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'that', 'these', 'those',
  'his', 'her', 'its', 'their', 'our', 'my', 'in', 'on', 'at', 'for', 'from', 'with', 'by', 'to',
  'of', 'as', 'after', 'before', 'but', 'and', 'or', 'so', 'if', 'when', 'while', 'since',
  'there', 'here', 'according', 'however', 'also', 'meanwhile', 'today', 'yesterday', 'earlier',
  'later', 'last', 'next', 'some', 'many', 'most', 'all', 'both', 'no', 'one', 'two', 'what',
  'who', 'why', 'how', 'where', 'officials', 'police', 'authorities',
]);

const LAST_WORD = /([\p{L}.]+)\.$/u;
const SINGLE_INITIAL = /(?:^|[\s("'“‘])\p{Lu}\.$/u;
const DOTTED_ACRONYM = /(?:^|[^\p{L}.])(?:\p{L}\.){2,}$/u;
const SHORT_CAPITALISED = /\b\p{Lu}[\p{L}]{0,3}\.$/u;
const FIRST_WORD = /^\p{L}+/u;

/**
 * Rejoins segments that continue the previous one. Segments without a letter or digit (a lone
 * closing quote, an elision "[...]") go with the next segment, or the previous at the line's end.
 */
function joinSegments(segments: string[]): string[] {
  const sentences: string[] = [];
  let pending = '';

  for (const segment of segments) {
    if (!/[\p{L}\p{N}]/u.test(segment)) {
      pending += segment;
      continue;
    }
    const text = pending + segment;
    pending = '';
    const previous = sentences.at(-1);
    if (previous !== undefined && continues(previous.trimEnd(), text.trimStart())) {
      sentences[sentences.length - 1] = previous + text;
    } else {
      sentences.push(text);
    }
  }

  if (pending !== '') {
    const last = sentences.pop();
    sentences.push((last ?? '') + pending);
  }
  return sentences.map((sentence) => sentence.trim()).filter((sentence) => sentence !== '');
}

/** Whether `next` continues the sentence `previous` rather than starting a new one. */
function continues(previous: string, next: string): boolean {
  if (/^\p{Ll}/u.test(next)) return true;

  const lastWord = LAST_WORD.exec(previous)?.[1] ?? '';
  if (TITLE_ABBREVIATIONS.has(lastWord) || SINGLE_INITIAL.test(previous)) return true;

  const abbreviated = DOTTED_ACRONYM.test(previous) || AMBIGUOUS_ABBREVIATIONS.has(lastWord);
  if (next.startsWith('(')) return abbreviated || SHORT_CAPITALISED.test(previous);
  if (!abbreviated) return false;

  const firstWord = FIRST_WORD.exec(next)?.[0];
  return firstWord !== undefined && !SENTENCE_OPENERS.has(firstWord.toLowerCase());
}

/** A sentence ends with terminal punctuation, perhaps inside closing quotes or brackets. */
const TERMINAL = /[.!?…।。！？]["'”’)\]]*$/u;

function isProse(sentence: string): boolean {
  return TERMINAL.test(sentence) && /\p{L}/u.test(sentence);
}

/** Photo captions left in the body: "Protesters at the march. Image: Andrew Gray." */
const CAPTION = /^(?:Image|Photo|Picture|Photograph|Credit)s?:/i;

function isCaptionLine(sentences: string[]): boolean {
  return sentences.some((sentence) => CAPTION.test(sentence));
}
