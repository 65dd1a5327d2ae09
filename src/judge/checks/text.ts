// A fixed locale keeps counts the same on every machine; word and sentence breaks barely
// depend on it.
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });
const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

// ICU's sentence breaker splits after any period followed by a capital, so `Dr. Smith` would
// count twice. Titles almost never end a sentence, so a segment ending in one is joined to the
// next. Other abbreviations (`U.S.` before a capitalised word) still split.
const ENDS_WITH_TITLE =
  /(?:^|[\s(])(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sr|Jr|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Hon|Pres)\.\s*$/;

/**
 * Words in the text: word-like segments by Unicode rules, so `1,200.50` and `don't` are one word
 * each, `well-known` is two, punctuation and dashes are none, and unspaced scripts are split.
 */
export function countWords(text: string): number {
  let words = 0;
  for (const segment of wordSegmenter.segment(text)) {
    if (segment.isWordLike) words += 1;
  }
  return words;
}

/** Sentences in the text: Unicode sentence segments holding at least one letter or digit. */
export function countSentences(text: string): number {
  let sentences = 0;
  let joinNext = false;

  for (const { segment } of sentenceSegmenter.segment(text)) {
    if (!HAS_WORD_CHARACTER.test(segment)) continue;
    if (!joinNext) sentences += 1;
    joinNext = ENDS_WITH_TITLE.test(segment);
  }

  return sentences;
}

/** Characters as a person counts them: Unicode code points, so an emoji is one, not two. */
export function countChars(text: string): number {
  let chars = 0;
  for (const _ of text) chars += 1;
  return chars;
}
