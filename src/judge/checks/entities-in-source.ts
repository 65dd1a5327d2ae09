import { findEntities, isAcronym } from './entities.js';

// A name's word passes when a source word begins with it, or with it less one of these endings
// (at least four letters kept): `Iran` matches `Iranian`, `Russian` `Russia`, `Chinese` and
// `China` each other, and `Israelis` `Israel`.
const ENDINGS = ['ians', 'ian', 'eans', 'ean', 'ans', 'an', 'ese', 'ish', 'is', 'i', 'a', 'e'];
const MIN_STEM_LETTERS = 4;

// Country and people names that share no stem.
const SAME_PLACE: readonly (readonly string[])[] = [
  ['france', 'french'],
  ['netherlands', 'holland', 'dutch'],
  ['switzerland', 'swiss'],
  ['wales', 'welsh'],
  ['scotland', 'scottish', 'scots'],
  ['greece', 'greek'],
  ['philippines', 'filipino', 'philippine'],
  ['ireland', 'irish'],
  ['denmark', 'danish'],
  ['sweden', 'swedish'],
  ['finland', 'finnish'],
  ['norway', 'norwegian'],
  ['britain', 'british', 'uk'],
  ['thailand', 'thai'],
  ['peru', 'peruvian'],
];

// A line that is a heading (`## Key Points`, `**Summary**`, `Main facts:`), whose capitals are
// title case, not names.
const HEADING = /^[ \t]*(?:#{1,6}\s.*|\*\*[^*\n]+\*\*:?|[^.!?\n]{1,60}:)[ \t]*$/gmu;

/** Lower case without accents, `U.S.` as `us`, and any run of other characters one space. */
function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/(?<!\p{L})(?:\p{L}\.){2,}/gu, (initials) => initials.replaceAll('.', ''))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words a source knows, as ` word word ` for whole-word and word-prefix searches. */
class KnownText {
  private readonly text: string;
  private readonly acronyms: ReadonlySet<string>;

  constructor(texts: readonly string[]) {
    this.text = ` ${texts.map(normalize).join(' | ')} `;
    // The initials of the source's names (`World Health Organization`: `who`), so an acronym
    // the output uses for a name the source spells out is known.
    this.acronyms = new Set(texts.flatMap((text) => findEntities(text).map(initials)));
  }

  has(entity: string): boolean {
    const key = normalize(entity);
    if (key === '' || this.text.includes(` ${key} `)) return true;
    if (isAcronym(entity) && this.acronyms.has(key)) return true;

    const lastWord = key.split(' ').at(-1) ?? key;
    return this.hasWord(lastWord);
  }

  /** Whether the word, a form of it (`Russian`, `Russia`) or its place (`French`) is known. */
  private hasWord(word: string): boolean {
    if (this.text.includes(` ${word} `)) return true;
    if (word.length < MIN_STEM_LETTERS) return false;

    const stems = [
      word,
      ...ENDINGS.filter((e) => word.endsWith(e)).map((e) => word.slice(0, -e.length)),
    ];
    if (stems.some((stem) => stem.length >= MIN_STEM_LETTERS && this.text.includes(` ${stem}`))) {
      return true;
    }

    const place = SAME_PLACE.find((forms) => forms.includes(word));
    return place?.some((form) => this.text.includes(` ${form} `)) ?? false;
  }
}

/** `wh` for `World Health`: the first letters of the words, skipping lower-case ones. */
function initials(name: string): string {
  const capitalised = name.split(/[\s-]+/u).filter((word) => /^\p{Lu}/u.test(word));
  return normalize(capitalised.map((word) => word.charAt(0)).join(''));
}

/**
 * The names the output writes that neither the source nor `ignore` holds, each once, in order
 * of appearance. Matching is lenient: case and accents do not matter, a name of several words
 * passes when the source holds its last word (`Vladimir Putin` for a source's `Putin`), and a
 * people's name passes for its country's (`Russian` for `Russia`).
 *
 * Shortcoming: a name the source refers to only by a different name (`the Kremlin` for
 * `the Russian government`) is reported as absent, and a wrong first name with the right
 * surname (`Boris Putin`) passes.
 */
export function entitiesMissingFromSource(
  output: string,
  source: string,
  ignore: readonly string[] = [],
): string[] {
  const known = new KnownText([source, ...ignore]);
  const missing: string[] = [];
  const missingLastWords = new Set<string>();

  for (const entity of findEntities(output.replace(HEADING, ''))) {
    if (known.has(entity)) continue;
    // `Merkel` after `Angela Merkel` is the same person: report the name once.
    const lastWord = normalize(entity).split(' ').at(-1) ?? '';
    if (missingLastWords.has(lastWord)) continue;
    missingLastWords.add(lastWord);
    missing.push(entity);
  }

  return missing;
}
