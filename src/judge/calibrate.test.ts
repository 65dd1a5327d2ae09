import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Rubric, rubricSchema } from '../config/rubric.js';
import { parseYaml, validate } from '../config/yaml.js';
import type { ModelId } from '../providers/model-id.js';
import type { CompletionRequest, Usage } from '../providers/types.js';
import type { CallOutcome } from '../runner/dispatch.js';
import { type CalibrateOptions, calibrate, summaryLevelCorrelation } from './calibrate.js';
import type { CalibrationSet, Dimension, RatedSummary } from './calibration-data.js';

const RUBRIC_FILE = fileURLToPath(new URL('../../evals/summeval.rubric.yaml', import.meta.url));
const rubric: Rubric = validate(
  parseYaml(readFileSync(RUBRIC_FILE, 'utf8'), RUBRIC_FILE),
  rubricSchema,
);
const JUDGE: ModelId = { id: 'openai:gpt-test', provider: 'openai', model: 'gpt-test' };

describe('summaryLevelCorrelation', () => {
  // Six documents, each a small group of (score, expert) pairs.
  const items = [
    // A: perfectly ordered: rho 1, tau 1.
    ...group('A', [1, 2, 3], [1, 2, 3]),
    // B: ties on both sides. Scores 1, 1, 2, 3 rank 1.5, 1.5, 3, 4; experts 1, 2, 2, 3 rank
    // 1, 2.5, 2.5, 4. Deviations from 2.5: (-1, -1, .5, 1.5) and (-1.5, 0, 0, 1.5); covariance
    // 1.5 + 2.25 = 3.75, variances 4.5 and 4.5: rho = 3.75 / 4.5 = 5/6.
    // Of the 6 pairs, 4 are concordant, 0 discordant, 1 tied in scores only (first two) and
    // 1 tied in experts only (second and third): tau-b = 4 / sqrt((6 - 1)(6 - 1)) = 4/5.
    ...group('B', [1, 1, 2, 3], [1, 2, 2, 3]),
    // C: the experts agree on every summary: no correlation, skipped.
    ...group('C', [1, 2, 3], [4, 4, 4]),
    // D: the scorer gives every summary the same score: skipped.
    ...group('D', [2, 2, 2], [1, 2, 3]),
    // E: one summary unscored; the two left are in reverse order: rho -1, tau -1. Counting the
    // unscored one as 0 would make it (0, 1, 3) against (1, 3, 1) instead.
    ...group('E', [null, 1, 3], [1, 3, 1]),
    // F: only one scored summary left: skipped.
    ...group('F', [null, 5], [1, 2]),
  ];

  it('averages rho and tau-b over the documents kept, skipping constant and unscored ones', () => {
    const correlation = summaryLevelCorrelation(items);
    // Kept: A (1, 1), B (5/6, 4/5), E (-1, -1).
    expect(correlation.documents).toBe(3);
    expect(correlation.skippedDocuments).toBe(3);
    expect(correlation.spearman).toBeCloseTo((1 + 5 / 6 - 1) / 3, 12);
    expect(correlation.kendall).toBeCloseTo((1 + 4 / 5 - 1) / 3, 12);
  });

  it('is unknown, not 0, when no document can be kept', () => {
    expect(summaryLevelCorrelation(group('C', [1, 2, 3], [4, 4, 4]))).toEqual({
      spearman: null,
      kendall: null,
      documents: 0,
      skippedDocuments: 1,
    });
  });

  it('does not depend on the order of the items', () => {
    const shuffled = [...items].reverse();
    const a = summaryLevelCorrelation(items);
    const b = summaryLevelCorrelation(shuffled);
    expect(b.spearman).toBeCloseTo(a.spearman as number, 12);
    expect(b.kendall).toBeCloseTo(a.kendall as number, 12);
  });
});

describe('calibrate with a reference metric', () => {
  // Two documents of three summaries. Against the reference "the cat sat on the mat" (6 tokens),
  // ROUGE-1 F1: the identical summary 1; "the cat sat" (3 of 3 match) 2·1·(1/2)/(3/2) = 2/3;
  // "a dog barked" 0. The experts rank them the same way on relevance and the opposite way on
  // fluency; coherence is constant in document 2.
  const set = calibrationSet([
    rated('d1', 's1', 'the cat sat on the mat', { relevance: 5, fluency: 1, coherence: 3 }),
    rated('d1', 's2', 'the cat sat', { relevance: 3, fluency: 2, coherence: 2 }),
    rated('d1', 's3', 'a dog barked', { relevance: 1, fluency: 5, coherence: 1 }),
    rated('d2', 's1', 'the cat sat on the mat', { relevance: 4, fluency: 1, coherence: 3 }),
    rated('d2', 's2', 'the cat sat', { relevance: 2, fluency: 3, coherence: 3 }),
    rated('d2', 's3', 'a dog barked', { relevance: 1, fluency: 4, coherence: 3 }),
  ]);

  it('correlates its F1 with every expert dimension', async () => {
    const report = await calibrate({ set, scorers: [{ kind: 'metric', id: 'rouge-1' }] });
    const [scorer] = report.scorers;
    expect(scorer?.dimensions.relevance).toMatchObject({ spearman: 1, kendall: 1, documents: 2 });
    expect(scorer?.dimensions.fluency).toMatchObject({ spearman: -1, kendall: -1, documents: 2 });
    // Document 2's coherence is constant: only document 1 (perfectly ordered) counts.
    expect(scorer?.dimensions.coherence).toMatchObject({ spearman: 1, documents: 1 });
    expect(scorer?.costUsd).toBe(0);
    expect(scorer?.unscored).toBe(0);
    expect(report.data).toMatchObject({ documents: 2, summaries: 6, multiReference: 'mean' });
  });

  it('leaves summaries without a reference unscored, and refuses data with none at all', async () => {
    const partial = calibrationSet([
      ...set.summaries.slice(0, 3),
      ...set.summaries.slice(3).map((s) => ({ ...s, references: [] })),
    ]);
    const report = await calibrate({ set: partial, scorers: [{ kind: 'metric', id: 'rouge-1' }] });
    expect(report.scorers[0]?.unscored).toBe(3);
    expect(report.scorers[0]?.unscoredReasons).toEqual([
      { reason: 'no reference summary', count: 3 },
    ]);
    expect(report.scorers[0]?.dimensions.relevance?.documents).toBe(1);

    const none = calibrationSet(set.summaries.map((s) => ({ ...s, references: [] })));
    await expect(
      calibrate({ set: none, scorers: [{ kind: 'metric', id: 'rouge-1' }] }),
    ).rejects.toThrow(/no summary has a reference/);
  });
});

describe('calibrate with a judge', () => {
  // The fake judge scores each summary by a lookup, so the figures are known in advance.
  const set = calibrationSet([
    rated('d1', 's1', 'first', { coherence: 1, consistency: 5, fluency: 2, relevance: 1 }),
    rated('d1', 's2', 'second', { coherence: 2, consistency: 4, fluency: 3, relevance: 3 }),
    rated('d1', 's3', 'third', { coherence: 3, consistency: 3, fluency: 4, relevance: 2 }),
    rated('d1', 's4', 'broken', { coherence: 5, consistency: 1, fluency: 5, relevance: 5 }),
  ]);
  const replies: Record<string, Record<Dimension, number> | 'not json'> = {
    first: { coherence: 1, consistency: 5, fluency: 2, relevance: 1 },
    second: { coherence: 2, consistency: 4, fluency: 3, relevance: 2 },
    third: { coherence: 3, consistency: 3, fluency: 4, relevance: 3 },
    broken: 'not json',
  };
  const calls: string[] = [];
  const options = (judgeRubric: Rubric): CalibrateOptions => ({
    set,
    scorers: [{ kind: 'judge', id: JUDGE.id, model: JUDGE }],
    judge: {
      rubric: judgeRubric,
      rubricFile: RUBRIC_FILE,
      call: async (_model, request) => {
        const output = outputOf(request);
        calls.push(output);
        const reply = replies[output];
        const text =
          reply === 'not json' || reply === undefined
            ? 'I would rather not say.'
            : JSON.stringify({ rationale: 'ok', scores: pick(reply, judgeRubric) });
        return ok(text);
      },
      // $0.001 a call.
      costOf: () => 0.001,
      maxOutputTokens: 800,
      maxAttempts: 2,
    },
  });

  it('correlates each criterion with its dimension and leaves unscored replies out', async () => {
    calls.length = 0;
    const progress: number[] = [];
    const report = await calibrate({
      ...options(rubric),
      onProgress: ({ done }) => progress.push(done),
    });
    const [scorer] = report.scorers;

    // "broken" is unscored after 2 attempts; had it counted (as anything), coherence would not
    // be a perfect 1 for the three left.
    expect(scorer?.unscored).toBe(1);
    expect(scorer?.scored).toBe(3);
    expect(scorer?.unscoredReasons[0]?.reason).toMatch(/not JSON.*after 2 attempts/);
    expect(scorer?.dimensions.coherence).toMatchObject({ spearman: 1, kendall: 1 });
    expect(scorer?.dimensions.consistency).toMatchObject({ spearman: 1, kendall: 1 });
    // Relevance: judge 1, 2, 3 against experts 1, 3, 2: rho 1 - 6·(0 + 1 + 1)/(3·8) = 1/2,
    // tau (2 concordant - 1 discordant) / 3 = 1/3.
    expect(scorer?.dimensions.relevance?.spearman).toBeCloseTo(1 / 2, 12);
    expect(scorer?.dimensions.relevance?.kendall).toBeCloseTo(1 / 3, 12);
    expect(scorer?.average.spearman).toBeCloseTo((1 + 1 + 1 + 1 / 2) / 4, 12);

    // 3 summaries scored at the first call, 1 unscored after 2: 5 calls at $0.001.
    expect(calls).toHaveLength(5);
    expect(scorer?.costUsd).toBeCloseTo(0.005, 12);
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(report.rubricFile).toBe(RUBRIC_FILE);
  });

  it('shows a dimension the rubric lacks as not scored, and averages the rest', async () => {
    const withoutFluency: Rubric = {
      ...rubric,
      criteria: rubric.criteria.filter((c) => c.id !== 'fluency'),
    };
    const report = await calibrate(options(withoutFluency));
    const [scorer] = report.scorers;
    expect(scorer?.dimensions.fluency).toBeNull();
    expect(scorer?.average.spearman).toBeCloseTo((1 + 1 + 1 / 2) / 3, 12);
  });

  it('reports the cost as unknown when a call has no price', async () => {
    const report = await calibrate({
      ...options(rubric),
      judge: {
        ...(options(rubric).judge as NonNullable<CalibrateOptions['judge']>),
        costOf: () => null,
      },
    });
    expect(report.scorers[0]?.costUsd).toBeNull();
  });
});

function group(docId: string, scores: Array<number | null>, experts: number[]) {
  return scores.map((score, i) => ({ docId, score, expert: experts[i] as number }));
}

function rated(
  docId: string,
  systemId: string,
  summary: string,
  expert: Partial<Record<Dimension, number>>,
): RatedSummary {
  return {
    docId,
    systemId,
    source: `The article of ${docId}.`,
    summary,
    references: ['the cat sat on the mat'],
    expert: { coherence: 3, consistency: 3, fluency: 3, relevance: 3, ...expert },
  };
}

function calibrationSet(summaries: RatedSummary[]): CalibrationSet {
  return {
    file: '/data/rated.jsonl',
    referencesFile: null,
    documents: [...new Set(summaries.map((s) => s.docId))],
    summaries,
  };
}

/** The output the judge prompt fences, as the judge would read it. */
function outputOf(request: Omit<CompletionRequest, 'model'>): string {
  const user = String(request.messages[0]?.content ?? '');
  const match = /<output-[0-9a-f]+>\n([\s\S]*?)\n<\/output-/.exec(user);
  return match?.[1] ?? '';
}

function pick(scores: Record<Dimension, number>, judgeRubric: Rubric): Record<string, number> {
  return Object.fromEntries(
    judgeRubric.criteria.map((c) => [c.id, scores[c.id as Dimension] as number]),
  );
}

function ok(text: string): CallOutcome {
  const usage: Usage = {
    inputTokens: 1_000,
    outputTokens: 50,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    raw: null,
  };
  return {
    ok: true,
    result: { text, usage, finishReason: 'stop', responseModel: null, warnings: [] },
    latencyMs: 100,
    ttftMs: null,
    attempts: 1,
    retries: [],
    startedAt: new Date(0),
  };
}
