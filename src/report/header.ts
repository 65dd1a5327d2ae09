import type { RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { formatDateTime, formatMs, formatNumber, formatScore, formatUsd } from './format.js';

export interface HeaderView {
  evalName: string;
  task: string;
  runId: string;
  createdAt: string;
  generatedAt: string | null;
  duration: string;
  fixtures: string;
  fixtureCount: number;
  limit: number | null;
  priceTable: string;
  judged: boolean;
  unjudgedReason: string;
  judging: JudgingView;
  rankedBy: string;
  spend: {
    generation: string;
    judging: string;
    total: string;
    /** When generation's cost is unknown: what is known, and which models have no price. */
    unknownBecause: string | null;
  };
  /** Counts of calls, formatted with thousands separators. */
  calls: { ok: string; errors: string; skipped: string; cached: string };
  chosenModel: string | null;
  skipped: { model: string; reason: string }[];
  warnings: string[];
  prompt: { system: string | null; template: string; hash: string };
  rubric: { text: string; hash: string } | null;
}

/** Who judged, how their scores were combined, and how far they agree. */
export interface JudgingView {
  judges: string[];
  /** `a panel of 2 judges; an output's score is their mean`; null for a single judge. */
  panel: string | null;
  /** `Krippendorff's α 0.72 (tentative) · mean pairwise Spearman 0.68, over 1,380 outputs`. */
  agreement: string | null;
  /** Judges the spec named that were not used (unreachable, say). */
  notUsed: string | null;
}

/** Krippendorff's own reading of alpha: data to rely on, to draw tentative conclusions from, or
 *  neither. */
const ALPHA_RELIABLE = 0.8;
const ALPHA_TENTATIVE = 0.667;

/** Hash digits shown: enough to tell two prompts apart at a glance. */
const HASH_CHARS = 12;

export function buildHeader(options: {
  summary: RunSummary;
  rows: ResultRow[];
  prompt: { system: string | null; template: string };
  rubric: string | null;
  chosenModel: string | null;
  generatedAt?: string | undefined;
}): HeaderView {
  const { summary, rows } = options;
  const { generationCostUsd, judgeCostUsd } = summary.totals;
  // An unjudged run normally spent nothing on judging, but failed judge calls may have cost.
  const judgingSpent = summary.judge.judged || (judgeCostUsd ?? 0) > 0;
  const total =
    generationCostUsd === null || (judgingSpent && judgeCostUsd === null)
      ? null
      : generationCostUsd + (judgingSpent ? (judgeCostUsd ?? 0) : 0);

  const modelWarnings = summary.models.flatMap((m) => m.warnings.map((w) => `${m.model}: ${w}`));

  return {
    evalName: summary.eval,
    task: summary.task,
    runId: summary.runId,
    createdAt: formatDateTime(summary.createdAt),
    generatedAt: options.generatedAt ? formatDateTime(options.generatedAt) : null,
    duration: formatMs(summary.durationMs),
    fixtures: summary.settings.fixtures,
    fixtureCount: summary.settings.fixtureCount,
    limit: summary.settings.limit,
    priceTable: `${summary.priceTable.source} ${summary.priceTable.version}`,
    judged: summary.judge.judged,
    unjudgedReason: summary.judge.reason ?? 'no reason recorded',
    judging: buildJudging(summary.judge),
    rankedBy:
      summary.rankedBy === 'quality' ? "the judge's quality score" : 'the deterministic checks',
    spend: {
      generation: formatUsd(generationCostUsd),
      judging: judgingSpent ? formatUsd(judgeCostUsd) : 'none (unjudged)',
      total: formatUsd(total),
      unknownBecause: generationCostUsd === null ? describeUnpriced(summary) : null,
    },
    calls: {
      ok: count(rows, (r) => r.status === 'ok'),
      errors: count(rows, (r) => r.status === 'error'),
      skipped: count(rows, (r) => r.status === 'skipped'),
      cached: count(rows, (r) => r.cacheHit),
    },
    chosenModel: options.chosenModel,
    skipped: summary.models
      .filter((m) => m.status === 'skipped')
      .map((m) => ({ model: m.model, reason: m.skipReason ?? 'no reason recorded' })),
    warnings: [...summary.warnings, ...modelWarnings],
    prompt: { ...options.prompt, hash: shortHash(summary.settings.promptHash) },
    rubric:
      options.rubric === null
        ? null
        : { text: options.rubric, hash: shortHash(summary.settings.rubricHash) },
  };
}

/** `$6.47 known; no price for bedrock:llama` — the known part of an unknown total. */
function describeUnpriced(summary: RunSummary): string | null {
  const ran = summary.models.filter((m) => m.status === 'ran' && m.ok > 0);
  const unpriced = ran.filter((m) => m.totalCostUsd === null).map((m) => m.model);
  if (unpriced.length === 0) return null;
  const known = ran.reduce((sum, m) => sum + (m.totalCostUsd ?? 0), 0);
  return `${formatUsd(known)} known; no cost for ${unpriced.join(', ')}`;
}

function buildJudging(judge: RunSummary['judge']): JudgingView {
  const notUsed = judge.configured.filter((j) => !judge.used.includes(j));
  const panelSize = judge.used.length;
  // Older summary files predate the panel's aggregate and agreement.
  const aggregate = judge.aggregate ?? 'mean';
  return {
    judges: judge.used,
    panel:
      panelSize > 1 ? `a panel of ${panelSize}; an output's score is their ${aggregate}` : null,
    agreement: panelSize > 1 ? describeAgreement(judge.agreement ?? null) : null,
    notUsed: notUsed.length > 0 ? notUsed.join(', ') : null,
  };
}

function describeAgreement(agreement: RunSummary['judge']['agreement']): string {
  if (agreement === null || agreement.outputs === 0) {
    return 'not measured: no output was scored by two judges';
  }
  const alpha = agreement.krippendorffAlpha;
  const reading =
    alpha === null
      ? ''
      : alpha >= ALPHA_RELIABLE
        ? ' (reliable)'
        : alpha >= ALPHA_TENTATIVE
          ? ' (tentative)'
          : ' (low: read single scores with care)';
  return [
    `Krippendorff's α ${formatScore(alpha)}${reading}`,
    `mean pairwise Spearman ${formatScore(agreement.meanPairwiseSpearman)}`,
    `over ${formatNumber(agreement.outputs, 0)} outputs scored by two or more judges`,
  ].join(' · ');
}

function shortHash(hash: string): string {
  return hash.replace(/^sha256:/, '').slice(0, HASH_CHARS);
}

function count(rows: ResultRow[], predicate: (row: ResultRow) => boolean): string {
  return formatNumber(rows.filter(predicate).length, 0);
}
