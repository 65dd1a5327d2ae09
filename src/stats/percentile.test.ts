import { describe, expect, it } from 'vitest';
import { mean } from './mean.js';
import { percentile } from './percentile.js';

const ONE_TO_HUNDRED = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile', () => {
  it('interpolates between the closest ranks, as numpy does', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // Position 0.95 * 99 = 94.05: 95 + 0.05 * (96 - 95).
    expect(percentile(ONE_TO_HUNDRED, 0.95)).toBeCloseTo(95.05, 10);
    expect(percentile([10, 20], 0.25)).toBe(12.5);
  });

  it('sorts its input without changing it, and returns the extremes at 0 and 1', () => {
    const values = [9, 1, 5];
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 1)).toBe(9);
    expect(percentile(values, 0.5)).toBe(5);
    expect(values).toEqual([9, 1, 5]);
  });

  it('returns the value itself for a single value', () => {
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('throws on an empty list, a p outside 0..1 and a value that is not a number', () => {
    expect(() => percentile([], 0.5)).toThrow(/empty/);
    expect(() => percentile([1], 95)).toThrow(/0\.\.1/);
    expect(() => percentile([1], Number.NaN)).toThrow(/0\.\.1/);
    expect(() => percentile([1, Number.NaN], 0.5)).toThrow(/finite/);
  });
});

describe('mean', () => {
  it('averages, and throws on an empty list', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(() => mean([])).toThrow(/empty/);
  });
});
