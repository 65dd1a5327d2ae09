import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

/** `'a b c'` as a set of its words. */
const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/u).filter(Boolean));

// Capitalised words that are not names and end a name: function words and sentence openers
// (`The`, `However`), and days, months and seasons (a date is not a name).
const FUNCTION_WORDS = words(`
  a an the this that these those it its he she they we i you his her their our my your him them
  and or but nor so yet for if as at by in on of to from with without into onto upon over under
  after before during since until while when where why how what who whom which whose whether
  there here then than also although though because despite however meanwhile moreover
  furthermore additionally overall instead still thus therefore hence otherwise nonetheless
  nevertheless finally firstly secondly lastly similarly likewise indeed earlier later now
  yesterday today tomorrow tonight no not yes all both each every some many most more several
  few other another such any none according about against among amid around through between
  across within following including unlike like is are was were be been has have had do does
  did will would can could should might must shall let please summary note notes update
  one two three four five six seven eight nine ten
  monday tuesday wednesday thursday friday saturday sunday january february march april may
  june july august september october november december spring summer autumn winter
`);

// Titles, dropped from the start of a name: `President Vladimir Putin` is `Vladimir Putin`, and
// `Prime Minister` alone is no name. Inside a name they stay (`Martin Luther King`).
const TITLES = words(`
  mr mrs ms mx dr prof professor sir dame lord lady king queen prince princess pope emperor
  president vice prime minister premier chancellor secretary speaker senator sen representative
  rep congressman congresswoman governor gov mayor councillor councilor judge justice attorney
  general gen colonel col captain capt lieutenant lt sergeant sgt officer detective inspector
  commissioner ambassador archbishop bishop cardinal reverend rev father sheikh emir sultan
  chief deputy acting former late crown chairman chairwoman chair director spokesman
  spokeswoman spokesperson
`);

// Abbreviations after which a full stop does not end the sentence (`Dr. Smith`, `St. Louis`).
const ABBREVIATIONS = words(
  'mr mrs ms mx dr prof sen rep gov gen col capt lt sgt rev st mt ft jr sr',
);

// All-capital abbreviations that are not names.
const NOT_NAME_ACRONYMS = words(
  'AM PM TV CEO CFO COO CTO GDP AI UTC GMT BST EST EDT PST PDT CET OK ID',
);

// Lower-case words that may join the capitalised words of one name: `Bank of England`,
// `Ludwig van Beethoven`, `Queen of the Netherlands`.
const NAME_CONNECTORS = words('of the de van von der den da di du del la le bin ibn al y');

/** Whether a capitalised word is a function word or a date word, which no name contains. */
export function isFunctionWord(word: string): boolean {
  return FUNCTION_WORDS.has(word.toLowerCase());
}

/** Whether a word is a title (`President`, `Dr`), which is dropped from the start of a name. */
export function isTitle(word: string): boolean {
  return TITLES.has(word.toLowerCase());
}

/** Whether a full stop after the word is part of an abbreviation (`Dr.`), not a sentence end. */
export function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Whether an all-capital word is a common abbreviation (`CEO`, `GDP`), not a name. */
export function isCommonAcronym(word: string): boolean {
  return NOT_NAME_ACRONYMS.has(word.replaceAll('.', ''));
}

/** Whether a lower-case word can sit inside a name (`of` in `Bank of England`). */
export function isNameConnector(word: string): boolean {
  return NAME_CONNECTORS.has(word);
}

let dictionary: ReadonlySet<string> | undefined;

/**
 * Whether the word, lower-cased, is a common English word (`Authorities`, `Meanwhile`): such a
 * word opening a sentence is taken for a common word, not a name. The list is a word-game
 * dictionary of about 274,000 words without proper nouns, read on first use.
 */
export function isCommonWord(word: string): boolean {
  dictionary ??= words(readFileSync(wordListPath, 'utf8'));
  return dictionary.has(word.toLowerCase());
}
