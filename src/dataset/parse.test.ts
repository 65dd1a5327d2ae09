import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { parseJsonArray, parseJsonl, parseTextFile } from './parse.js';

function errorOf(run: () => unknown): DatasetError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw error;
  }
  throw new Error('expected a DatasetError');
}

describe('parseJsonl', () => {
  it('reads one article per line, skipping blank lines and keeping every field', () => {
    const text = [
      '{"id": "a", "body": "First.", "title": "One", "url": "https://x", "words": 1}',
      '',
      '{"id": 7, "body": "Second."}\r',
      '',
    ].join('\n');
    expect(parseJsonl(text, 'set.jsonl')).toEqual([
      { id: 'a', body: 'First.', title: 'One', url: 'https://x', words: 1 },
      { id: '7', body: 'Second.' },
    ]);
  });

  it('names both lines of a duplicate id', () => {
    const text = [
      '{"id": "a", "body": "x"}',
      '{"id": "b", "body": "y"}',
      '{"id": "a", "body": "z"}',
    ];
    const error = errorOf(() => parseJsonl(text.join('\n'), 'set.jsonl'));
    expect(error.message).toBe(
      'set.jsonl line 3: duplicate id "a", also at set.jsonl line 1; ids must be unique',
    );
    expect(error).toMatchObject({ file: 'set.jsonl', line: 3, articleId: 'a' });
  });

  it('treats a number id and the same id as a string as duplicates', () => {
    const text = '{"id": 1, "body": "x"}\n{"id": "1", "body": "y"}';
    expect(errorOf(() => parseJsonl(text, 'set.jsonl')).line).toBe(2);
  });

  it('rejects a malformed line, naming it', () => {
    const text = '{"id": "a", "body": "x"}\n\n{"id": "b", "body": }';
    const error = errorOf(() => parseJsonl(text, 'set.jsonl'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^set\.jsonl line 3: not valid JSON \(.+\); each line must hold/);
  });

  it('says what to do with pretty-printed JSON', () => {
    const error = errorOf(() => parseJsonl('{\n  "id": "a",\n  "body": "x"\n}', 'set.jsonl'));
    expect(error.message).toMatch(/line 1: .*pretty-printed JSON.*\.json array/);
  });

  it('rejects an empty or missing body, listing the fields the row has', () => {
    const blank = errorOf(() => parseJsonl('{"id": "a", "body": "  \\n "}', 'set.jsonl'));
    expect(blank.message).toBe('set.jsonl line 1: body is empty; every article needs its text');
    expect(blank.articleId).toBe('a');

    const missing = errorOf(() => parseJsonl('{"id": "a", "title": "T", "text": "x"}', 's.jsonl'));
    expect(missing.message).toBe(
      's.jsonl line 1: body is missing (the row has id, title, text); rename "text" to "body"',
    );
  });

  it('rejects a missing or empty id and a row that is not an object', () => {
    expect(errorOf(() => parseJsonl('{"body": "x"}', 's.jsonl')).message).toBe(
      's.jsonl line 1: id is missing',
    );
    expect(errorOf(() => parseJsonl('{"id": " ", "body": "x"}', 's.jsonl')).message).toMatch(
      /id is empty/,
    );
    expect(errorOf(() => parseJsonl('{"id": true, "body": "x"}', 's.jsonl')).message).toMatch(
      /id must be a string or a number/,
    );
    expect(errorOf(() => parseJsonl('["a", "b"]', 's.jsonl')).message).toMatch(
      /line 1: expected an article object .*found an array/,
    );
  });

  it('rejects a set with no articles', () => {
    expect(errorOf(() => parseJsonl('\n\n', 'set.jsonl')).message).toBe(
      'set.jsonl: holds no articles; add at least one',
    );
  });
});

describe('parseJsonArray', () => {
  it('reads an array of articles', () => {
    const text = '\uFEFF[{"id": "a", "body": "x"}, {"id": 2, "body": "y", "title": "T"}]';
    expect(parseJsonArray(text, 'set.json')).toEqual([
      { id: 'a', body: 'x' },
      { id: '2', body: 'y', title: 'T' },
    ]);
  });

  it('names the index of a bad item and of both duplicates', () => {
    const bad = errorOf(() =>
      parseJsonArray('[{"id": "a", "body": "x"}, {"id": "b"}]', 'set.json'),
    );
    expect(bad).toMatchObject({ index: 1, line: null, articleId: 'b' });
    expect(bad.message).toMatch(/^set\.json index 1: body is missing/);

    const text = '[{"id": "a", "body": "x"}, {"id": "a", "body": "y"}]';
    expect(errorOf(() => parseJsonArray(text, 'set.json')).message).toBe(
      'set.json index 1: duplicate id "a", also at set.json index 0; ids must be unique',
    );
  });

  it('rejects JSON that is not an array, and malformed JSON with its line', () => {
    expect(errorOf(() => parseJsonArray('{"id": "a"}', 'set.json')).message).toMatch(
      /must hold a JSON array/,
    );
    const malformed = errorOf(() => parseJsonArray('[\n{"id": "a"},\n{"id" 1}\n]', 'set.json'));
    expect(malformed.line).toBe(3);
    expect(errorOf(() => parseJsonArray('[]', 'set.json')).message).toMatch(/no articles/);
  });
});

describe('parseTextFile', () => {
  it('takes a first "# Heading" of a Markdown file as the title', () => {
    const content = '# Storm hits coast\n\nA storm hit the coast.\n\nMore text.\n';
    expect(parseTextFile({ file: 'd/storm.md', id: 'storm', format: 'md', content })).toEqual({
      id: 'storm',
      title: 'Storm hits coast',
      body: 'A storm hit the coast.\n\nMore text.',
    });
  });

  it('keeps a .txt file whole, heading and all', () => {
    const content = '# Not a title\r\nText.\r\n';
    expect(parseTextFile({ file: 'd/a.txt', id: 'a', format: 'txt', content })).toEqual({
      id: 'a',
      body: '# Not a title\nText.',
    });
  });

  it('rejects a file that is only a heading', () => {
    const run = () => parseTextFile({ file: 'd/a.md', id: 'a', format: 'md', content: '# T\n' });
    expect(errorOf(run).message).toBe('d/a.md: body is empty; every article needs its text');
  });
});
