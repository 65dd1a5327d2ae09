export { krippendorffAlphaInterval } from './agreement.js';
export {
  type BootstrapInterval,
  type BootstrapOptions,
  bootstrapMeanInterval,
  pairedBootstrapDifference,
} from './bootstrap.js';
export { kendallTauB } from './kendall.js';
export { mean } from './mean.js';
export { percentile, percentileOfSorted } from './percentile.js';
export { mulberry32 } from './random.js';
export { rank } from './rank.js';
export { spearman } from './spearman.js';
