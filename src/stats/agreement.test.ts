import { describe, expect, it } from 'vitest';
import { krippendorffAlphaInterval } from './agreement.js';

describe('krippendorffAlphaInterval', () => {
  it('is 1 when every coder agrees on every unit', () => {
    expect(
      krippendorffAlphaInterval([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    ).toBe(1);
  });

  it('matches a hand-computed value', () => {
    // Units (1,2), (2,2), (3,4): n = 6 values.
    // Observed: each unit sums (a-b)^2 over ordered pairs / (m-1): 2, 0, 2 -> 4 / 6.
    // Expected: all values 1,2,2,2,3,4; ordered-pair squared differences sum to 64, / (6*5).
    const alpha = krippendorffAlphaInterval([
      [1, 2],
      [2, 2],
      [3, 4],
    ]);
    expect(alpha).toBeCloseTo(1 - 4 / 6 / (64 / 30), 12);
  });

  it('skips units rated once and treats missing ratings as missing', () => {
    const withGaps = krippendorffAlphaInterval([
      [1, 2, null],
      [2, null, 2],
      [3, 4, null],
      [5, null, null],
    ]);
    expect(withGaps).toBeCloseTo(1 - 4 / 6 / (64 / 30), 12);
  });

  it('is null without two pairable units or any variation', () => {
    expect(krippendorffAlphaInterval([[1, 2]])).toBeNull();
    expect(
      krippendorffAlphaInterval([
        [2, 2],
        [2, 2],
      ]),
    ).toBeNull();
  });

  it('is negative when coders disagree more than chance', () => {
    expect(
      krippendorffAlphaInterval([
        [1, 5],
        [5, 1],
        [1, 5],
      ]) as number,
    ).toBeLessThan(0);
  });
});
