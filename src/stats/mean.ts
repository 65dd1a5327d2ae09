/** The arithmetic mean. Throws on an empty list: the mean of nothing is unknown, not 0. */
export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('mean of an empty list');

  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[i] as number;
  return sum / values.length;
}
