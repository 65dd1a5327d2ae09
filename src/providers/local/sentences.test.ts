import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('keeps abbreviations, initials and times inside their sentence', () => {
    const text =
      'The 116th U.S. Congress has the most women. Dr. Tristan Smith said so. ' +
      'Robert F. Kennedy was a senator. He spoke at 7:30 a.m. EDT (1130 UTC). ' +
      'It was founded by Martin Luther King Jr. Day organisers.';
    expect(splitSentences(text)).toEqual([
      'The 116th U.S. Congress has the most women.',
      'Dr. Tristan Smith said so.',
      'Robert F. Kennedy was a senator.',
      'He spoke at 7:30 a.m. EDT (1130 UTC).',
      'It was founded by Martin Luther King Jr. Day organisers.',
    ]);
  });

  it('ends a sentence after an abbreviation when the next one plainly starts anew', () => {
    const text =
      'We see it in Washington, D.C. It is long past time. They met at Acme Inc. The end.';
    expect(splitSentences(text)).toEqual([
      'We see it in Washington, D.C.',
      'It is long past time.',
      'They met at Acme Inc.',
      'The end.',
    ]);
  });

  it('keeps a quotation that goes on after ! or ? in one sentence', () => {
    const text = 'Members shouted "shame on you!" and held signs. Was it a prank? Nobody knew.';
    expect(splitSentences(text)).toEqual([
      'Members shouted "shame on you!" and held signs.',
      'Was it a prank?',
      'Nobody knew.',
    ]);
  });

  it('ends a sentence at every newline', () => {
    expect(splitSentences('First paragraph.\n\nSecond one.\nThird line.')).toEqual([
      'First paragraph.',
      'Second one.',
      'Third line.',
    ]);
  });

  it('leaves out datelines, headings, photo captions and attributions', () => {
    const text = [
      'Friday, March 29, 2019 ',
      'Toronto Comicon 2019 returned to its city.',
      '',
      'Stage where speeches were given. Image: C.Suthorn.',
      '',
      'Costumes on show',
      '',
      '—Troy Roberts',
      '',
      'Attendance grew again.',
    ].join('\n');
    expect(splitSentences(text)).toEqual([
      'Toronto Comicon 2019 returned to its city.',
      'Attendance grew again.',
    ]);
  });

  it('strips wire-service datelines from the first sentence', () => {
    expect(splitSentences("(CNN)Donald Sterling's remarks cost him. More followed.")[0]).toBe(
      "Donald Sterling's remarks cost him.",
    );
    expect(splitSentences('LONDON (Reuters) - Prices rose. Then fell.')[0]).toBe('Prices rose.');
    expect(splitSentences('WASHINGTON — The vote passed. It was close.')[0]).toBe(
      'The vote passed.',
    );
  });

  it('falls back to the lines when nothing ends like a sentence', () => {
    expect(splitSentences('a list\nof items')).toEqual(['a list', 'of items']);
  });

  it('returns only exact substrings of every real article', () => {
    const file = new URL('../../../fixtures/wikinews.jsonl', import.meta.url);
    const bodies = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => (JSON.parse(line) as { body: string }).body);

    for (const body of bodies) {
      const sentences = splitSentences(body);
      expect(sentences.length).toBeGreaterThan(5);
      for (const sentence of sentences) expect(body).toContain(sentence);
    }
  });
});
