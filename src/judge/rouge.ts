/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (Lin, 2004), computed as Google's `rouge-score` package computes
 * them with `use_stemmer=True`, which in turn replicates the original ROUGE-1.5.5 Perl script
 * run as `ROUGE-1.5.5.pl -m -n 2` (stemming on, no stopword removal, no length limit).
 *
 * Tokens: the text is lower-cased, every character other than `a-z` and `0-9` becomes a space,
 * the text is split on whitespace, and each token longer than 3 characters is Porter-stemmed.
 * ROUGE-N counts the n-grams both sides share, clipped to the rarer side's count; ROUGE-L uses
 * the longest common subsequence of the two token sequences. Each gives precision (over the
 * candidate), recall (over the reference) and F1. A side with no tokens scores 0, never 1.
 *
 * Several references: `rougeMulti` takes, per variant, the reference with the best F1 (as
 * `rouge-score`'s `score_multi`); `rougeMean` averages over them (as the published SummEval
 * correlations were computed). `referenceMetrics`, for a run's rows, takes the best.
 *
 * One known departure: `rouge-score` stems with NLTK's Porter stemmer in its default
 * `NLTK_EXTENSIONS` mode; this module uses the `stemmer` package, Martin Porter's own algorithm
 * with his published revisions. They stem 118 of the 5,798 distinct words longer than 3
 * characters in SummEval's summaries and references differently (mostly `y` after a vowel: NLTK
 * keeps `today`, Porter gives `todai`; and NLTK's exceptions such as `news`, `dying`, `ages`),
 * so 27 of SummEval's 4,800 single-reference ROUGE-1/2/L F1 values differ from `rouge-score`'s,
 * by at most 0.024, and its summary-level correlations by at most 0.002. With NLTK's stems the
 * scores here equal `rouge-score`'s on all 4,800.
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
    .map((token) => (token.length > MAX_UNSTEMMED_LENGTH ? stem(token) : token));
}

/** Stems seen before: the same words recur across summaries and references. */
const stems = new Map<string, string>();
/** Enough for any English vocabulary; past it the cache starts over rather than grow without end. */
const MAX_CACHED_STEMS = 200_000;

function stem(token: string): string {
  let stemmed = stems.get(token);
  if (stemmed === undefined) {
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stemmed = stemmer(token);
    stems.set(token, stemmed);
  }
  return stemmed;
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
  return ngramScore(ngramCounts(candidate, n), ngramCounts(reference, n));
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
  return rougeOfPrepared(prepare(candidate), prepare(reference));
}

/**
 * ROUGE against several references, as `rouge-score`'s `score_multi`: for each variant
 * separately, the scores against the reference with the highest F1 (the first such reference
 * on a tie). So ROUGE-1 and ROUGE-L may come from different references. Throws on an empty
 * list: with no reference there is no score, and 0 would pass for one.
 */
export function rougeMulti(candidate: string, references: readonly string[]): RougeScores {
  if (references.length === 0) throw new RangeError('ROUGE needs at least one reference');

  const prepared = prepare(candidate);
  const [first, ...rest] = references.map((reference) =>
    rougeOfPrepared(prepared, prepare(reference)),
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

  const prepared = prepare(candidate);
  const all = references.map((reference) => rougeOfPrepared(prepared, prepare(reference)));
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

/** A text's tokens with its unigram and bigram counts, computed once per text. */
interface Prepared {
  tokens: readonly string[];
  unigrams: Map<string, number>;
  bigrams: Map<string, number>;
}

/** Recently prepared texts: a document's references are scored against each of its summaries. */
const preparedTexts = new Map<string, Prepared>();
const MAX_PREPARED_TEXTS = 256;

function prepare(text: string): Prepared {
  let prepared = preparedTexts.get(text);
  if (!prepared) {
    const tokens = rougeTokens(text);
    prepared = { tokens, unigrams: ngramCounts(tokens, 1), bigrams: ngramCounts(tokens, 2) };
    if (preparedTexts.size >= MAX_PREPARED_TEXTS) preparedTexts.clear();
    preparedTexts.set(text, prepared);
  }
  return prepared;
}

function rougeOfPrepared(candidate: Prepared, reference: Prepared): RougeScores {
  return {
    rouge1: ngramScore(candidate.unigrams, reference.unigrams),
    rouge2: ngramScore(candidate.bigrams, reference.bigrams),
    rougeL: rougeLFromTokens(candidate.tokens, reference.tokens),
  };
}

/** Clipped overlap of two n-gram counts over each side's total. */
function ngramScore(candidate: Map<string, number>, reference: Map<string, number>): RougeScore {
  let overlap = 0;
  for (const [ngram, count] of reference) overlap += Math.min(count, candidate.get(ngram) ?? 0);
  return score(overlap, total(candidate), total(reference));
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // Tokens hold only a-z and 0-9, so a space cannot make two different n-grams collide.
    let ngram = tokens[i] as string;
    for (let k = 1; k < n; k++) ngram += ` ${tokens[i + k] as string}`;
    counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
  }
  return counts;
}

/** The LCS length by dynamic programming over one row: O(|a|·|b|) time, O(|b|) memory. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;

  // Comparing small integers in the inner loop is several times faster than comparing strings.
  const ids = new Map<string, number>();
  const idsOf = (tokens: readonly string[]) =>
    Int32Array.from(tokens, (token) => {
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
      }
      return id;
    });
  const x = idsOf(a);
  const y = idsOf(b);

  const row = new Uint32Array(y.length + 1);
  for (let i = 0; i < x.length; i++) {
    const token = x[i];
    let diagonal = 0;
    for (let j = 1; j <= y.length; j++) {
      const above = row[j] as number;
      row[j] = token === y[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] as number);
      diagonal = above;
    }
  }
  return row[y.length] as number;
}

function score(matches: number, candidateTotal: number, referenceTotal: number): RougeScore {
  const precision = candidateTotal > 0 ? matches / candidateTotal : 0;
  const recall = referenceTotal > 0 ? matches / referenceTotal : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
