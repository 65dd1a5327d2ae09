import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { RouteEvidence, RoutingPolicyValues } from './schema.js';

/** A model the policy admits, and the figure it was judged on. */
export interface Candidate {
  summary: ModelSummary;
  /** Quality on 0..1, or the check pass rate on an unjudged run. */
  score: number;
  low: number;
  high: number;
}

export interface RouteChoice {
  primary: Candidate | null;
  fallbacks: Candidate[];
  /** Each model that was not admitted, with the reason. */
  rejected: Array<{ model: string; reason: string }>;
}

/**
 * Applies a routing policy to a run's summary. A model is admitted when it ran, its quality
 * (or check pass rate, on an unjudged run) meets the floor, and its error rate, cost and p95
 * latency are within the ceilings. `cheapest` picks the cheapest admitted model; `best` the best
 * quality, where a model whose interval overlaps the best's counts as tied and the cheaper wins.
 * Fallbacks are the other admitted models, other providers than the primary's first.
 */
export function chooseRoute(summary: RunSummary, policy: RoutingPolicyValues): RouteChoice {
  const admitted: Candidate[] = [];
  const rejected: RouteChoice['rejected'] = [];
  for (const model of summary.models) {
    const verdict = admit(model, summary.rankedBy, policy);
    if (typeof verdict === 'string') rejected.push({ model: model.model, reason: verdict });
    else admitted.push(verdict);
  }

  const ordered = order(admitted, policy.objective);
  const primary = ordered[0] ?? null;
  const rest = ordered.slice(1);
  const otherProviders = rest.filter((c) => c.summary.provider !== primary?.summary.provider);
  const sameProvider = rest.filter((c) => c.summary.provider === primary?.summary.provider);
  return {
    primary,
    fallbacks: [...otherProviders, ...sameProvider].slice(0, policy.fallbacks),
    rejected,
  };
}

function admit(
  model: ModelSummary,
  rankedBy: RunSummary['rankedBy'],
  policy: RoutingPolicyValues,
): Candidate | string {
  if (model.status === 'skipped') return `skipped: ${model.skipReason ?? 'not run'}`;
  if (model.ok === 0) return 'no successful call';

  const score = rankedBy === 'quality' ? model.quality?.mean : model.checkPassRate;
  if (score === undefined || score === null) return 'no quality figure';
  if (score < policy.qualityFloor) {
    const figure = rankedBy === 'quality' ? 'quality' : 'check pass rate';
    return `${figure} ${score.toFixed(3)} is below the floor ${policy.qualityFloor}`;
  }
  if ((model.errorRate ?? 0) > policy.maxErrorRate) {
    return `error rate ${(model.errorRate ?? 0).toFixed(3)} is above ${policy.maxErrorRate}`;
  }
  if (policy.maxCostPer1kUsd !== undefined) {
    if (model.costPer1kUsd === null) return 'cost unknown, and the policy has a cost ceiling';
    if (model.costPer1kUsd > policy.maxCostPer1kUsd) {
      return `cost $${model.costPer1kUsd.toFixed(4)} per 1k is above $${policy.maxCostPer1kUsd}`;
    }
  }
  if (policy.maxLatencyP95Ms !== undefined) {
    if (!model.latencyMs) return 'latency unknown, and the policy has a latency ceiling';
    if (model.latencyMs.p95 > policy.maxLatencyP95Ms) {
      return `p95 latency ${Math.round(model.latencyMs.p95)} ms is above ${policy.maxLatencyP95Ms} ms`;
    }
  }

  const interval =
    rankedBy === 'quality' && model.quality
      ? { low: model.quality.low, high: model.quality.high }
      : { low: score, high: score };
  return { summary: model, score, ...interval };
}

/** Unknown cost sorts after every known cost: it cannot be shown to be cheaper. */
function cost(candidate: Candidate): number {
  return candidate.summary.costPer1kUsd ?? Number.POSITIVE_INFINITY;
}

function order(candidates: Candidate[], objective: RoutingPolicyValues['objective']) {
  const byCost = [...candidates].sort((a, b) => cost(a) - cost(b) || b.score - a.score);
  if (objective === 'cheapest') return byCost;

  const best = [...candidates].sort((a, b) => b.score - a.score)[0];
  if (!best) return [];
  // Near-ties (intervals that overlap the best's) resolve to the cheaper model.
  const tied = byCost.filter((c) => c.high >= best.low);
  const rest = candidates
    .filter((c) => !tied.includes(c))
    .sort((a, b) => b.score - a.score || cost(a) - cost(b));
  return [...tied, ...rest];
}

export function evidenceOf(candidate: Candidate, rankedBy: RunSummary['rankedBy']): RouteEvidence {
  const model = candidate.summary;
  return {
    model: model.model,
    rankedBy,
    quality:
      rankedBy === 'quality'
        ? model.quality
        : { mean: candidate.score, low: candidate.low, high: candidate.high, n: model.ok },
    checkPassRate: model.checkPassRate,
    costPer1kUsd: model.costPer1kUsd,
    latencyP95Ms: model.latencyMs?.p95 ?? null,
    errorRate: model.errorRate,
  };
}
