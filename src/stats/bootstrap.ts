import { mean } from './mean.js';
import { percentileOfSorted } from './percentile.js';
import { mulberry32 } from './random.js';

export interface BootstrapOptions {
  /** How many resamples to draw; 2000 unless given. */
  resamples?: number;
  /** The interval's coverage, between 0 and 1; 0.95 unless given. */
  confidence?: number;
  /** The generator's seed; a fixed default so that the same data gives the same interval. */
  seed?: number;
}

/** A mean with its bootstrap confidence interval. */
export interface BootstrapInterval {
  mean: number;
  low: number;
  high: number;
  /** How many values the mean is over. */
  n: number;
}

const DEFAULT_SEED = 0x5eed;

/**
 * The mean of the values with a percentile-bootstrap confidence interval: the values are
 * resampled with replacement, and the interval is the middle `confidence` share of the
 * resamples' means. Throws on an empty list or on values that are not finite numbers.
 *
 * Shortcoming: with a handful of values the percentile bootstrap is too narrow (it cannot see
 * variation the sample did not show); with a single value the interval is that value.
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { resamples = 2000, confidence = 0.95, seed = DEFAULT_SEED } = options;
  if (values.length === 0) throw new RangeError('bootstrap of an empty list');
  if (values.some((value) => !Number.isFinite(value))) {
    throw new RangeError('bootstrap of a list holding a value that is not a finite number');
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be between 0 and 1, got ${confidence}`);
  }

  const n = values.length;
  const sampleMean = mean(values);
  if (n === 1) return { mean: sampleMean, low: sampleMean, high: sampleMean, n };

  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += values[Math.floor(random() * n)] as number;
    means[r] = sum / n;
  }
  means.sort();

  const tail = (1 - confidence) / 2;
  return {
    mean: sampleMean,
    low: percentileOfSorted(means, tail),
    high: percentileOfSorted(means, 1 - tail),
    n,
  };
}

/**
 * The mean of the paired differences `a[i] - b[i]` with its bootstrap interval: resampling pairs
 * keeps what each item's difficulty shares between the two sides, so the interval is narrower
 * than comparing two independent intervals. Throws unless `a` and `b` have the same length.
 */
export function pairedBootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  if (a.length !== b.length) {
    throw new RangeError(
      `paired values must have the same length, got ${a.length} and ${b.length}`,
    );
  }

  const differences = a.map((value, i) => value - (b[i] as number));
  return bootstrapMeanInterval(differences, options);
}
