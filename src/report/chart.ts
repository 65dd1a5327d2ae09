import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import { formatInterval, formatNumber, formatPercent, formatScore, formatUsd } from './format.js';
import { rankValue } from './rank.js';

/** One model's place on the cost-vs-quality chart, in data units. */
export interface CostQualityPoint {
  model: string;
  costPer1kUsd: number;
  value: number;
}

/** One plotted model in SVG units; every number is rounded so the markup stays small. */
export interface ScatterPointView {
  model: string;
  cx: number;
  cy: number;
  r: number;
  /** The interval as a vertical whisker; null when the figure has no interval. */
  whisker: { y1: number; y2: number } | null;
  label: string;
  labelX: number;
  labelY: number;
  labelAnchor: 'start' | 'end';
  /** The tooltip: model, figure with interval, cost. */
  title: string;
  chosen: boolean;
  onFrontier: boolean;
}

export interface AxisTick {
  at: number;
  label: string;
}

/** Everything the chart partial draws; it only ever prints these values, escaped. */
export interface ScatterView {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** Where free (cost 0) models sit, left of the log axis; null when there are none. */
  free: { x: number; separatorX: number } | null;
  xTicks: AxisTick[];
  yTicks: AxisTick[];
  xLabel: string;
  yLabel: string;
  /** What the y axis measures, in a sentence: `quality` or `check pass rate`. */
  figureName: string;
  points: ScatterPointView[];
  /** The Pareto frontier as an SVG `points` attribute; null with fewer than two points on it. */
  frontierPoints: string | null;
  /** Models with a figure but no known cost: listed under the chart, never plotted at 0. */
  costUnknown: { model: string; figure: string }[];
  /** Models that ran but have no figure to plot (every call failed, or nothing was judged). */
  noFigure: string[];
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 64, right: 24, top: 16, bottom: 56 };
const LABEL_MAX_CHARS = 30;
const LABEL_CHAR_PX = 6.2;
const LABEL_LINE_PX = 13;

/**
 * The models that no other model beats on both counts: nothing cheaper (or as cheap) is at
 * least as good. Returned cheapest first, which is the order the frontier line joins them.
 */
export function paretoFrontier(points: CostQualityPoint[]): CostQualityPoint[] {
  const sorted = [...points].sort((a, b) => a.costPer1kUsd - b.costPer1kUsd || b.value - a.value);
  const frontier: CostQualityPoint[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const point of sorted) {
    if (point.value > best) {
      frontier.push(point);
      best = point.value;
    }
  }
  return frontier;
}

/** Lays out the cost-vs-quality scatter for the models that ran. */
export function buildScatter(options: {
  models: ModelSummary[];
  rankedBy: RunSummary['rankedBy'];
  chosenModel: string | null;
}): ScatterView {
  const { models, rankedBy, chosenModel } = options;
  const ran = models.filter((m) => m.status === 'ran');

  const plottable = ran.filter((m) => rankValue(m, rankedBy) !== null && m.costPer1kUsd !== null);
  const costUnknown = ran
    .filter((m) => rankValue(m, rankedBy) !== null && m.costPer1kUsd === null)
    .map((m) => ({ model: m.model, figure: describeFigure(m, rankedBy) }));
  const noFigure = ran.filter((m) => rankValue(m, rankedBy) === null).map((m) => m.model);

  const plot = {
    left: MARGIN.left,
    right: WIDTH - MARGIN.right,
    top: MARGIN.top,
    bottom: HEIGHT - MARGIN.bottom,
  };
  const hasFree = plottable.some((m) => m.costPer1kUsd === 0);
  const free = hasFree ? { x: plot.left + 22, separatorX: plot.left + 44 } : null;
  const logLeft = free ? free.separatorX + 18 : plot.left + 14;
  const logRight = plot.right - 14;

  const costs = plottable.map((m) => m.costPer1kUsd ?? 0).filter((c) => c > 0);
  const xAxis = logAxis(costs, logLeft, logRight);
  const yAxis = linearAxis(figureExtent(plottable, rankedBy), plot.bottom - 6, plot.top + 6, {
    percent: rankedBy === 'checks',
  });

  const frontierModels = new Set(
    paretoFrontier(
      plottable.map((m) => ({
        model: m.model,
        costPer1kUsd: m.costPer1kUsd ?? 0,
        value: rankValue(m, rankedBy) ?? 0,
      })),
    ).map((p) => p.model),
  );

  const points = plottable.map((m): ScatterPointView => {
    const cost = m.costPer1kUsd ?? 0;
    const cx = cost === 0 && free ? free.x : xAxis.scale(cost);
    const cy = yAxis.scale(rankValue(m, rankedBy) ?? 0);
    const interval = rankedBy === 'quality' ? m.quality : null;
    const chosen = m.model === chosenModel;
    const anchor = cx > (plot.left + plot.right) / 2 ? 'end' : 'start';
    return {
      model: m.model,
      cx: round(cx),
      cy: round(cy),
      r: chosen ? 8 : 5.5,
      whisker: interval
        ? { y1: round(yAxis.scale(interval.low)), y2: round(yAxis.scale(interval.high)) }
        : null,
      label: truncate(m.model, LABEL_MAX_CHARS) + (chosen ? ' (chosen)' : ''),
      labelX: round(anchor === 'end' ? cx - 10 : cx + 10),
      labelY: round(cy + 4),
      labelAnchor: anchor,
      title: `${m.model}: ${describeFigure(m, rankedBy)}; ${describeCost(cost)}`,
      chosen,
      onFrontier: frontierModels.has(m.model),
    };
  });
  spreadLabels(points);

  const frontier = points
    .filter((p) => p.onFrontier)
    .sort((a, b) => a.cx - b.cx || b.cy - a.cy)
    .map((p) => `${p.cx},${p.cy}`);

  return {
    width: WIDTH,
    height: HEIGHT,
    plot,
    free,
    xTicks: xAxis.ticks,
    yTicks: yAxis.ticks,
    xLabel: 'Cost per 1,000 articles (USD, log scale)',
    yLabel:
      rankedBy === 'quality'
        ? 'Quality (judge, 0–1), whiskers: 95% interval'
        : 'Check pass rate (unjudged run)',
    figureName: rankedBy === 'quality' ? 'quality' : 'check pass rate',
    points,
    frontierPoints: frontier.length >= 2 ? frontier.join(' ') : null,
    costUnknown,
    noFigure,
  };
}

function describeFigure(model: ModelSummary, rankedBy: RunSummary['rankedBy']): string {
  if (rankedBy === 'quality') return `quality ${formatInterval(model.quality)}`;
  return `checks passed ${formatPercent(model.checkPassRate)}`;
}

function describeCost(costPer1kUsd: number): string {
  return costPer1kUsd === 0 ? 'free' : `${formatUsd(costPer1kUsd)} per 1,000 articles`;
}

/** The lowest and highest figure to show, whiskers included. */
function figureExtent(models: ModelSummary[], rankedBy: RunSummary['rankedBy']): [number, number] {
  const values: number[] = [];
  for (const m of models) {
    if (rankedBy === 'quality' && m.quality) values.push(m.quality.low, m.quality.high);
    const value = rankValue(m, rankedBy);
    if (value !== null) values.push(value);
  }
  if (values.length === 0) return [0, 1];
  return [Math.min(...values), Math.max(...values)];
}

interface Axis {
  scale: (value: number) => number;
  ticks: AxisTick[];
}

/** A log axis over whole decades; with a single decade the 2s and 5s are ticked too. */
function logAxis(values: number[], from: number, to: number): Axis {
  if (values.length === 0) return { scale: () => (from + to) / 2, ticks: [] };

  const lowExp = Math.floor(Math.log10(Math.min(...values)));
  let highExp = Math.ceil(Math.log10(Math.max(...values)));
  if (highExp === lowExp) highExp += 1;

  const scale = (value: number) =>
    from + ((Math.log10(value) - lowExp) / (highExp - lowExp)) * (to - from);

  const multiples = highExp - lowExp === 1 ? [1, 2, 5] : [1];
  const ticks: AxisTick[] = [];
  for (let exp = lowExp; exp <= highExp; exp++) {
    for (const m of multiples) {
      const value = m * 10 ** exp;
      if (exp === highExp && m > 1) continue;
      ticks.push({ at: round(scale(value)), label: tickUsd(value) });
    }
  }
  return { scale, ticks };
}

/** A linear axis on 0..1, zoomed to the data and rounded to a readable step. */
function linearAxis(
  extent: [number, number],
  from: number,
  to: number,
  options: { percent: boolean },
): Axis {
  const rawSpan = Math.max(extent[1] - extent[0], 0.1);
  const step = [0.05, 0.1].find((s) => rawSpan / s <= 8) ?? 0.2;
  // Integer tick counts keep 0.1 + 0.2 style float error out of the labels.
  const maxTick = Math.round(1 / step);
  let lowTick = Math.max(0, Math.floor(extent[0] / step + 1e-9));
  let highTick = Math.min(maxTick, Math.ceil(extent[1] / step - 1e-9));
  // At least two steps, so a lone point does not sit on the frame.
  while (highTick - lowTick < 2) {
    if (highTick < maxTick) highTick += 1;
    if (highTick - lowTick < 2 && lowTick > 0) lowTick -= 1;
  }
  const low = lowTick * step;
  const high = highTick * step;
  const span = high - low;

  const scale = (value: number) => from + ((value - low) / span) * (to - from);

  const ticks: AxisTick[] = [];
  for (let tick = lowTick; tick <= highTick; tick++) {
    const value = tick * step;
    const label = options.percent ? formatPercent(value, 0) : formatScore(value);
    ticks.push({ at: round(scale(value)), label });
  }
  return { scale, ticks };
}

function tickUsd(value: number): string {
  if (value >= 1) return `$${formatNumber(value, 0)}`;
  return formatUsd(value, 1);
}

/** Moves labels down (or up) a line where two on the same side would print over each other. */
function spreadLabels(points: ScatterPointView[]): void {
  const placed: ScatterPointView[] = [];
  for (const point of [...points].sort((a, b) => a.labelY - b.labelY)) {
    for (const other of placed) {
      if (labelsOverlap(point, other)) point.labelY = round(other.labelY + LABEL_LINE_PX);
    }
    placed.push(point);
  }
}

function labelsOverlap(a: ScatterPointView, b: ScatterPointView): boolean {
  if (Math.abs(a.labelY - b.labelY) >= LABEL_LINE_PX) return false;
  const [aLeft, aRight] = labelSpan(a);
  const [bLeft, bRight] = labelSpan(b);
  return aLeft < bRight && bLeft < aRight;
}

function labelSpan(point: ScatterPointView): [number, number] {
  const width = point.label.length * LABEL_CHAR_PX;
  return point.labelAnchor === 'start'
    ? [point.labelX, point.labelX + width]
    : [point.labelX - width, point.labelX];
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
