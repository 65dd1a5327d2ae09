import { describe, expect, it } from 'vitest';
import { type CheckSpec, checkNames, checkSpecListSchema, checkSpecSchema } from './checks.js';

function issues(value: unknown): string[] {
  const result = checkSpecSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('checkSpecSchema', () => {
  it('accepts every check type', () => {
    const specs = [
      { type: 'not_empty' },
      { type: 'word_count', min: 50, max: 150 },
      { type: 'word_count', name: 'short', max: 40 },
      { type: 'sentence_count', min: 2 },
      { type: 'numbers_in_source' },
      { type: 'no_refusal' },
      { type: 'max_chars', max: 1000 },
      { type: 'entities_in_source' },
      { type: 'entities_in_source', name: 'names', ignore: ['Reuters', 'Wikinews'] },
      { type: 'language' },
      { type: 'language', name: 'german', expected: 'de' },
    ];
    expect(checkSpecListSchema.parse(specs)).toEqual(specs);
  });

  it('rejects a language the detector does not know, saying what to write', () => {
    const [message] = issues({ type: 'language', expected: 'english' });
    expect(message).toMatch(/^unknown language "english"; write an ISO 639-1 code such as en/);
    expect(message).toContain('de, el, en, es');
    expect(issues({ type: 'language', expected: 'xx' })).toHaveLength(1);
  });

  it('wants ignore as a list of names', () => {
    expect(issues({ type: 'entities_in_source', ignore: 'Reuters' })).toHaveLength(1);
    expect(issues({ type: 'entities_in_source', ignore: [''] })).toHaveLength(1);
    expect(issues({ type: 'entities_in_source', expected: 'en' })).toEqual([
      'Unrecognized key: "expected"',
    ]);
  });

  it('requires a bound on a count check, and min no greater than max', () => {
    expect(issues({ type: 'word_count' })).toEqual(['word_count needs min, max or both']);
    expect(issues({ type: 'sentence_count', min: 5, max: 3 })).toEqual([
      'sentence_count: min must not be greater than max',
    ]);
  });

  it('rejects unknown keys, unknown types and bad bounds', () => {
    expect(issues({ type: 'not_empty', max: 3 })).toEqual(['Unrecognized key: "max"']);
    expect(issues({ type: 'word_cont', max: 3 })).toHaveLength(1);
    expect(issues({ type: 'max_chars' })).toHaveLength(1);
    expect(issues({ type: 'word_count', max: 1.5 })).toHaveLength(1);
    expect(issues({ type: 'word_count', min: -1 })).toHaveLength(1);
  });

  it('rejects a name given twice, at the second one', () => {
    const result = checkSpecListSchema.safeParse([
      { type: 'word_count', name: 'length', max: 10 },
      { type: 'max_chars', name: 'length', max: 10 },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1, 'name']);
  });
});

describe('checkNames', () => {
  it('names a check by its type unless it has a name', () => {
    const specs: CheckSpec[] = [
      { type: 'not_empty' },
      { type: 'word_count', name: 'short', max: 9 },
    ];
    expect(checkNames(specs)).toEqual(['not_empty', 'short']);
  });

  it('suffixes a repeated type, avoiding names already given', () => {
    const specs: CheckSpec[] = [
      { type: 'word_count', min: 10 },
      { type: 'word_count', max: 99 },
      { type: 'word_count', name: 'word_count_2', max: 50 },
    ];
    expect(checkNames(specs)).toEqual(['word_count', 'word_count_3', 'word_count_2']);
  });

  it('keeps an explicit name that matches a default, moving the default aside', () => {
    const specs: CheckSpec[] = [{ type: 'not_empty' }, { type: 'no_refusal', name: 'not_empty' }];
    expect(checkNames(specs)).toEqual(['not_empty_2', 'not_empty']);
  });
});
