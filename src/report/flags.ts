import type { ResultRow } from '../results/types.js';
import { formatScore } from './format.js';

/**
 * How far apart two judges' overall scores (0..1) must be before the output is worth a look:
 * a quarter of the scale is a point and a half on a 1–5 rubric.
 */
export const JUDGE_GAP = 0.25;

/** Why an output deserves a reader's attention, in the per-article view's two filters. */
export interface OutputFlag {
  kind: 'failure' | 'disagreement';
  /** `error: timeout`, `judges 0.40 apart (0.30–0.70)`, ...: shown beside the output. */
  text: string;
}

export interface FlagOptions {
  /** Whether the run was judged: an unjudged output is then expected, not a failure. */
  judged: boolean;
  /** The routing policy's quality floor: the line between the judge's pass and fail. */
  qualityFloor: number;
}

/**
 * Classifies one output. A failure is a failed call, a failed check, or an output the judge
 * could not score. A disagreement is two judges whose overall scores are more than JUDGE_GAP
 * apart, or checks and judge that point opposite ways: a check failed yet the judge passed the
 * output (at or above the quality floor), or every check passed yet the judge scored it more
 * than JUDGE_GAP below the floor. A weak model's outputs sit just under the floor all the time;
 * only a clear miss is worth reading as the checks and the judge disagreeing.
 */
export function flagRow(row: ResultRow, options: FlagOptions): OutputFlag[] {
  if (row.status === 'skipped') return [];
  if (row.status === 'error') {
    return [{ kind: 'failure', text: `error: ${row.error?.kind ?? 'unknown'}` }];
  }

  const flags: OutputFlag[] = [];
  const failed = row.checks.filter((c) => !c.passed).map((c) => c.name);
  if (failed.length > 0) flags.push({ kind: 'failure', text: `failed ${failed.join(', ')}` });

  const judge = row.judge;
  if (judge?.status === 'unscored' || (options.judged && judge === null)) {
    flags.push({ kind: 'failure', text: 'unscored' });
  }

  const overalls = (judge?.verdicts ?? [])
    .map((v) => v.overall)
    .filter((o): o is number => o !== null);
  if (overalls.length >= 2) {
    const low = Math.min(...overalls);
    const high = Math.max(...overalls);
    if (high - low > JUDGE_GAP) {
      flags.push({
        kind: 'disagreement',
        text: `judges ${formatScore(high - low)} apart (${formatScore(low)}–${formatScore(high)})`,
      });
    }
  }

  const overall = judge?.status === 'scored' ? judge.overall : null;
  if (overall !== null && row.checks.length > 0) {
    const floor = formatScore(options.qualityFloor);
    if (failed.length > 0 && overall >= options.qualityFloor) {
      flags.push({
        kind: 'disagreement',
        text: `a check failed, judge ${formatScore(overall)} ≥ floor ${floor}`,
      });
    } else if (failed.length === 0 && overall < options.qualityFloor - JUDGE_GAP) {
      flags.push({
        kind: 'disagreement',
        text: `checks passed, judge ${formatScore(overall)} far below floor ${floor}`,
      });
    }
  }
  return flags;
}
