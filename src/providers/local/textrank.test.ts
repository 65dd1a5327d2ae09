import { describe, expect, it } from 'vitest';
import { pageRank, similarityGraph, textRank } from './textrank.js';

describe('pageRank', () => {
  it('ranks the hub of a star highest and sums to 1', () => {
    const star = [
      [0, 1, 1, 1],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ];
    const ranks = pageRank(star);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(ranks[0]).toBeGreaterThan(0.4);
    expect(ranks[1]).toBeCloseTo(ranks[2] ?? 0, 12);
  });

  it('gives an isolated node the teleport share and keeps the total at 1', () => {
    const ranks = pageRank([
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
    expect(ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(ranks[2]).toBeLessThan(ranks[0] ?? 0);
    expect(pageRank([])).toEqual([]);
  });
});

describe('similarityGraph', () => {
  it('links sentences by shared content words, ignoring case and stopwords', () => {
    const graph = similarityGraph([
      'The volcano erupted near the village.',
      'A village was evacuated as the volcano erupted.',
      'And so it was.',
    ]);
    expect(graph[0]?.[1]).toBeGreaterThan(0);
    expect(graph[0]?.[1]).toBe(graph[1]?.[0]);
    expect(graph[0]?.[2]).toBe(0);
    expect(graph[0]?.[0]).toBe(0);
  });
});

describe('textRank', () => {
  const sentences = [
    'Officials met on Monday.',
    'The volcano erupted on Tuesday and the village was evacuated.',
    'Ash from the volcano covered the village.',
    'Weather was mild.',
    'Villagers returned after the volcano calmed.',
  ];

  it('picks the most central sentences and keeps them in document order', () => {
    expect(textRank(sentences, 2)).toEqual([sentences[1], sentences[2]]);
  });

  it('returns every sentence when there are no more than asked for', () => {
    expect(textRank(sentences.slice(0, 2), 3)).toEqual(sentences.slice(0, 2));
  });
});
