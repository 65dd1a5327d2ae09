import type { ModelSummary, RunSummary } from '../results/summary-types.js';

/** The figure a model is ranked by: the judge's mean quality, or its check pass rate. */
export function rankValue(model: ModelSummary, rankedBy: RunSummary['rankedBy']): number | null {
  return rankedBy === 'quality' ? (model.quality?.mean ?? null) : model.checkPassRate;
}

/**
 * The models best first: by the run's ranking figure descending, then by cost per 1,000
 * articles ascending, then by id. Unknown figures sort after known ones, and skipped models last.
 */
export function rankModels(summary: RunSummary): ModelSummary[] {
  return [...summary.models].sort((a, b) => {
    const skipped = Number(a.status === 'skipped') - Number(b.status === 'skipped');
    if (skipped !== 0) return skipped;

    const byValue = compareNullsLast(
      rankValue(a, summary.rankedBy),
      rankValue(b, summary.rankedBy),
      'desc',
    );
    if (byValue !== 0) return byValue;

    const byCost = compareNullsLast(a.costPer1kUsd, b.costPer1kUsd, 'asc');
    if (byCost !== 0) return byCost;

    return a.model.localeCompare(b.model);
  });
}

/** Orders two figures in the given direction; an unknown figure sorts last either way. */
export function compareNullsLast(
  a: number | null,
  b: number | null,
  direction: 'asc' | 'desc',
): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return direction === 'asc' ? a - b : b - a;
}
