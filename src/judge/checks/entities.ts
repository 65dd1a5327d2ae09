import {
  isAbbreviation,
  isCommonAcronym,
  isCommonWord,
  isFunctionWord,
  isNameConnector,
  isTitle,
} from './entity-words.js';

// A word: letters and digits with inner hyphens, apostrophes and ampersands (`Jean-Pierre`,
// `O'Brien`, `AT&T`, `COVID-19`), or capitals with full stops (`U.S.`, the `V.` of
// `V. Stiviano`). A trailing apostrophe is kept so that a possessive (`Jones'`) can be removed.
const WORD =
  /(?:\p{Lu}\.)+(?!\p{L})|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’&][\p{L}\p{M}\p{N}]+)*['’]?/gu;

// What may stand between a sentence's end and the next word: a stop, a line break, a colon, or
// an opening quotation or bracket (a quotation opens with a capital too).
const SENTENCE_BREAK = /[.!?:;\n"“”‘«([]/u;
const SPACE = /^[ \t\u00a0]+$/u;
const STOP_AFTER_ABBREVIATION = /^\.[ \t\u00a0]+$/u;

// A name word opens with a capital, or with a short particle joined to a capital (`al-Assad`,
// `d'Estaing`); `V.` alone is an initial.
const NAME_WORD = /^(?:\p{Lu}|\p{Ll}{1,3}['’-]\p{Lu})/u;
const INITIALS = /^(?:\p{Lu}\.)+$/u;
// `I'm`, `Don't`, `We've`: a pronoun or verb, never a name.
const CONTRACTION = /['’](?:t|m|re|ve|ll|d)$/iu;
// A possessive or closing quote (`Russia's`, `Jones'`), or a lower-case tail (`Saudi-led`).
const WORD_TAIL = /(?:['’]s|['’]|-\p{Ll}.*)$/u;

interface Word {
  /** The word without a possessive or a lower-case hyphenated tail. */
  text: string;
  start: number;
  end: number;
  kind: 'name' | 'initial' | 'connector' | 'other';
  /** The first word of a sentence, a line or a quotation. */
  opensSentence: boolean;
  /** Only spaces separate it from the word before (or `Dr.` and a space). */
  followsClosely: boolean;
  /** Had a possessive or a lower-case tail, so no name goes on past it. */
  endsName: boolean;
}

/** Whether the word is written in capitals: two or more capitals and no lower-case letter. */
export function isAcronym(word: string): boolean {
  const capitals = word.match(/\p{Lu}/gu)?.length ?? 0;
  return capitals >= 2 && !/\p{Ll}/u.test(word);
}

/**
 * The proper-noun phrases in the text, each once, in order: runs of capitalised words
 * (`Vladimir Putin`, `Bank of England`, `V. Stiviano`) and acronyms (`FSB`). Possessives and
 * leading titles are removed (`President Putin's` is `Putin`). A sentence's first word alone
 * counts only when it is not a common English word, so `However` and `Officials` do not.
 *
 * Shortcoming: a heuristic for English. A name that is also a common word and opens a sentence
 * (`Bush said`) is missed, and a capitalised common noun inside a sentence counts as a name.
 */
export function findEntities(text: string): string[] {
  const found = new Map<string, string>();
  let name: Word[] = [];
  let connectors: Word[] = [];

  const endName = () => {
    const entity = nameText(text, name);
    const key = entity?.toLowerCase() ?? '';
    if (entity !== null && !found.has(key)) found.set(key, entity);
    name = [];
    connectors = [];
  };

  for (const word of words(text)) {
    const last = name.at(-1);
    const continues = last !== undefined && !last.endsName && word.followsClosely;

    if (word.kind === 'name' || word.kind === 'initial') {
      if (!continues) endName();
      name.push(...connectors, word);
      connectors = [];
    } else if (word.kind === 'connector' && continues && connectors.length < 2) {
      connectors.push(word);
    } else {
      endName();
    }
  }
  endName();

  return [...found.values()];
}

/** The words of the text, each told what kind it is and how it joins the one before. */
function* words(text: string): Generator<Word> {
  let previous: { text: string; end: number } | undefined;

  for (const match of text.matchAll(WORD)) {
    const written = match[0];
    const start = match.index;
    const gap = previous === undefined ? '' : text.slice(previous.end, start);
    const afterAbbreviation =
      previous !== undefined && isAbbreviation(previous.text) && STOP_AFTER_ABBREVIATION.test(gap);
    const opensSentence =
      previous === undefined || (SENTENCE_BREAK.test(gap) && !afterAbbreviation);
    const bare = INITIALS.test(written) ? written : written.replace(WORD_TAIL, '');
    previous = { text: written, end: start + written.length };
    if (bare === '') continue;

    yield {
      text: bare,
      start,
      end: start + bare.length,
      kind: wordKind(bare),
      opensSentence,
      followsClosely: SPACE.test(gap) || afterAbbreviation,
      endsName: bare.length < written.length,
    };
  }
}

function wordKind(word: string): Word['kind'] {
  if (isAcronym(word)) return isShouted(word) || isCommonAcronym(word) ? 'other' : 'name';
  // `V.` opens a name (`V. Stiviano`) but is none on its own.
  if (INITIALS.test(word)) return 'initial';
  if (CONTRACTION.test(word)) return 'other';
  if (NAME_WORD.test(word)) return isFunctionWord(word) ? 'other' : 'name';
  return isNameConnector(word) ? 'connector' : 'other';
}

/** `UPDATE`, `VIDEO`: a common word in capitals. Short ones (`TAP`) may be acronyms. */
function isShouted(word: string): boolean {
  return word.length >= 4 && /^\p{L}+$/u.test(word) && isCommonWord(word);
}

/** The name the words spell, without leading titles; null when they spell none. */
function nameText(text: string, name: readonly Word[]): string | null {
  let first = 0;
  while (first < name.length && isTitleOrConnector(name[first])) first += 1;
  let last = name.length - 1;
  while (last >= first && name[last]?.kind !== 'name') last -= 1;

  const kept = name.slice(first, last + 1);
  const [head] = kept;
  const tail = kept.at(-1);
  if (head === undefined || tail === undefined) return null;

  const common = head.text.length < 2 || (head.opensSentence && isCommonWord(head.text));
  if (kept.length === 1 && !isAcronym(head.text) && common) return null;
  return text.slice(head.start, tail.end);
}

function isTitleOrConnector(word: Word | undefined): boolean {
  if (word === undefined) return false;
  return word.kind === 'connector' || (!isAcronym(word.text) && isTitle(word.text));
}
