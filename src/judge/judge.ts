import type { Rubric } from '../config/rubric.js';
import type { ModelId } from '../providers/model-id.js';
import type { CompletionRequest, Usage } from '../providers/types.js';
import type { JudgeResult, JudgeVerdict } from '../results/types.js';
import type { CallOutcome } from '../runner/dispatch.js';
import { buildJudgePrompt } from './prompt.js';
import { normalisedScores, parseVerdict, verdictJsonSchema } from './verdict.js';

export interface JudgeOptions {
  rubric: Rubric;
  judges: ModelId[];
  /** Sends one call, through the runner's limits and retry policy. */
  call: (model: ModelId, request: Omit<CompletionRequest, 'model'>) => Promise<CallOutcome>;
  /** The cost of a judge call, or null when unknown. */
  costOf: (model: ModelId, usage: Usage) => number | null;
  maxOutputTokens: number;
  /** Judge calls per output when the reply fails validation, the first included. */
  maxAttempts: number;
}

/** Scores one output with every judge and aggregates their verdicts. */
export async function judgeOutput(
  options: JudgeOptions,
  input: { article: string; output: string; reference?: string | null },
): Promise<JudgeResult> {
  const prompt = buildJudgePrompt(options.rubric, input);
  const verdicts = await Promise.all(
    options.judges.map((judge) => judgeOnce(options, judge, prompt)),
  );

  const scored = verdicts.filter((verdict) => verdict.status === 'scored');
  const criteria: Record<string, number> = {};
  for (const criterion of options.rubric.criteria) {
    const values = scored.map(
      (v) => normalisedScores(options.rubric, v.scores).criteria[criterion.id],
    );
    const known = values.filter((value): value is number => value !== undefined);
    if (known.length > 0) criteria[criterion.id] = known.reduce((a, b) => a + b, 0) / known.length;
  }
  const overalls = scored.map((v) => v.overall).filter((o): o is number => o !== null);
  const costs = verdicts.map((v) => v.costUsd);
  return {
    status: scored.length > 0 ? 'scored' : 'unscored',
    criteria,
    overall: overalls.length > 0 ? overalls.reduce((a, b) => a + b, 0) / overalls.length : null,
    verdicts,
    costUsd: costs.some((c) => c === null)
      ? null
      : costs.reduce<number>((sum, c) => sum + (c ?? 0), 0),
  };
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
    verdict.unscoredReason = `${parsed.reason} (after ${attempt} attempt${attempt > 1 ? 's' : ''})`;
  }
  return verdict;
}

/** Adds counts where unknown stays unknown. */
function add(total: number | null, value: number | null): number | null {
  return total === null || value === null ? null : total + value;
}
