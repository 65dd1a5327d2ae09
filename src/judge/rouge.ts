/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (Lin, 2004), computed as Google's `rouge-score` package computes
 * them with `use_stemmer=True`, which in turn replicates the original ROUGE-1.5.5 Perl script
 * run as `ROUGE-1.5.5.pl -m -n 2` (stemming on, no stopword removal, no length limit).
 *
 * Tokens: the text is lower-cased, every character other than `a-z` and `0-9` becomes a space,
 * the text is split on whitespace, and each token longer than 3 characters is Porter-stemmed.
 *
 * One known departure: `rouge-score` stems with NLTK's Porter stemmer in its default
 * `NLTK_EXTENSIONS` mode; this module uses the `stemmer` package, which is Martin Porter's own
 * algorithm with his published revisions. They stem about 2% of the distinct words of the
 * SummEval summaries differently (mostly a `y` after a vowel: NLTK keeps `today`, `play`; Porter
 * gives `todai`, `plai`), which moves a summary's F1 only when such a word is in it.
 */
import { stemmer } from 'stemmer';

/** Precision, recall and their harmonic mean, each from 0 to 1. */
export interface RougeScore {
  /** Matches over the candidate's n-grams (or tokens, for ROUGE-L). */
  precision: number;
  /** Matches over the reference's n-grams (or tokens, for ROUGE-L). */
  recall: number;
  /** 2PR / (P + R); 0 when both are 0. */
  f1: number;
}

/** The three ROUGE variants of one candidate against one reference (or the best of several). */
export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
}

/** The names a run row and `evals calibrate --scorer` use for the F1 of each variant. */
export type ReferenceMetricName = 'rouge-1' | 'rouge-2' | 'rouge-l';

export const REFERENCE_METRICS: readonly ReferenceMetricName[] = ['rouge-1', 'rouge-2', 'rouge-l'];

const VARIANT_OF: Record<ReferenceMetricName, keyof RougeScores> = {
  'rouge-1': 'rouge1',
  'rouge-2': 'rouge2',
  'rouge-l': 'rougeL',
};

/** Tokens shorter than this many characters plus one are left unstemmed, as in ROUGE-1.5.5. */
const MAX_UNSTEMMED_LENGTH = 3;

/**
 * The tokens ROUGE compares: lower-cased, split at every character that is not a letter `a-z`
 * or a digit, tokens longer than 3 characters Porter-stemmed. Accented and non-Latin letters
 * are separators, so they never match (as in `rouge-score`).
 */
export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => (token.length > MAX_UNSTEMMED_LENGTH ? stemmer(token) : token));
}

/**
 * ROUGE-N from token lists: the n-grams both sides share, each counted as often as it occurs on
 * the side where it is rarer ("clipped"), over the candidate's n-grams (precision) and the
 * reference's (recall). A side with no n-gram scores 0, never 1.
 */
export function rougeNFromTokens(
  candidate: readonly string[],
  reference: readonly string[],
  n: number,
): RougeScore {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ROUGE-N needs n ≥ 1, got ${n}`);

  const candidateCounts = ngramCounts(candidate, n);
  const referenceCounts = ngramCounts(reference, n);
  let overlap = 0;
  for (const [ngram, count] of referenceCounts) {
    overlap += Math.min(count, candidateCounts.get(ngram) ?? 0);
  }
  const candidateTotal = Math.max(0, candidate.length - n + 1);
  const referenceTotal = Math.max(0, reference.length - n + 1);
  return score(overlap, candidateTotal, referenceTotal);
}

/**
 * ROUGE-L from token lists: the length of the longest common subsequence (tokens in the same
 * order, not necessarily adjacent) over the candidate's length (precision) and the reference's
 * (recall). This is the sentence-level ROUGE-L (`rougeL`): newlines are ignored; the
 * summary-level ROUGE-Lsum with its union-LCS over sentences is not implemented.
 */
export function rougeLFromTokens(
  candidate: readonly string[],
  reference: readonly string[],
): RougeScore {
  return score(lcsLength(candidate, reference), candidate.length, reference.length);
}

/** ROUGE-1, ROUGE-2 and ROUGE-L of a candidate against one reference text. */
export function rouge(candidate: string, reference: string): RougeScores {
  return rougeOfTokens(rougeTokens(candidate), rougeTokens(reference));
}

/**
 * ROUGE against several references, as `rouge-score`'s `score_multi`: for each variant
 * separately, the scores against the reference with the highest F1 (the first such reference
 * on a tie). So ROUGE-1 and ROUGE-L may come from different references. Throws on an empty
 * list: with no reference there is no score, and 0 would pass for one.
 */
export function rougeMulti(candidate: string, references: readonly string[]): RougeScores {
  if (references.length === 0) throw new RangeError('ROUGE needs at least one reference');

  const candidateTokens = rougeTokens(candidate);
  const [first, ...rest] = references.map((reference) =>
    rougeOfTokens(candidateTokens, rougeTokens(reference)),
  );
  const best = { ...(first as RougeScores) };
  for (const scores of rest) {
    // Strictly greater, so the first of equal references wins, as numpy's argmax does.
    if (scores.rouge1.f1 > best.rouge1.f1) best.rouge1 = scores.rouge1;
    if (scores.rouge2.f1 > best.rouge2.f1) best.rouge2 = scores.rouge2;
    if (scores.rougeL.f1 > best.rougeL.f1) best.rougeL = scores.rougeL;
  }
  return best;
}

/**
 * ROUGE against several references, averaged: for each variant, the mean precision, mean recall
 * and mean F1 over the references. This is how the SummEval correlation figures that G-Eval and
 * UniEval publish were computed (BARTScore's scoring of the 11 SummEval references); see
 * `evals calibrate --multi-ref`. Throws on an empty list.
 */
export function rougeMean(candidate: string, references: readonly string[]): RougeScores {
  if (references.length === 0) throw new RangeError('ROUGE needs at least one reference');

  const candidateTokens = rougeTokens(candidate);
  const all = references.map((reference) => rougeOfTokens(candidateTokens, rougeTokens(reference)));
  const average = (variant: keyof RougeScores): RougeScore => {
    const sum = (field: keyof RougeScore) =>
      all.reduce((total, scores) => total + scores[variant][field], 0);
    return {
      precision: sum('precision') / all.length,
      recall: sum('recall') / all.length,
      f1: sum('f1') / all.length,
    };
  };
  return { rouge1: average('rouge1'), rouge2: average('rouge2'), rougeL: average('rougeL') };
}

/** The F1 of one named reference metric in a set of ROUGE scores. */
export function metricF1(scores: RougeScores, metric: ReferenceMetricName): number {
  return scores[VARIANT_OF[metric]].f1;
}

/**
 * The F1 of ROUGE-1, ROUGE-2 and ROUGE-L of an output against an article's reference
 * summaries (the best over the references when there are several; see `rougeMulti`), keyed as
 * a result row shows them. Throws on an empty list.
 */
export function referenceMetrics(
  output: string,
  references: string[],
): Record<ReferenceMetricName, number> {
  const scores = rougeMulti(output, references);
  return {
    'rouge-1': metricF1(scores, 'rouge-1'),
    'rouge-2': metricF1(scores, 'rouge-2'),
    'rouge-l': metricF1(scores, 'rouge-l'),
  };
}

/** Whether a name is one of the reference metrics (`rouge-1`, `rouge-2`, `rouge-l`). */
export function isReferenceMetric(name: string): name is ReferenceMetricName {
  return (REFERENCE_METRICS as readonly string[]).includes(name);
}

function rougeOfTokens(candidate: readonly string[], reference: readonly string[]): RougeScores {
  return {
    rouge1: rougeNFromTokens(candidate, reference, 1),
    rouge2: rougeNFromTokens(candidate, reference, 2),
    rougeL: rougeLFromTokens(candidate, reference),
  };
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens hold only a-z and 0-9, so a space cannot make two different n-grams collide.
    const ngram = tokens.slice(i, i + n).join(' ');
    counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
  }
  return counts;
}

/** The LCS length by dynamic programming over one row: O(|a|·|b|) time, O(|b|) memory. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;

  const row = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] as number;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

function score(matches: number, candidateTotal: number, referenceTotal: number): RougeScore {
  const precision = candidateTotal > 0 ? matches / candidateTotal : 0;
  const recall = referenceTotal > 0 ? matches / referenceTotal : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
