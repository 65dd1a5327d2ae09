import { describe, expect, it } from 'vitest';
import type { JudgeVerdict, ResultRow } from '../results/types.js';
import { flagRow } from './flags.js';

const options = { judged: true, qualityFloor: 0.7 };

function verdict(model: string, overall: number | null): JudgeVerdict {
  return {
    model,
    status: overall === null ? 'unscored' : 'scored',
    unscoredReason: overall === null ? 'reply was not JSON' : null,
    scores: {},
    overall,
    rationale: null,
    prompt: { system: '', user: '' },
    rawReply: null,
    inputTokens: null,
    outputTokens: null,
    costUsd: null,
    attempts: 1,
  };
}

function row(fields: {
  status?: ResultRow['status'];
  failedChecks?: string[];
  verdicts?: (number | null)[];
  judged?: boolean;
}): ResultRow {
  const verdicts = (fields.verdicts ?? []).map((o, i) => verdict(`judge:${i}`, o));
  const scored = verdicts.flatMap((v) => (v.overall === null ? [] : [v.overall]));
  const overall = scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : null;
  return {
    schemaVersion: 1,
    runId: 'run',
    task: 'summarize',
    articleId: 'a1',
    model: 'openai:m',
    status: fields.status ?? 'ok',
    skipReason: null,
    output: 'text',
    error: fields.status === 'error' ? { kind: 'timeout', message: 'slow', status: null } : null,
    latencyMs: 1,
    ttftMs: null,
    inputTokens: null,
    outputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    usageRaw: null,
    costUsd: null,
    cacheHit: false,
    attempts: 1,
    retries: [],
    finishReason: null,
    warnings: [],
    judge:
      fields.judged === false
        ? null
        : {
            status: overall === null ? 'unscored' : 'scored',
            criteria: {},
            overall,
            verdicts,
            excluded: [],
            costUsd: null,
          },
    checks: [
      { name: 'not_empty', passed: true, detail: null },
      ...(fields.failedChecks ?? []).map((name) => ({ name, passed: false, detail: 'no' })),
    ],
    referenceMetrics: null,
    startedAt: '2026-01-01T00:00:00.000Z',
  };
}

const texts = (r: ResultRow) => flagRow(r, options).map((f) => `${f.kind}: ${f.text}`);

describe('flagRow', () => {
  it('calls a failed call, a failed check and an unscored output failures', () => {
    expect(texts(row({ status: 'error', judged: false }))).toEqual(['failure: error: timeout']);
    expect(texts(row({ failedChecks: ['word_count'], verdicts: [0.5] }))).toEqual([
      'failure: failed word_count',
    ]);
    expect(texts(row({ verdicts: [null, null] }))).toEqual(['failure: unscored']);
    // A judged run that left an output without any verdict left it unscored too.
    expect(texts(row({ judged: false }))).toEqual(['failure: unscored']);
    expect(flagRow(row({ judged: false }), { ...options, judged: false })).toEqual([]);
  });

  it('flags judges more than 0.25 apart, and not judges that roughly agree', () => {
    expect(texts(row({ verdicts: [0.4, 0.9] }))).toEqual([
      'disagreement: judges 0.50 apart (0.40–0.90)',
    ]);
    expect(texts(row({ verdicts: [0.7, 0.9] }))).toEqual([]);
    // One judge unscored: there is nothing to disagree with.
    expect(texts(row({ verdicts: [0.6, null] }))).toEqual([]);
  });

  it('flags checks and judge pointing opposite ways', () => {
    expect(texts(row({ failedChecks: ['numbers_in_source'], verdicts: [0.9] }))).toEqual([
      'failure: failed numbers_in_source',
      'disagreement: a check failed, judge 0.90 ≥ floor 0.70',
    ]);
    expect(texts(row({ verdicts: [0.3] }))).toEqual([
      'disagreement: checks passed, judge 0.30 far below floor 0.70',
    ]);
    // Just under the floor is a weak output, not a disagreement.
    expect(texts(row({ verdicts: [0.6] }))).toEqual([]);
  });

  it('has nothing to say about a skipped row', () => {
    expect(flagRow(row({ status: 'skipped', judged: false }), options)).toEqual([]);
  });
});
