import type { Interval, RunSummary } from '../results/summary-types.js';
import {
  formatDateTime,
  formatInterval,
  formatMs,
  formatPercent,
  formatScore,
  formatUsd,
  UNKNOWN,
} from './format.js';
import { rankModels } from './rank.js';

/** Whether a change is good news, bad news, or too small to call. */
export type Movement = 'better' | 'worse' | 'same' | 'unknown';

/** One figure before and after, formatted, with its change. */
export interface ChangeView {
  before: string;
  after: string;
  /** `+0.05`, `−12%`, `+340 ms`; `unknown` when either side is. */
  delta: string;
  /** The figures and the change as numbers for sorting; empty when unknown. */
  beforeValue: string;
  afterValue: string;
  sortValue: string;
  movement: Movement;
  /** Quality only: the two 95% intervals do not overlap, a move beyond either run's noise. */
  separated: boolean;
}

export interface ComparedModelView {
  model: string;
  /** Its rank in this run, for the table's default order. */
  rank: number;
  quality: ChangeView;
  costPer1k: ChangeView;
  latencyP95: ChangeView;
}

export interface ComparisonView {
  earlier: { runId: string; createdAt: string; evalName: string };
  /** What the quality columns compare: `Quality [95% CI]` or `Check pass rate`. */
  figureLabel: string;
  /** One sentence: how many models moved beyond the noise. */
  headline: string;
  /** Differences between the runs that a reader must weigh before trusting a move. */
  caveats: string[];
  models: ComparedModelView[];
  /** Models that ran in this run only, with why they are new when it is known. */
  added: { model: string; note: string | null }[];
  /** Models that ran in the earlier run only. */
  removed: { model: string; note: string | null }[];
  /** How many models' quality moved beyond both intervals, either way. */
  separatedCount: number;
}

/**
 * Relative change below which a figure counts as unchanged. Cost follows token counts and
 * prices, so small moves are real; a p95 over a hundred-odd calls moves by several percent
 * between two runs of the same model, and has no interval to say so.
 */
const SAME_COST_RATIO = 0.02;
const SAME_LATENCY_RATIO = 0.1;
/** Change in quality (0..1) below which it counts as unchanged when there are no intervals. */
const SAME_QUALITY = 0.005;

/**
 * Compares a run with an earlier one, model by model: what moved in quality (with both
 * intervals, and whether they overlap), cost per 1,000 articles and p95 latency; which models
 * were added or removed; and which settings differ, since a changed prompt, rubric, fixture set
 * or judge moves every figure by itself.
 */
export function compareRuns(options: { current: RunSummary; earlier: RunSummary }): ComparisonView {
  const { current, earlier } = options;
  // Intervals exist only for a judge's quality; with either run unjudged, compare pass rates.
  const byQuality = current.rankedBy === 'quality' && earlier.rankedBy === 'quality';
  const before = new Map(earlier.models.map((m) => [m.model, m]));
  const now = new Map(current.models.map((m) => [m.model, m]));

  const models: ComparedModelView[] = [];
  const added: ComparisonView['added'] = [];
  rankModels(current).forEach((model, i) => {
    if (model.status !== 'ran') return;
    const old = before.get(model.model);
    if (old?.status !== 'ran') {
      added.push({ model: model.model, note: old ? 'skipped in the earlier run' : null });
      return;
    }
    models.push({
      model: model.model,
      rank: i + 1,
      quality: byQuality
        ? compareQuality(old.quality, model.quality)
        : comparePassRate(old.checkPassRate, model.checkPassRate),
      costPer1k: compareLowerIsBetter({
        before: old.costPer1kUsd,
        after: model.costPer1kUsd,
        format: formatUsd,
        sameRatio: SAME_COST_RATIO,
      }),
      latencyP95: compareLowerIsBetter({
        before: old.latencyMs?.p95 ?? null,
        after: model.latencyMs?.p95 ?? null,
        format: formatMs,
        sameRatio: SAME_LATENCY_RATIO,
      }),
    });
  });

  const removed = rankModels(earlier)
    .filter((m) => m.status === 'ran' && now.get(m.model)?.status !== 'ran')
    .map((m) => ({
      model: m.model,
      note: now.has(m.model) ? 'skipped in this run' : null,
    }));

  return {
    earlier: {
      runId: earlier.runId,
      createdAt: formatDateTime(earlier.createdAt),
      evalName: earlier.eval,
    },
    figureLabel: byQuality ? 'Quality [95% CI]' : 'Check pass rate',
    headline: headline(models, byQuality),
    caveats: caveats(current, earlier, byQuality),
    models,
    added,
    removed,
    separatedCount: models.filter((m) => m.quality.separated).length,
  };
}

function headline(models: ComparedModelView[], byQuality: boolean): string {
  if (!byQuality) return 'Check pass rates have no interval, so no move is tested against noise.';
  const moved = models.filter((m) => m.quality.separated);
  if (moved.length === 0) {
    return "No model's quality moved beyond the noise: every pair of 95% intervals overlaps.";
  }
  const up = moved.filter((m) => m.quality.movement === 'better').length;
  const down = moved.length - up;
  const whose = moved.length === 1 ? "1 model's quality" : `${moved.length} models' quality`;
  return `${whose} moved beyond the noise (${up} up, ${down} down): their 95% intervals do not overlap.`;
}

/** Whether two intervals share no value: neither run's noise covers the other's mean. */
export function intervalsSeparated(a: Interval, b: Interval): boolean {
  return a.high < b.low || b.high < a.low;
}

function compareQuality(before: Interval | null, after: Interval | null): ChangeView {
  const text = (q: Interval | null) => (q === null ? 'unscored' : formatInterval(q));
  if (before === null || after === null) {
    return unknownChange(text(before), text(after), before?.mean ?? null, after?.mean ?? null);
  }
  const delta = after.mean - before.mean;
  const separated = intervalsSeparated(before, after);
  return {
    before: text(before),
    after: text(after),
    beforeValue: String(before.mean),
    afterValue: String(after.mean),
    delta: signed(delta, formatScore),
    sortValue: String(delta),
    // Inside the noise a move is not news, however it points.
    movement: !separated ? 'same' : delta > 0 ? 'better' : 'worse',
    separated,
  };
}

function comparePassRate(before: number | null, after: number | null): ChangeView {
  if (before === null || after === null) {
    return unknownChange(formatPercent(before), formatPercent(after), before, after);
  }
  const delta = after - before;
  return {
    before: formatPercent(before),
    after: formatPercent(after),
    beforeValue: String(before),
    afterValue: String(after),
    delta: signed(delta * 100, (v) => `${v.toFixed(1)} pts`),
    sortValue: String(delta),
    movement: Math.abs(delta) < SAME_QUALITY ? 'same' : delta > 0 ? 'better' : 'worse',
    separated: false,
  };
}

function compareLowerIsBetter(options: {
  before: number | null;
  after: number | null;
  format: (value: number | null) => string;
  sameRatio: number;
}): ChangeView {
  const { before, after, format } = options;
  if (before === null || after === null) {
    return unknownChange(format(before), format(after), before, after);
  }
  const delta = after - before;
  const ratio = before === 0 ? (after === 0 ? 0 : Number.POSITIVE_INFINITY) : delta / before;
  const percent = Number.isFinite(ratio)
    ? ` (${signed(ratio * 100, (v) => `${v.toFixed(0)}%`)})`
    : '';
  return {
    before: format(before),
    after: format(after),
    beforeValue: String(before),
    afterValue: String(after),
    delta: `${signed(delta, format)}${percent}`,
    sortValue: String(delta),
    movement: Math.abs(ratio) < options.sameRatio ? 'same' : delta < 0 ? 'better' : 'worse',
    separated: false,
  };
}

function unknownChange(
  before: string,
  after: string,
  beforeValue: number | null,
  afterValue: number | null,
): ChangeView {
  const sortable = (value: number | null) => (value === null ? '' : String(value));
  return {
    before,
    after,
    beforeValue: sortable(beforeValue),
    afterValue: sortable(afterValue),
    delta: UNKNOWN,
    sortValue: '',
    movement: 'unknown',
    separated: false,
  };
}

/** `+0.05`, `−$0.12`: the sign always shown, a true minus sign for a fall. */
function signed(value: number, format: (value: number) => string): string {
  // A change too small to print (0.3 ms) reads as none, not as `−0 ms`.
  if (value === 0 || format(Math.abs(value)) === format(0)) return `±${format(0)}`;
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

function caveats(current: RunSummary, earlier: RunSummary, byQuality: boolean): string[] {
  const notes: string[] = [];
  const a = earlier.settings;
  const b = current.settings;
  if (earlier.eval !== current.eval) {
    notes.push(`The runs are of different evals: ${earlier.eval} then ${current.eval}.`);
  }
  if (a.fixturesHash !== b.fixturesHash) {
    notes.push(
      `The articles differ (${a.fixtures}, ${a.fixtureCount} then ${b.fixtures}, ` +
        `${b.fixtureCount}): every figure may move with them.`,
    );
  }
  if (a.limit !== b.limit) {
    notes.push(`The article limit differs: ${a.limit ?? 'none'} then ${b.limit ?? 'none'}.`);
  }
  if (a.promptHash !== b.promptHash) {
    notes.push('The prompt changed: a move may come from the prompt rather than the model.');
  }
  if (byQuality && a.rubricHash !== b.rubricHash) {
    notes.push('The rubric changed: quality scores are not on the same ruler.');
  }
  const judgesBefore = [...earlier.judge.used].sort().join(', ');
  const judgesNow = [...current.judge.used].sort().join(', ');
  if (byQuality && judgesBefore !== judgesNow) {
    notes.push(
      `The judges changed (${judgesBefore || 'none'} then ${judgesNow || 'none'}): ` +
        'quality scores are not on the same ruler.',
    );
  }
  if (byQuality && (earlier.judge.aggregate ?? 'mean') !== (current.judge.aggregate ?? 'mean')) {
    notes.push(
      `The panel's scores were combined by ${earlier.judge.aggregate ?? 'mean'} then by ` +
        `${current.judge.aggregate ?? 'mean'}.`,
    );
  }
  if (!byQuality) {
    notes.push('One of the runs is unjudged: comparing check pass rates, which have no interval.');
  }
  const priceBefore = `${earlier.priceTable.source} ${earlier.priceTable.version}`;
  const priceNow = `${current.priceTable.source} ${current.priceTable.version}`;
  if (priceBefore !== priceNow) {
    notes.push(`The price table changed (${priceBefore} then ${priceNow}): so may costs.`);
  }
  return notes;
}
