/**
 * A synthetic run that looks like a real one to the report: realistic model ids, 80-word
 * outputs, two judges with rationales (and a judge left out for a candidate of its own family),
 * checks, reference metrics, a few failed calls. The summary comes from the real `summarize`,
 * so the report sees the figures a run would write. Used by the browser test and the bench.
 */
import type { ErrorKind } from '../../src/providers/errors.js';
import { summarize } from '../../src/results/summary.js';
import type { RunSummary } from '../../src/results/summary-types.js';
import type { CheckResult, JudgeVerdict, ResultRow } from '../../src/results/types.js';
import { mulberry32 } from '../../src/stats/index.js';

/** Candidates in the shape of evals/summarize.yaml's, strongest-ish first. */
export const SYNTHETIC_MODELS = [
  'anthropic:claude-sonnet-5',
  'openai:gpt-5.4-mini',
  'anthropic:claude-haiku-4-5',
  'bedrock:us.amazon.nova-2-lite-v1:0',
  'openai:gpt-5.4-nano',
  'bedrock:us.meta.llama4-maverick-17b-instruct-v1:0',
  'ollama:gpt-oss:20b',
  'ollama:qwen3:8b',
  'local:textrank-3',
  'local:lead-3',
] as const;

export const SYNTHETIC_JUDGES = ['openai:gpt-5.4-mini', 'anthropic:claude-sonnet-5'];

const CRITERIA = [
  { id: 'faithfulness', weight: 2 },
  { id: 'coverage', weight: 1.5 },
  { id: 'concision', weight: 1 },
  { id: 'clarity', weight: 1 },
];

/** USD per million tokens, in and out; null for a model whose price the table lacks. */
const PRICES: Record<string, [number, number] | null> = {
  'anthropic:claude-sonnet-5': [3, 15],
  'openai:gpt-5.4-mini': [0.25, 2],
  'anthropic:claude-haiku-4-5': [1, 5],
  'bedrock:us.amazon.nova-2-lite-v1:0': [0.06, 0.24],
  'openai:gpt-5.4-nano': [0.05, 0.4],
  'bedrock:us.meta.llama4-maverick-17b-instruct-v1:0': null,
};

const WORDS = (
  'the minister said on tuesday that the government would review its plans for regional ' +
  'transport after protests in three cities officials estimated the cost at 4.2 billion ' +
  'dollars over ten years while opposition leaders called the proposal premature and ' +
  'residents described delays of up to two hours on commuter lines the report published ' +
  'by the audit office found that maintenance had been deferred since 2019 and that ' +
  'passenger numbers recovered to 92 percent of their earlier level'
).split(' ');

export interface SyntheticRunOptions {
  /** How many of SYNTHETIC_MODELS, from the first. */
  models: number;
  articles: number;
  /** Judge model ids; none makes an unjudged run. */
  judges?: string[];
  /** Models whose credentials were "absent": every row skipped. */
  skipped?: string[];
  /** Failed calls to place: model, article index, kind. */
  errors?: { model: string; article: number; kind: ErrorKind; message: string }[];
  /** Replaces one output's text: model, article index, text. */
  outputs?: { model: string; article: number; text: string }[];
  /** Carry ROUGE scores against a reference summary. */
  references?: boolean;
  /** Seeds the generator; the same seed gives the same run. */
  seed?: number;
  runId?: string;
  /** Shifts every model's quality, to make an "earlier" run that differs. */
  qualityShift?: number;
}

export interface SyntheticRun {
  summary: RunSummary;
  rows: ResultRow[];
}

export function buildSyntheticRun(options: SyntheticRunOptions): SyntheticRun {
  const random = mulberry32(options.seed ?? 7);
  const judges = options.judges ?? [];
  const models = SYNTHETIC_MODELS.slice(0, options.models);
  const runId = options.runId ?? '2026-06-01T02-00-00Z-synthetic';
  const articleIds = Array.from({ length: options.articles }, (_, i) => `wn-${1000 + i * 7}`);

  const rows: ResultRow[] = [];
  models.forEach((model, modelIndex) => {
    const strength = 0.9 - modelIndex * 0.055 + (options.qualityShift ?? 0);
    articleIds.forEach((articleId, articleIndex) => {
      const base = baseRow({ runId, model, articleId, startedAt: '2026-06-01T02:00:00.000Z' });
      if (options.skipped?.includes(model)) {
        rows.push({ ...base, status: 'skipped', skipReason: skipReason(model) });
        return;
      }
      const error = options.errors?.find((e) => e.model === model && e.article === articleIndex);
      if (error) {
        rows.push({
          ...base,
          status: 'error',
          error: { kind: error.kind, message: error.message, status: httpStatus(error.kind) },
          latencyMs: 30_000,
          attempts: 4,
        });
        return;
      }
      const text =
        options.outputs?.find((o) => o.model === model && o.article === articleIndex)?.text ??
        sentence(random, 70 + Math.floor(random() * 20));
      rows.push(okRow({ base, text, strength, judges, random, references: options.references }));
    });
  });

  const summary = summarize(
    {
      runId,
      eval: 'summarize',
      task: 'summarize',
      createdAt: '2026-06-01T02:00:00.000Z',
      durationMs: 1_260_000,
      settings: {
        specPath: 'evals/summarize.yaml',
        fixtures: 'fixtures/wikinews.jsonl',
        fixtureCount: options.articles,
        fixturesHash: 'a3f1c2d4e5f60718293a4b5c6d7e8f90',
        promptHash: '5e8d2b7c9a1f3e4d5c6b7a8f9e0d1c2b',
        rubricHash: '9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f',
        limit: null,
        concurrency: { default: 8 },
        maxOutputTokens: 600,
        temperature: 0,
        stream: true,
        prompt: {
          system: 'You are a careful news editor. You write accurate, neutral summaries.',
          template:
            'Summarize this article in one paragraph of 50 to 90 words.\n\n{{article.body}}',
        },
        rubric: CRITERIA.map((c) => `- id: ${c.id}\n  weight: ${c.weight}`).join('\n'),
        routing: { qualityFloor: 0.7, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
      },
      priceTable: { source: '@pydantic/genai-prices', version: '0.1.8' },
      judge: {
        configured: judges,
        used: judges,
        judged: judges.length > 0,
        reason: judges.length > 0 ? null : 'no judge configured',
        aggregate: 'mean',
      },
      warnings: [],
    },
    [...models],
    rows,
  );
  return { summary, rows };
}

function okRow(options: {
  base: ResultRow;
  text: string;
  strength: number;
  judges: string[];
  random: () => number;
  references: boolean | undefined;
}): ResultRow {
  const { base, text, strength, judges, random } = options;
  const model = base.model;
  const local = model.startsWith('local:');
  const inputTokens = local ? null : 900 + Math.floor(random() * 700);
  const outputTokens = local ? null : 110 + Math.floor(random() * 40);
  const price = PRICES[model];
  const costUsd =
    local || model.startsWith('ollama:')
      ? 0
      : price
        ? cost(price, inputTokens, outputTokens)
        : null;
  const latencyMs = local
    ? 5 + random() * 10
    : 600 + random() * 2400 + (model.includes('ollama') ? 4000 : 0);

  const words = text.split(/\s+/).length;
  const checks: CheckResult[] = [
    { name: 'not_empty', passed: text.trim() !== '', detail: null },
    {
      name: 'word_count',
      passed: words >= 40 && words <= 110,
      detail: words >= 40 && words <= 110 ? null : `${words} words; 40 to 110`,
    },
    random() < 0.06
      ? { name: 'numbers_in_source', passed: false, detail: '"4.5 billion" is not in the article' }
      : { name: 'numbers_in_source', passed: true, detail: null },
  ];

  const asked = judges.filter((judge) => family(judge) !== family(model));
  const verdicts = asked.map((judge) => verdict(judge, strength, random));
  const scored = verdicts.filter((v) => v.status === 'scored');
  const overall = scored.length > 0 ? mean(scored.map((v) => v.overall ?? 0)) : null;
  const criteria: Record<string, number> = {};
  if (scored.length > 0) {
    for (const c of CRITERIA)
      criteria[c.id] = mean(scored.map((v) => ((v.scores[c.id] ?? 1) - 1) / 4));
  }

  return {
    ...base,
    status: 'ok',
    output: text,
    latencyMs,
    ttftMs: local ? null : 200 + random() * 500,
    inputTokens,
    outputTokens,
    cachedInputTokens: local ? null : 0,
    usageRaw: local ? null : { input_tokens: inputTokens, output_tokens: outputTokens },
    costUsd,
    finishReason: 'stop',
    checks,
    judge:
      judges.length === 0
        ? null
        : {
            status: overall === null ? 'unscored' : 'scored',
            criteria,
            overall,
            verdicts,
            excluded: judges.filter((judge) => !asked.includes(judge)),
            costUsd: sumCosts(verdicts.map((v) => v.costUsd)),
          },
    referenceMetrics: options.references
      ? {
          'rouge-1': round(0.3 + strength * 0.2 + random() * 0.1),
          'rouge-2': round(0.08 + strength * 0.1 + random() * 0.05),
          'rouge-l': round(0.25 + strength * 0.15 + random() * 0.08),
        }
      : null,
  };
}

function verdict(judge: string, strength: number, random: () => number): JudgeVerdict {
  const base = {
    model: judge,
    prompt: { system: 'You grade summaries against a rubric.', user: '<article and summary>' },
    inputTokens: 1400,
    outputTokens: 160,
    costUsd: judge.startsWith('anthropic') ? 0.0066 : 0.00067,
    attempts: 1,
  };
  if (random() < 0.01) {
    return {
      ...base,
      status: 'unscored',
      unscoredReason: 'the reply was not valid JSON after 2 attempts',
      scores: {},
      overall: null,
      rationale: null,
      rawReply: 'I think this summary is mostly fine, but',
      attempts: 2,
    };
  }
  const scores: Record<string, number> = {};
  for (const c of CRITERIA) {
    const noise = (random() - 0.5) * 0.5;
    scores[c.id] = Math.max(1, Math.min(5, Math.round(1 + 4 * (strength + noise))));
  }
  const weight = CRITERIA.reduce((sum, c) => sum + c.weight, 0);
  const overall = CRITERIA.reduce((sum, c) => sum + c.weight * (((scores[c.id] ?? 1) - 1) / 4), 0);
  return {
    ...base,
    status: 'scored',
    unscoredReason: null,
    scores,
    overall: overall / weight,
    rationale: sentence(random, 25 + Math.floor(random() * 15)),
    rawReply: JSON.stringify({ scores }),
  };
}

function baseRow(
  fields: Pick<ResultRow, 'runId' | 'model' | 'articleId' | 'startedAt'>,
): ResultRow {
  return {
    schemaVersion: 1,
    task: 'summarize',
    status: 'ok',
    skipReason: null,
    output: null,
    error: null,
    latencyMs: null,
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
    judge: null,
    checks: [],
    referenceMetrics: null,
    ...fields,
  };
}

function sentence(random: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(random() * WORDS.length)] ?? 'the');
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The judge-family rule, as far as these ids need it. */
function family(model: string): string {
  if (/claude/.test(model)) return 'anthropic';
  if (/gpt/.test(model)) return 'openai';
  return model.split(':')[0] ?? model;
}

function skipReason(model: string): string {
  const provider = model.split(':')[0];
  if (provider === 'anthropic') return 'ANTHROPIC_API_KEY is not set';
  if (provider === 'openai') return 'OPENAI_API_KEY is not set';
  if (provider === 'bedrock') return 'no AWS credentials found (AWS_PROFILE, access keys)';
  return 'Ollama is not reachable at http://127.0.0.1:11434';
}

function httpStatus(kind: ErrorKind): number | null {
  if (kind === 'rate_limit') return 429;
  if (kind === 'server') return 500;
  return null;
}

function cost(price: [number, number], input: number | null, output: number | null): number | null {
  if (input === null || output === null) return null;
  return (input * price[0] + output * price[1]) / 1_000_000;
}

function sumCosts(values: Array<number | null>): number | null {
  let total = 0;
  for (const value of values) {
    if (value === null) return null;
    total += value;
  }
  return total;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
