import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval, pairedBootstrapDifference } from './bootstrap.js';
import { mulberry32 } from './random.js';

function uniformSample(n: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: n }, () => random());
}

describe('bootstrapMeanInterval', () => {
  const scores = [0.6, 0.8, 0.7, 0.9, 0.5, 0.75, 0.85, 0.65, 0.7, 0.95];

  it('gives the same interval for the same seed, and another for another seed', () => {
    const values = uniformSample(50, 3);
    const first = bootstrapMeanInterval(values, { seed: 42 });
    expect(bootstrapMeanInterval(values, { seed: 42 })).toEqual(first);
    expect(bootstrapMeanInterval(values)).toEqual(bootstrapMeanInterval(values));
    expect(bootstrapMeanInterval(values, { seed: 43 }).low).not.toBe(first.low);
  });

  it('brackets the mean', () => {
    const interval = bootstrapMeanInterval(scores);
    expect(interval.mean).toBeCloseTo(0.74, 10);
    expect(interval.n).toBe(10);
    expect(interval.low).toBeLessThan(interval.mean);
    expect(interval.high).toBeGreaterThan(interval.mean);
  });

  it('narrows with more data, to about the normal-theory width', () => {
    const small = bootstrapMeanInterval(uniformSample(25, 1));
    const large = bootstrapMeanInterval(uniformSample(400, 2));
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 2);

    // Uniform(0, 1) has sd 1/sqrt(12); the 95% width is about 2 * 1.96 * sd / sqrt(400) = 0.0566.
    expect(large.high - large.low).toBeGreaterThan(0.045);
    expect(large.high - large.low).toBeLessThan(0.068);
  });

  it('covers both extremes of two values at 95%', () => {
    // Resample means of [0, 1] are 0, 0.5 or 1 with chances 1/4, 1/2, 1/4: each tail exceeds 2.5%.
    expect(bootstrapMeanInterval([0, 1])).toEqual({ mean: 0.5, low: 0, high: 1, n: 2 });
  });

  it('gives a zero-width interval for one value or equal values', () => {
    expect(bootstrapMeanInterval([0.7])).toEqual({ mean: 0.7, low: 0.7, high: 0.7, n: 1 });
    expect(bootstrapMeanInterval([3, 3, 3])).toEqual({ mean: 3, low: 3, high: 3, n: 3 });
  });

  it('narrows as the confidence drops', () => {
    const wide = bootstrapMeanInterval(scores, { confidence: 0.99 });
    const narrow = bootstrapMeanInterval(scores, { confidence: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
  });

  it('throws on empty input and bad options', () => {
    expect(() => bootstrapMeanInterval([])).toThrow(/empty/);
    expect(() => bootstrapMeanInterval([1, Number.NaN])).toThrow(/finite/);
    expect(() => bootstrapMeanInterval([1, 2], { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapMeanInterval([1, 2], { confidence: 95 })).toThrow(/confidence/);
  });
});

describe('pairedBootstrapDifference', () => {
  it('is the interval of the mean difference', () => {
    expect(pairedBootstrapDifference([3, 4, 5, 6], [1, 2, 3, 4])).toEqual({
      mean: 2,
      low: 2,
      high: 2,
      n: 4,
    });
  });

  it('is narrower than the unpaired intervals when items share their difficulty', () => {
    const difficulty = uniformSample(60, 7);
    const noise = uniformSample(60, 8);
    const a = difficulty.map((d, i) => d + 0.1 * (noise[i] ?? 0));
    const b = difficulty.map((d) => d - 0.05);

    const paired = pairedBootstrapDifference(a, b);
    const aAlone = bootstrapMeanInterval(a);
    expect(paired.mean).toBeGreaterThan(0);
    expect(paired.low).toBeGreaterThan(0);
    expect(paired.high - paired.low).toBeLessThan((aAlone.high - aAlone.low) / 4);
  });

  it('throws on arrays of different lengths', () => {
    expect(() => pairedBootstrapDifference([1, 2], [1])).toThrow(/same length/);
  });
});
