import { contentWords } from './words.js';

const DAMPING = 0.85;
const TOLERANCE = 1e-9;
const MAX_ITERATIONS = 1000;

/**
 * TextRank (Mihalcea and Tarau, 2004): the `count` most central sentences, in document order.
 * Ties in score go to the earlier sentence, so the choice is deterministic.
 */
export function textRank(sentences: readonly string[], count: number): string[] {
  if (sentences.length <= count) return [...sentences];

  const scores = pageRank(similarityGraph(sentences));
  const chosen = scores
    .map((score, index) => ({ score, index }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index);
  return chosen.map(({ index }) => sentences[index] ?? '');
}

interface Bag {
  length: number;
  vocabulary: Set<string>;
}

/**
 * The paper's similarity: the number of words two sentences share, over the sum of the logs of
 * their lengths, so long sentences do not win by length alone. Words are content words. The
 * graph is undirected: `weights[i][j] === weights[j][i]`, and no sentence links to itself.
 */
export function similarityGraph(sentences: readonly string[]): number[][] {
  const bags = sentences.map((sentence): Bag => {
    const words = contentWords(sentence);
    return { length: words.length, vocabulary: new Set(words) };
  });
  return bags.map((a, i) => bags.map((b, j) => (i === j ? 0 : similarity(a, b))));
}

function similarity(a: Bag, b: Bag): number {
  let shared = 0;
  for (const word of a.vocabulary) if (b.vocabulary.has(word)) shared++;
  const norm = Math.log(a.length) + Math.log(b.length);
  return shared > 0 && norm > 0 ? shared / norm : 0;
}

/**
 * Weighted PageRank over an undirected graph, damping 0.85, iterated until the scores move by
 * less than 1e-9 in total. A sentence that shares no word with any other spreads its rank
 * evenly, so the scores stay a probability distribution. Plain loops: this runs for every
 * article of every run, and the array-method version was several times slower.
 */
export function pageRank(weights: readonly (readonly number[])[]): number[] {
  const size = weights.length;
  if (size === 0) return [];
  const degrees = weights.map((row) => row.reduce((total, weight) => total + weight, 0));
  let ranks = new Float64Array(size).fill(1 / size);
  const shares = new Float64Array(size);

  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let dangling = 0;
    for (let j = 0; j < size; j++) {
      const degree = degrees[j] ?? 0;
      const rank = ranks[j] ?? 0;
      shares[j] = degree > 0 ? rank / degree : 0;
      if (degree === 0) dangling += rank;
    }

    const base = (1 - DAMPING + DAMPING * dangling) / size;
    const next = new Float64Array(size);
    let change = 0;
    for (let i = 0; i < size; i++) {
      const row = weights[i] ?? [];
      let inflow = 0;
      for (let j = 0; j < size; j++) inflow += (row[j] ?? 0) * (shares[j] ?? 0);
      next[i] = base + DAMPING * inflow;
      change += Math.abs((next[i] ?? 0) - (ranks[i] ?? 0));
    }

    ranks = next;
    if (change < TOLERANCE) break;
  }
  return Array.from(ranks);
}
