import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETECTABLE_LANGUAGES, languageLabel, otherLanguage } from './language.js';

const ENGLISH =
  'An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region of ' +
  'Russia. A suspected gas leak led to an explosion, and 39 people are confirmed dead.';
const GERMAN =
  'Am Montag ist in Magnitogorsk, einer Stadt im Ural, ein Wohnhaus eingestürzt. Ein ' +
  'mutmaßliches Gasleck führte zu einer Explosion; 39 Menschen kamen ums Leben.';
const FRENCH =
  "Un immeuble d'habitation s'est effondré lundi à Magnitogorsk, une ville de l'Oural en " +
  'Russie. Une fuite de gaz présumée a provoqué une explosion qui a fait 39 morts.';

describe('otherLanguage', () => {
  it('gives no verdict on text in the expected language', () => {
    expect(otherLanguage(ENGLISH, 'en')).toBeNull();
    expect(otherLanguage(GERMAN, 'de')).toBeNull();
  });

  it('names the language of a paragraph in another one', () => {
    expect(otherLanguage(GERMAN, 'en')).toBe('de');
    expect(otherLanguage(FRENCH, 'en')).toBe('fr');
    expect(otherLanguage(ENGLISH, 'de')).toBe('en');
  });

  it('gives no verdict on text too short to tell', () => {
    expect(otherLanguage('Danke schön!', 'en')).toBeNull();
    expect(otherLanguage('', 'en')).toBeNull();
    // Names and captions from the fixtures that the detector reads as Tagalog.
    expect(otherLanguage('Mulan from Mulan Sabine Wren from Star Wars: Rebels', 'en')).toBeNull();
  });

  it('passes the first two sentences of every fixture article as English', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    const lines = readFileSync(
      new URL('../../../fixtures/wikinews.jsonl', import.meta.url),
      'utf8',
    );
    const verdicts = lines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { body: string })
      .map(({ body }) =>
        [...segmenter.segment(body)]
          .slice(0, 2)
          .map((s) => s.segment)
          .join(''),
      )
      .map((summary) => otherLanguage(summary, 'en'));
    expect(verdicts.filter((verdict) => verdict !== null)).toEqual([]);
  });

  it('lists exactly the languages the detector knows', async () => {
    const { eld } = await import('eld/small');
    expect([...DETECTABLE_LANGUAGES]).toEqual(Object.values(eld.info().Languages));
  });
});

describe('languageLabel', () => {
  it('names the language in English, with its code', () => {
    expect(languageLabel('de')).toBe('German (de)');
    expect(languageLabel('zh')).toBe('Chinese (zh)');
  });
});
