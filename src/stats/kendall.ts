import { assertPaired } from './paired.js';

/**
 * Kendall's tau-b: (concordant - discordant) pairs over the geometric mean of the pairs untied
 * in x and untied in y, the variant that stays within -1..1 with ties (as in scipy). Null when
 * either side is constant (or has fewer than two values). Throws when the lengths differ.
 * Compares every pair, which is quick for the hundreds of items a calibration set holds.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number | null {
  assertPaired(x, y);

  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const dx = Math.sign((x[j] as number) - (x[i] as number));
      const dy = Math.sign((y[j] as number) - (y[i] as number));
      if (dx === 0) tiedX += 1;
      if (dy === 0) tiedY += 1;
      if (dx * dy > 0) concordant += 1;
      if (dx * dy < 0) discordant += 1;
    }
  }

  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  if (denominator === 0) return null;
  return (concordant - discordant) / denominator;
}
