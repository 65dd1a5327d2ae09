import { assertPaired } from './paired.js';
import { rank } from './rank.js';

/**
 * Spearman's rank correlation: the Pearson correlation of the average ranks, so ties are handled
 * exactly. Null when either side is constant (or has fewer than two values), since the
 * correlation is then undefined. Throws when the lengths differ.
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  assertPaired(x, y);
  return pearson(rank(x), rank(y));
}

/** The Pearson correlation, or null when either side has no variance. */
function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;

  const meanX = x.reduce((sum, v) => sum + v, 0) / n;
  const meanY = y.reduce((sum, v) => sum + v, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }

  if (varianceX === 0 || varianceY === 0) return null;
  return covariance / Math.sqrt(varianceX * varianceY);
}
