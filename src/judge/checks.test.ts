import { describe, expect, it } from 'vitest';
import { type CheckSpec, runChecks } from './checks.js';

const SOURCE = `The city council on Monday approved a $2.3 billion budget for 2025, a 4% increase on
last year. The plan adds 150 police officers and funds 1,200 new affordable homes. Council
member Ana Ruiz, one of 3 members who voted against it, called the tax rise "unaffordable".`;

const FAITHFUL =
  'The council approved a $2.3bn budget for 2025, up 4%. It adds 150 police officers and ' +
  '1200 affordable homes; three members, including Ana Ruiz, opposed it.';

function only(spec: CheckSpec, output: string) {
  const [result] = runChecks([spec], { output, source: SOURCE });
  return result;
}

describe('runChecks', () => {
  it('passes a faithful summary on every check, in the order given', () => {
    const specs: CheckSpec[] = [
      { type: 'not_empty' },
      { type: 'word_count', min: 20, max: 60 },
      { type: 'sentence_count', max: 3 },
      { type: 'numbers_in_source' },
      { type: 'no_refusal' },
      { type: 'max_chars', max: 400 },
      { type: 'entities_in_source' },
      { type: 'language' },
    ];
    expect(runChecks(specs, { output: FAITHFUL, source: SOURCE })).toEqual([
      { name: 'not_empty', passed: true, detail: null },
      { name: 'word_count', passed: true, detail: null },
      { name: 'sentence_count', passed: true, detail: null },
      { name: 'numbers_in_source', passed: true, detail: null },
      { name: 'no_refusal', passed: true, detail: null },
      { name: 'max_chars', passed: true, detail: null },
      { name: 'entities_in_source', passed: true, detail: null },
      { name: 'language', passed: true, detail: null },
    ]);
  });

  it('fails invented names, naming them, and passes the ones it is told to ignore', () => {
    const output = `${FAITHFUL} Mayor Eric Adams praised it, Reuters reported.`;
    expect(only({ type: 'entities_in_source' }, output)).toEqual({
      name: 'entities_in_source',
      passed: false,
      detail: 'not in the source: Eric Adams, Reuters',
    });
    expect(only({ type: 'entities_in_source', ignore: ['Reuters'] }, output)?.detail).toBe(
      'not in the source: Eric Adams',
    );
  });

  it('fails output in another language, and passes text too short to tell', () => {
    const german =
      'Der Stadtrat hat am Montag einen Haushalt von 2,3 Milliarden Dollar für 2025 beschlossen. ' +
      'Drei Mitglieder, darunter Ana Ruiz, stimmten dagegen.';
    expect(only({ type: 'language' }, german)).toEqual({
      name: 'language',
      passed: false,
      detail: 'looks like German (de), expected English (en)',
    });
    expect(only({ type: 'language', expected: 'de' }, german)?.passed).toBe(true);
    expect(only({ type: 'language', expected: 'de' }, FAITHFUL)?.detail).toBe(
      'looks like English (en), expected German (de)',
    );
    expect(only({ type: 'language' }, 'Budget beschlossen.')?.passed).toBe(true);
  });

  it('fails an invented figure, naming it', () => {
    const output = `${FAITHFUL} The vote drew 47 people to the chamber.`;
    expect(only({ type: 'numbers_in_source' }, output)).toEqual({
      name: 'numbers_in_source',
      passed: false,
      detail: 'not in the source: 47',
    });
  });

  it('shows the first five missing numbers and how many more there are', () => {
    const output = 'Figures: 11, 12, 13, 14, 15, 16, 17 and 2025.';
    expect(only({ type: 'numbers_in_source' }, output)?.detail).toBe(
      'not in the source: 11, 12, 13, 14, 15 (and 2 more)',
    );
  });

  it('checks word bounds inclusively, at the exact edges', () => {
    const tenWords = 'one two three four five six seven eight nine ten';
    const within: CheckSpec = { type: 'word_count', min: 10, max: 10 };
    expect(only(within, tenWords)?.passed).toBe(true);
    expect(only({ type: 'word_count', max: 9 }, tenWords)?.detail).toBe('10 words; at most 9');
    expect(only({ type: 'word_count', min: 11 }, tenWords)?.detail).toBe('10 words; at least 11');
    expect(only({ type: 'word_count', min: 2 }, 'Alone')?.detail).toBe('1 word; at least 2');
  });

  it('checks sentence and character bounds', () => {
    expect(only({ type: 'sentence_count', max: 1 }, FAITHFUL)?.detail).toBe(
      '2 sentences; at most 1',
    );
    expect(only({ type: 'sentence_count', min: 1 }, '')?.detail).toBe('0 sentences; at least 1');
    expect(only({ type: 'max_chars', max: 5 }, 'héllo')?.passed).toBe(true);
    expect(only({ type: 'max_chars', max: 4 }, 'héllo')?.detail).toBe('5 characters; at most 4');
  });

  it('fails empty and blank output', () => {
    expect(only({ type: 'not_empty' }, '')?.detail).toBe('output is empty');
    expect(only({ type: 'not_empty' }, ' \n ')?.detail).toBe('output is only whitespace');
  });

  it('quotes a refusal, and lets a preamble through', () => {
    expect(only({ type: 'no_refusal' }, "I'm sorry, but I can't do that.")?.detail).toBe(
      `reads as a refusal: "I'm sorry, but I can't do that"`,
    );
    expect(only({ type: 'no_refusal' }, `Here is a summary: ${FAITHFUL}`)?.passed).toBe(true);
  });

  it('gives two checks of one type distinct names', () => {
    const specs: CheckSpec[] = [
      { type: 'word_count', min: 5 },
      { type: 'word_count', name: 'hard_limit', max: 10 },
      { type: 'word_count', max: 100 },
    ];
    const names = runChecks(specs, { output: FAITHFUL, source: SOURCE }).map((r) => r.name);
    expect(names).toEqual(['word_count', 'hard_limit', 'word_count_2']);
  });

  it('does not throw on odd input', () => {
    const specs: CheckSpec[] = [
      { type: 'not_empty' },
      { type: 'word_count', min: 1 },
      { type: 'sentence_count', min: 1 },
      { type: 'numbers_in_source' },
      { type: 'no_refusal' },
      { type: 'max_chars', max: 10 },
      { type: 'entities_in_source' },
      { type: 'language' },
    ];
    for (const output of [
      '',
      '\u0000\uFFFF',
      '\uD800 lone surrogate',
      '🏳️‍🌈'.repeat(50),
      '9'.repeat(400),
      'Ünïcödé Ñámés ÀND ŚHOUTING. '.repeat(20),
    ]) {
      expect(() => runChecks(specs, { output, source: '' })).not.toThrow();
    }
  });
});
