import { describe, expect, it } from 'vitest';
import { countChars, countSentences, countWords } from './text.js';

describe('countWords', () => {
  it('counts words, not punctuation or numbers split at their separators', () => {
    expect(countWords('The council paid $1,200.50 — a 38% rise — on Monday.')).toBe(9);
  });

  it('counts nothing in empty or blank text', () => {
    expect(countWords('')).toBe(0);
    expect(countWords(' \n\t ')).toBe(0);
  });
});

describe('countSentences', () => {
  it('counts sentences, keeping decimals and titles inside them', () => {
    const text = 'Dr. Smith said GDP grew 2.5% in 2023. Prices rose! Did wages keep up?';
    expect(countSentences(text)).toBe(3);
  });

  it('counts a sentence without a final stop, and ignores blank lines', () => {
    expect(countSentences('One.\n\n\nTwo without a stop')).toBe(2);
  });

  it('counts nothing in empty text or bare punctuation', () => {
    expect(countSentences('')).toBe(0);
    expect(countSentences('... — !')).toBe(0);
  });
});

describe('countChars', () => {
  it('counts code points, so an emoji outside the BMP is one', () => {
    expect(countChars('a😀b')).toBe(3);
    expect(countChars('')).toBe(0);
  });
});
