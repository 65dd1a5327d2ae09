import { describe, expect, it } from 'vitest';
import {
  isReferenceMetric,
  referenceMetrics,
  rouge,
  rougeLFromTokens,
  rougeMean,
  rougeMulti,
  rougeNFromTokens,
  rougeTokens,
} from './rouge.js';

describe('rougeTokens', () => {
  it('lower-cases, splits at every non-alphanumeric character and stems words over 3 letters', () => {
    // "U.S." splits into "u" and "s"; "2.5%" into "2" and "5"; "2019" (4 characters) is passed to
    // the stemmer and comes back unchanged; "and" (3) is never stemmed.
    expect(rougeTokens('U.S. GDP grew 2.5% in 2019! Cats and running dogs')).toEqual([
      ...['u', 's', 'gdp', 'grew', '2', '5', 'in', '2019'],
      ...['cat', 'and', 'run', 'dog'],
    ]);
  });

  it('stems as the Porter stemmer does: inflections of run meet, an irregular past does not', () => {
    // Porter: running → run (-ing, then the doubled n), runs → run (-s); "run" and "ran" have
    // 3 letters and are left alone, and Porter has no rule that maps ran to run.
    expect(rougeTokens('Running runs run ran')).toEqual(['run', 'run', 'run', 'ran']);
    // "runner" → "runner": step 4 drops -er only when the rest has measure > 1, and "runn" has 1.
    expect(rougeTokens('runner')).toEqual(['runner']);
  });

  it('treats accented and non-Latin letters as separators, as rouge-score does', () => {
    expect(rougeTokens('Café São Paulo — 東京')).toEqual(['caf', 's', 'o', 'paulo']);
  });

  it('gives no tokens for text without letters or digits', () => {
    expect(rougeTokens(' ... — !')).toEqual([]);
  });
});

describe('rouge', () => {
  it('scores identical texts 1 on every variant', () => {
    const text = 'The council approved the budget on Tuesday after a long debate.';
    const scores = rouge(text, text);
    for (const variant of [scores.rouge1, scores.rouge2, scores.rougeL]) {
      expect(variant).toEqual({ precision: 1, recall: 1, f1: 1 });
    }
  });

  it('scores texts with no word in common 0 on every variant', () => {
    const scores = rouge('Storms closed the harbour.', 'Voters elected a mayor yesterday.');
    for (const variant of [scores.rouge1, scores.rouge2, scores.rougeL]) {
      expect(variant).toEqual({ precision: 0, recall: 0, f1: 0 });
    }
  });

  it('scores an empty candidate 0, never 1, and an empty pair 0 too', () => {
    expect(rouge('', 'testing one two').rouge1.f1).toBe(0);
    expect(rouge('', '').rougeL.f1).toBe(0);
  });

  it('clips repeated words to the count the other side has', () => {
    // Candidate unigrams {the: 4}, reference {the: 1, cat: 1}: overlap min(4, 1) = 1.
    // P = 1/4, R = 1/2, F = 2 · (1/4)(1/2) / (1/4 + 1/2) = (1/4) / (3/4) = 1/3.
    // Bigrams: {"the the": 3} against {"the cat": 1}: no overlap.
    const scores = rouge('the the the the', 'the cat');
    expect(scores.rouge1.precision).toBeCloseTo(1 / 4, 12);
    expect(scores.rouge1.recall).toBeCloseTo(1 / 2, 12);
    expect(scores.rouge1.f1).toBeCloseTo(1 / 3, 12);
    expect(scores.rouge2.f1).toBe(0);
  });

  it('matches inflections through the stemmer, but not an irregular form', () => {
    // "He runs" and "he running" are both [he, run]: every variant is 1.
    expect(rouge('He runs', 'he running').rouge1.f1).toBe(1);
    expect(rouge('He runs', 'he running').rouge2.f1).toBe(1);
    // [she, ran] against [she, run]: one of two unigrams matches, P = R = F = 1/2.
    expect(rouge('She ran', 'she runs').rouge1.f1).toBeCloseTo(1 / 2, 12);
  });

  it('counts ROUGE-2 over adjacent pairs', () => {
    // Candidate bigrams: "w1 w2", "w2 w4" (2); reference: "w1 w2", "w2 w3", "w3 w4" (3).
    // Overlap 1: P = 1/2, R = 1/3, F = 2 · (1/6) / (5/6) = 2/5.
    const scores = rouge('w1 w2 w4', 'w1 w2 w3 w4');
    expect(scores.rouge2.precision).toBeCloseTo(1 / 2, 12);
    expect(scores.rouge2.recall).toBeCloseTo(1 / 3, 12);
    expect(scores.rouge2.f1).toBeCloseTo(2 / 5, 12);
  });

  it('bases ROUGE-L on the longest common subsequence, gaps allowed', () => {
    // Reference w1 w2 w3 w4 w5, candidate w2 w5 w3 w4: the LCS is w2 w3 w4 (length 3; w2 w5
    // is only 2). P = 3/4, R = 3/5, F = 2 · (9/20) / (27/20) = 2/3.
    const scores = rouge('w2 w5 w3 w4', 'w1 w2 w3 w4 w5');
    expect(scores.rougeL.precision).toBeCloseTo(3 / 4, 12);
    expect(scores.rougeL.recall).toBeCloseTo(3 / 5, 12);
    expect(scores.rougeL.f1).toBeCloseTo(2 / 3, 12);
  });

  it('gives the figures of rouge-score README example', () => {
    // rouge_scorer.RougeScorer(['rouge1', 'rougeL'], use_stemmer=True).score(
    //   'The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.')
    // prints rouge1 (0.75, 0.6667, 0.7059) and rougeL (0.625, 0.5556, 0.5882):
    // 6 of the candidate's 8 unigrams match (the ×2, quick, brown, dog, jump), the reference
    // has 9; the LCS is "the quick brown jump the" (5): P = 5/8, R = 5/9, F = 10/17.
    const scores = rouge(
      'The quick brown dog jumps on the log.',
      'The quick brown fox jumps over the lazy dog',
    );
    expect(scores.rouge1.precision).toBeCloseTo(0.75, 4);
    expect(scores.rouge1.recall).toBeCloseTo(0.6667, 4);
    expect(scores.rouge1.f1).toBeCloseTo(0.7059, 4);
    expect(scores.rougeL.precision).toBeCloseTo(0.625, 4);
    expect(scores.rougeL.recall).toBeCloseTo(0.5556, 4);
    expect(scores.rougeL.f1).toBeCloseTo(10 / 17, 12);
  });

  it("gives rouge-score's own test figures", () => {
    // rouge_scorer_test.py: score(target, prediction) with the target second here.
    const one = rouge('testing', 'testing one two');
    expect([one.rouge1.precision, one.rouge1.recall, one.rouge1.f1]).toEqual([1, 1 / 3, 1 / 2]);
    const two = rouge('testing one', 'testing one two');
    expect(two.rouge2.precision).toBe(1);
    expect(two.rouge2.recall).toBeCloseTo(1 / 2, 12);
    expect(two.rouge2.f1).toBeCloseTo(2 / 3, 12);
    const gap = rouge('testing two', 'testing one two');
    expect(gap.rougeL.recall).toBeCloseTo(2 / 3, 12);
    expect(gap.rougeL.f1).toBeCloseTo(4 / 5, 12);
  });

  it('agrees with ROUGE-1.5.5 on the scrambled-word lines rouge-score tests against it', () => {
    // rouge/testdata/{target,prediction}.txt of google-research, scored by ROUGE-1.5.5.pl -m
    // (with stemming); the expected figures are in rouge_scorer_test.py.
    const targets = [
      "ZfbCUIUuePaiLVUlCaUXxkpu XPeWing tUHfPMuZ',-Xd Y BrUgVJing M-HV.-DgdDaY.rFDJCRing Ht-LM EKBDXkME,yz'RBr q'wtion wIojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxer tKM L",
      "KsJdPByEtAor fE-Qg Dpdbring cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMtion psing sbKao Q m qiing LMmer HqqLFXe,XPY,J XsurkMer ,ed nB'wH'bWVHjWFEing tQ.saefZwJtKrTlixYpMMsJing UCAPwNHeYVjDing c T BUySKtion gMPfJpwGw p'NvxAoping eu pBwMBKV'I DNxqelhu,PHPxDEq,mtion SN",
    ];
    const predictions = [
      "rFDJCRtion Ht-LM EKtDXkME,yz'RBr q'wer wrojNbN wL,b .a-'XdQggyFl jB-RPP'iyOIcUxi",
      "n cw-WeFyu vC MoBL Xdn g wkvcEiGvKtion BDFhrpMer pstion sbKao Q m qier LMmed HqqLFXe,XPY,J XsurkMeo ,ed nB'wH'bWVHjWFEer tQ.saefZwJtKrTlixYpMMNJtion UCAPwNHeYVjD",
    ];
    const first = rouge(predictions[0] as string, targets[0] as string);
    expect(first.rouge1.recall).toBeCloseTo(0.40741, 5);
    expect(first.rouge1.precision).toBeCloseTo(0.6875, 5);
    expect(first.rouge1.f1).toBeCloseTo(0.51163, 5);
    expect(first.rouge2.recall).toBeCloseTo(0.30769, 5);
    expect(first.rouge2.precision).toBeCloseTo(0.53333, 5);
    expect(first.rouge2.f1).toBeCloseTo(0.39024, 5);
    expect(first.rougeL.f1).toBeCloseTo(0.51163, 5);

    // The second line has -er, -ing and -tion words that only match once stemmed.
    const second = rouge(predictions[1] as string, targets[1] as string);
    expect(second.rouge1.recall).toBeCloseTo(0.42857, 5);
    expect(second.rouge1.precision).toBeCloseTo(0.69231, 5);
    expect(second.rouge1.f1).toBeCloseTo(0.52941, 5);
    expect(second.rouge2.recall).toBeCloseTo(0.29268, 5);
    expect(second.rouge2.precision).toBeCloseTo(0.48, 5);
    expect(second.rouge2.f1).toBeCloseTo(0.36364, 5);
  });
});

describe('token-level functions', () => {
  it('computes ROUGE-N for any n and refuses n < 1', () => {
    // Trigrams: candidate "a b c", "b c d"; reference "a b c": overlap 1, P = 1/2, R = 1.
    const scores = rougeNFromTokens(['a', 'b', 'c', 'd'], ['a', 'b', 'c'], 3);
    expect(scores.precision).toBeCloseTo(1 / 2, 12);
    expect(scores.recall).toBe(1);
    expect(() => rougeNFromTokens(['a'], ['a'], 0)).toThrow(RangeError);
  });

  it('finds the LCS of token lists', () => {
    // "a c e" is a subsequence of both; no common subsequence of length 4 exists.
    expect(rougeLFromTokens(['a', 'x', 'c', 'y', 'e'], ['a', 'b', 'c', 'd', 'e']).recall).toBe(
      3 / 5,
    );
  });
});

describe('several references', () => {
  // Against "the cat sat" the candidate "the cat sat down" has ROUGE-1 P 3/4, R 1, F 6/7;
  // against "a dog barked" it has nothing in common.
  const candidate = 'the cat sat down';
  const references = ['a dog barked', 'the cat sat'];

  it('rougeMulti takes the reference with the best F1, per variant', () => {
    const scores = rougeMulti(candidate, references);
    expect(scores.rouge1).toEqual(rouge(candidate, 'the cat sat').rouge1);
    expect(scores.rouge1.f1).toBeCloseTo(6 / 7, 12);
  });

  it('rougeMulti takes the first reference on a tie, as numpy argmax does', () => {
    // "the cat" against "the dog": 1 match, P 1/2, R 1/2, F 1/2. Against "the cat sat on a mat":
    // 2 matches, P 1, R 1/3, F 2 · (1/3) / (4/3) = 1/2 as well. The first wins either way round.
    const tied = ['the dog', 'the cat sat on a mat'];
    expect(rougeMulti('the cat', tied).rouge1.precision).toBe(1 / 2);
    expect(rougeMulti('the cat', [...tied].reverse()).rouge1.precision).toBe(1);
  });

  it('rougeMean averages precision, recall and F1 over the references', () => {
    // ROUGE-1 F1: (0 + 6/7) / 2 = 3/7; precision (0 + 3/4) / 2 = 3/8.
    const scores = rougeMean(candidate, references);
    expect(scores.rouge1.f1).toBeCloseTo(3 / 7, 12);
    expect(scores.rouge1.precision).toBeCloseTo(3 / 8, 12);
  });

  it('refuses an empty list rather than scoring 0', () => {
    expect(() => rougeMulti(candidate, [])).toThrow(RangeError);
    expect(() => rougeMean(candidate, [])).toThrow(RangeError);
    expect(() => referenceMetrics(candidate, [])).toThrow(RangeError);
  });
});

describe('referenceMetrics', () => {
  it('gives the F1 of each variant, keyed as a result row shows them', () => {
    const metrics = referenceMetrics('the cat sat down', ['a dog barked', 'the cat sat']);
    // Best reference "the cat sat": ROUGE-1 F1 6/7; bigrams "the cat", "cat sat" of 3 and 2:
    // P 2/3, R 1, F 4/5; LCS 3 of 4 and 3: as ROUGE-1, 6/7.
    expect(Object.keys(metrics).sort()).toEqual(['rouge-1', 'rouge-2', 'rouge-l']);
    expect(metrics['rouge-1']).toBeCloseTo(6 / 7, 12);
    expect(metrics['rouge-2']).toBeCloseTo(4 / 5, 12);
    expect(metrics['rouge-l']).toBeCloseTo(6 / 7, 12);
  });

  it('names the metrics isReferenceMetric accepts', () => {
    expect(isReferenceMetric('rouge-l')).toBe(true);
    expect(isReferenceMetric('rougeL')).toBe(false);
  });
});
