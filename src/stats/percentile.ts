/**
 * The `p` quantile (`p` from 0 to 1, so 0.95 is the p95) by linear interpolation between the
 * closest ranks, as numpy's default: position `p * (n - 1)` in the sorted values.
 * Throws on an empty list, a `p` outside 0..1 or a value that is not a finite number.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (values.some((value) => !Number.isFinite(value))) {
    throw new RangeError('percentile of a list holding a value that is not a finite number');
  }

  return percentileOfSorted(Float64Array.from(values).sort(), p);
}

/** `percentile` of values already sorted ascending, without copying them. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be within 0..1, got ${p}`);

  const position = p * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const below = sorted[lower] as number;
  const above = sorted[upper] as number;

  return below + (above - below) * (position - lower);
}
