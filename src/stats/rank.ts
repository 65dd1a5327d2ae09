/**
 * The 1-based rank of each value in ascending order, tied values sharing the mean of the ranks
 * they span: `[10, 20, 20, 30]` ranks `[1, 2.5, 2.5, 4]`.
 */
export function rank(values: readonly number[]): number[] {
  if (values.some((value) => Number.isNaN(value)))
    throw new RangeError('rank of a list holding NaN');

  const order = values
    .map((_, index) => index)
    .sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Array<number>(values.length);

  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end] as number] === values[order[start] as number]) {
      end += 1;
    }

    // Positions start..end-1 are tied; their 1-based ranks average to this.
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k += 1) ranks[order[k] as number] = averageRank;
    start = end;
  }

  return ranks;
}
