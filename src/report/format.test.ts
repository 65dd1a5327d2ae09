import { describe, expect, it } from 'vitest';
import {
  clipText,
  formatDateTime,
  formatInterval,
  formatMs,
  formatPercent,
  formatUsd,
} from './format.js';

describe('formatUsd', () => {
  it('keeps two significant digits below a dollar and cents above', () => {
    expect(formatUsd(0.00042)).toBe('$0.00042');
    expect(formatUsd(0.000423)).toBe('$0.00042');
    expect(formatUsd(0.05)).toBe('$0.05');
    expect(formatUsd(0.42)).toBe('$0.42');
    expect(formatUsd(0.1)).toBe('$0.10');
    expect(formatUsd(1.5)).toBe('$1.50');
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatUsd(1e-9)).toBe('$0.000000001');
  });

  it('tells a free call from an unknown price', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('unknown');
    expect(formatUsd(Number.NaN)).toBe('unknown');
  });
});

describe('the other formatters', () => {
  it('formats durations by size', () => {
    expect(formatMs(420.4)).toBe('420 ms');
    expect(formatMs(1250)).toBe('1.25 s');
    expect(formatMs(12_400)).toBe('12.4 s');
    expect(formatMs(185_000)).toBe('3 min 05 s');
    expect(formatMs(null)).toBe('unknown');
  });

  it('formats ratios, intervals and dates', () => {
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(null)).toBe('unknown');
    expect(formatInterval({ mean: 0.82, low: 0.781, high: 0.86, n: 50 })).toBe('0.82 [0.78–0.86]');
    expect(formatInterval(null)).toBe('unknown');
    expect(formatDateTime('2025-06-01T14:03:59.000Z')).toBe('2025-06-01 14:03 UTC');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('clips long text and says how much was cut', () => {
    expect(clipText('abcdef', 10)).toBe('abcdef');
    expect(clipText('abcdef', 4)).toBe('abcd… (2 more characters)');
  });
});
