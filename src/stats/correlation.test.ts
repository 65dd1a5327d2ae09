import { describe, expect, it } from 'vitest';
import { kendallTauB } from './kendall.js';
import { rank } from './rank.js';
import { spearman } from './spearman.js';

describe('rank', () => {
  it('ranks from 1, giving ties the mean of the ranks they span', () => {
    expect(rank([30, 10, 20])).toEqual([3, 1, 2]);
    expect(rank([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(rank([5, 5, 5])).toEqual([2, 2, 2]);
    expect(rank([])).toEqual([]);
  });
});

describe('spearman and kendallTauB', () => {
  it('agree on perfect agreement and perfect reversal', () => {
    expect(spearman([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(kendallTauB([1, 2, 3], [10, 20, 30])).toBe(1);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBe(-1);
  });

  it('match hand-computed values without ties', () => {
    // x = [1..5], y = [2, 1, 4, 3, 5]. Rank differences d = [-1, 1, -1, 1, 0], sum d^2 = 4, so
    // rho = 1 - 6 * 4 / (5 * 24) = 0.8. Of 10 pairs only (1,2) and (3,4) are discordant, so
    // tau = (8 - 2) / 10 = 0.6.
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    expect(kendallTauB([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.6, 12);
  });

  it('match hand-computed values with a tie in x', () => {
    // x = [1, 2, 2, 3] ranks [1, 2.5, 2.5, 4]; y = [1, 3, 2, 4] ranks [1, 3, 2, 4]. Both mean 2.5.
    // Deviations dx = [-1.5, 0, 0, 1.5], dy = [-1.5, 0.5, -0.5, 1.5]:
    // sum dx*dy = 4.5, sum dx^2 = 4.5, sum dy^2 = 5, rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9).
    // Of the 6 pairs, (2,3) is tied in x and the other 5 are concordant:
    // tau-b = (5 - 0) / sqrt((6 - 1) * (6 - 0)) = 5 / sqrt(30).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12); // 0.9487
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(5 / Math.sqrt(30), 12); // 0.9129
  });

  it('match hand-computed values with ties on both sides', () => {
    // x = [1, 2, 2, 3] ranks [1, 2.5, 2.5, 4]; y = [2, 1, 2, 3] ranks [2.5, 1, 2.5, 4].
    // dx = [-1.5, 0, 0, 1.5], dy = [0, -1.5, 0, 1.5]: rho = 2.25 / sqrt(4.5 * 4.5) = 0.5.
    // Pairs: (1,2) discordant, (1,3) tied in y, (1,4) concordant, (2,3) tied in x,
    // (2,4) and (3,4) concordant: tau-b = (3 - 1) / sqrt((6 - 1) * (6 - 1)) = 0.4.
    expect(spearman([1, 2, 2, 3], [2, 1, 2, 3])).toBeCloseTo(0.5, 12);
    expect(kendallTauB([1, 2, 2, 3], [2, 1, 2, 3])).toBeCloseTo(0.4, 12);
  });

  it('are null when either side is constant or there are fewer than two pairs', () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
    expect(kendallTauB([4, 4, 4], [1, 2, 3])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
    expect(kendallTauB([], [])).toBeNull();
  });

  it('throw on different lengths and on NaN', () => {
    expect(() => spearman([1, 2], [1])).toThrow(/same length/);
    expect(() => kendallTauB([1, 2], [1])).toThrow(/same length/);
    expect(() => spearman([1, Number.NaN], [1, 2])).toThrow(/NaN/);
  });
});
