import type { Rubric } from '../config/rubric.js';
import type { ModelId } from '../providers/model-id.js';
import { type CompletionRequest, MAX_TOKENS_WARNING, type Usage } from '../providers/types.js';
import type { JudgeResult, JudgeVerdict } from '../results/types.js';
import type { CallOutcome } from '../runner/dispatch.js';
import { modelFamily } from './family.js';
import { buildJudgePrompt } from './prompt.js';
import { normalisedScores, parseVerdict, verdictJsonSchema } from './verdict.js';

export interface JudgeOptions {
  rubric: Rubric;
  /** The panel: every judge scores every output it may (see `allowSameFamily`). */
  judges: ModelId[];
  /** Sends one call, through the runner's limits and retry policy. */
  call: (model: ModelId, request: Omit<CompletionRequest, 'model'>) => Promise<CallOutcome>;
  /** The cost of a judge call, or null when unknown. */
  costOf: (model: ModelId, usage: Usage) => number | null;
  maxOutputTokens: number;
  /** Judge calls per output when the reply fails validation, the first included. */
  maxAttempts: number;
  /** How the panel's scores are combined; default `mean`. */
  aggregate?: 'mean' | 'median';
  /** Let a judge score a candidate of its own family; default false. */
  allowSameFamily?: boolean;
}

export interface JudgeInput {
  article: string;
  output: string;
  reference?: string | null;
  /** The model that wrote the output, so a judge of its own family can stand aside. */
  candidate?: ModelId;
}

/** Scores one output with every judge of the panel that may score it, and aggregates them. */
export async function judgeOutput(options: JudgeOptions, input: JudgeInput): Promise<JudgeResult> {
  const { eligible, excluded } = panelFor(options, input.candidate);
  const rubric = rubricFor(options.rubric, Boolean(input.reference));
  const prompt = buildJudgePrompt(rubric, input);
  const verdicts = await Promise.all(
    eligible.map((judge) => judgeOnce({ ...options, rubric }, judge, prompt)),
  );

  const scored = verdicts.filter((verdict) => verdict.status === 'scored');
  const combine = options.aggregate === 'median' ? median : mean;
  const criteria: Record<string, number> = {};
  for (const criterion of rubric.criteria) {
    const values = scored
      .map((v) => normalisedScores(rubric, v.scores).criteria[criterion.id])
      .filter((value): value is number => value !== undefined);
    if (values.length > 0) criteria[criterion.id] = combine(values);
  }
  const overalls = scored.map((v) => v.overall).filter((o): o is number => o !== null);
  const costs = verdicts.map((v) => v.costUsd);
  return {
    status: overalls.length > 0 ? 'scored' : 'unscored',
    criteria,
    overall: overalls.length > 0 ? combine(overalls) : null,
    verdicts,
    excluded: excluded.map((judge) => judge.id),
    costUsd: costs.some((c) => c === null)
      ? null
      : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
  };
}

/** The judges that may score a candidate: none of its own family unless the spec allows it. */
export function panelFor(
  options: Pick<JudgeOptions, 'judges' | 'allowSameFamily'>,
  candidate: ModelId | undefined,
): { eligible: ModelId[]; excluded: ModelId[] } {
  if (!candidate || options.allowSameFamily) return { eligible: options.judges, excluded: [] };
  const family = modelFamily(candidate);
  return {
    eligible: options.judges.filter((judge) => modelFamily(judge) !== family),
    excluded: options.judges.filter((judge) => modelFamily(judge) === family),
  };
}

/** Criteria that need a reference summary are left out when the article has none. */
function rubricFor(rubric: Rubric, hasReference: boolean): Rubric {
  if (hasReference || !rubric.criteria.some((c) => c.needsReference)) return rubric;
  return { ...rubric, criteria: rubric.criteria.filter((c) => !c.needsReference) };
}

async function judgeOnce(
  options: JudgeOptions,
  judge: ModelId,
  prompt: { system: string; user: string },
): Promise<JudgeVerdict> {
  const verdict: JudgeVerdict = {
    model: judge.id,
    status: 'unscored',
    unscoredReason: null,
    scores: {},
    overall: null,
    rationale: null,
    prompt,
    rawReply: null,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    attempts: 0,
  };

  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    verdict.attempts = attempt;
    const outcome = await options.call(judge, {
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
      maxOutputTokens: options.maxOutputTokens,
      temperature: 0,
      responseSchema: verdictJsonSchema(options.rubric),
    });
    if (!outcome.ok) {
      verdict.unscoredReason = `judge call failed (${outcome.error.kind}): ${outcome.error.message}`;
      return verdict;
    }

    const usage = outcome.result.usage;
    verdict.inputTokens = add(verdict.inputTokens, usage.inputTokens);
    verdict.outputTokens = add(verdict.outputTokens, usage.outputTokens);
    verdict.costUsd = add(verdict.costUsd, options.costOf(judge, usage));
    verdict.rawReply = outcome.result.text;

    const parsed = parseVerdict(outcome.result.text, options.rubric);
    if (parsed.ok) {
      const normalised = normalisedScores(options.rubric, parsed.verdict.scores);
      return {
        ...verdict,
        status: 'scored',
        unscoredReason: null,
        scores: parsed.verdict.scores,
        overall: normalised.overall,
        rationale: parsed.verdict.rationale,
      };
    }
    if (hitTokenLimit(outcome.result.warnings)) {
      // The same limit would cut the next reply too: asking again only pays twice.
      verdict.unscoredReason =
        `the reply hit judge.maxOutputTokens (${options.maxOutputTokens}) before it was ` +
        'complete; raise judge.maxOutputTokens in the spec';
      return verdict;
    }
    verdict.unscoredReason = `${parsed.reason} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`;
  }
  return verdict;
}

function hitTokenLimit(warnings: string[]): boolean {
  return warnings.includes(MAX_TOKENS_WARNING);
}

/** Adds counts where unknown stays unknown. */
function add(total: number | null, value: number | null): number | null {
  return total === null || value === null ? null : total + value;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
