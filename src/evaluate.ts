import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from './config/errors.js';
import type { EvalSpec, SpecModel } from './config/load-spec.js';
import { checkModelId } from './config/load-spec.js';
import { loadDataset } from './dataset/load.js';
import { runChecks } from './judge/checks.js';
import { judgeOutput } from './judge/judge.js';
import { referenceMetrics } from './judge/rouge.js';
import { costUsd, PRICE_TABLE, type PriceSource, priceSource } from './pricing/prices.js';
import { compileTemplate, TemplateVariableError } from './prompt/render.js';
import type { Environment } from './providers/credentials.js';
import type { ModelId } from './providers/model-id.js';
import { createProviderSet } from './providers/registry.js';
import type { Usage } from './providers/types.js';
import { renderReport } from './report/html.js';
import { ResultsWriter, runFiles, writeJson } from './results/files.js';
import { summarize } from './results/summary.js';
import type { RunSummary } from './results/summary-types.js';
import type { ResultRow } from './results/types.js';
import { buildRouting, type RoutingOutcome } from './routing/build.js';
import { type Clock, systemClock } from './runner/clock.js';
import { Dispatcher } from './runner/dispatch.js';
import { planModels } from './runner/plan.js';
import { DEFAULT_RETRY_POLICY } from './runner/retry.js';
import { type RunArticle, type RunEvent, runTasks } from './runner/run.js';

export interface EvaluateOptions {
  spec: EvalSpec;
  env: Environment;
  /** The folder run folders go under: `<outDir>/<eval>/<run-id>/`. */
  outDir: string;
  /** Only these model ids (the spec's entry is used when it lists the model). */
  models?: string[];
  /** Replaces the spec's judge models. */
  judges?: string[];
  /** Replaces the spec's fixture set. */
  fixtures?: string;
  /** The first n articles only. */
  limit?: number;
  /** Calls in flight at once for every provider, replacing the spec's settings. */
  concurrency?: number;
  onEvent?: (event: RunEvent) => void;
  clock?: Clock;
  /** Makes run ids; a test seam. */
  newRunId?: (date: Date) => string;
  fetch?: typeof fetch;
  /** Cuts every call in flight; the files are written for what finished. */
  signal?: AbortSignal;
  /** Stops sending new calls; calls in flight finish and are kept. */
  stop?: AbortSignal;
}

export interface EvaluateResult {
  runDir: string;
  summary: RunSummary;
  rows: ResultRow[];
  routing: RoutingOutcome;
}

/**
 * Runs an eval end to end: every candidate on every article, checks and judges, then writes
 * the run folder (results.jsonl as rows finish, then summary.json, report.html, routing.json).
 */
export async function evaluate(options: EvaluateOptions): Promise<EvaluateResult> {
  const { spec } = options;
  const clock = options.clock ?? systemClock;
  const started = clock.now();

  const fixturesPath = options.fixtures ? path.resolve(options.fixtures) : spec.fixturesPath;
  const dataset = await loadDataset(fixturesPath);
  const articles = (
    options.limit !== undefined ? dataset.articles.slice(0, options.limit) : dataset.articles
  ) as RunArticle[];
  const prompts = renderPrompts(spec, articles, fixturesPath);

  const models = selectModels(spec, options.models);
  const providerSet = createProviderSet({
    env: options.env,
    endpoints: spec.endpoints,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const planned = await planModels({
    models,
    providers: providerSet.providers,
    status: (provider) => providerSet.status(provider),
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const prices = new Map<string, PriceSource>();
  const warnings: string[] = [];
  const priceOf = (model: ModelId): PriceSource => {
    let source = prices.get(model.id);
    if (!source) {
      const entry = spec.models.find((m) => m.id === model.id);
      source = priceSource(model, {
        override: entry?.price,
        endpointPricing: spec.endpoints[model.provider]?.pricing,
      });
      prices.set(model.id, source);
      if (source.kind === 'unknown') warnings.push(`${model.id}: price unknown: ${source.reason}`);
    }
    return source;
  };
  const costOf = (model: ModelId, usage: Usage) => costUsd(usage, priceOf(model));
  for (const { model, skipReason } of planned) if (skipReason === null) priceOf(model);

  const concurrency = options.concurrency
    ? { default: options.concurrency, local: options.concurrency, ollama: options.concurrency }
    : spec.concurrency;
  const dispatcher = new Dispatcher({
    providers: providerSet.providers,
    concurrency,
    modelConcurrency: Object.fromEntries(
      spec.models.filter((m) => m.concurrency).map((m) => [m.id, m.concurrency as number]),
    ),
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: spec.generation.maxAttempts },
    timeoutMs: spec.generation.timeoutMs,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stop ? { stop: options.stop } : {}),
  });

  const judge = chooseJudges(spec, options.judges, (p) => providerSet.status(p));
  const runId = (options.newRunId ?? defaultRunId)(clock.date());
  const runDir = path.join(options.outDir, spec.name, runId);
  const files = runFiles(runDir);
  const writer = await ResultsWriter.open(files.results);

  let rows: ResultRow[];
  try {
    rows = await runTasks({
      runId,
      task: spec.task,
      articles,
      models: planned,
      prompts,
      generation: spec.generation,
      dispatcher,
      costOf,
      score: async ({ article, output, model }) => {
        const references = referencesOf(article, spec.reference);
        return {
          checks: runChecks(spec.checks, { output, source: article.body }),
          referenceMetrics: references.length > 0 ? referenceMetrics(output, references) : null,
          judge:
            judge.used.length > 0
              ? await judgeOutput(
                  {
                    rubric: spec.rubric,
                    judges: judge.used,
                    call: (model, request) => dispatcher.call(model, request),
                    costOf,
                    maxOutputTokens: spec.judge.maxOutputTokens,
                    maxAttempts: spec.judge.maxAttempts,
                    aggregate: spec.judge.aggregate,
                    allowSameFamily: spec.judge.allowSameFamily,
                  },
                  {
                    article: article.body,
                    output,
                    candidate: model,
                    reference: references[0] ?? null,
                  },
                )
              : null,
        };
      },
      onRow: (row) => writer.write(row),
      interrupted: () => Boolean(options.signal?.aborted || options.stop?.aborted),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      clock,
    });
  } finally {
    await writer.close();
  }
  if (options.signal?.aborted || options.stop?.aborted) {
    const total = planned.length * articles.length;
    warnings.push(`the run was interrupted: ${rows.length} of ${total} rows finished and kept`);
  }

  const summary = summarize(
    {
      runId,
      eval: spec.name,
      task: spec.task,
      createdAt: clock.date().toISOString(),
      durationMs: Math.round(clock.now() - started),
      settings: {
        specPath: spec.file,
        fixtures: fixturesPath,
        fixtureCount: articles.length,
        fixturesHash: dataset.hash,
        promptHash: sha256(`${spec.prompt.system ?? ''}\0${spec.prompt.template}`),
        rubricHash: sha256(spec.rubricText),
        limit: options.limit ?? null,
        concurrency: Object.fromEntries(
          [...new Set(models.map((m) => m.provider))].map((p) => [
            p,
            dispatcher.concurrencyOf({ id: `${p}:`, provider: p, model: '' }),
          ]),
        ),
        maxOutputTokens: spec.generation.maxOutputTokens,
        temperature: spec.generation.temperature ?? null,
        stream: spec.generation.stream,
        prompt: { system: spec.prompt.system, template: spec.prompt.template },
        rubric: spec.rubricText,
        routing: spec.routing,
      },
      priceTable: { ...PRICE_TABLE },
      judge: {
        configured: judge.configured.map((m) => m.id),
        used: judge.used.map((m) => m.id),
        judged: judge.used.length > 0,
        reason: judge.reason,
        aggregate: spec.judge.aggregate,
      },
      warnings,
    },
    models.map((m) => m.id),
    rows,
  );

  const routing = buildRouting({
    summary,
    policy: spec.routing,
    prompt: { system: spec.prompt.system, template: spec.prompt.template },
    params: spec.generation,
    generatedAt: clock.date(),
  });
  if (!routing.config) {
    summary.warnings.push(`no model met the routing policy, so routing.json was not written`);
  }

  await writeJson(files.summary, summary);
  if (routing.config) await writeJson(files.routing, routing.config);
  await writeFile(
    files.report,
    renderReport({
      summary,
      rows,
      prompt: { system: spec.prompt.system, template: spec.prompt.template },
      rubric: spec.rubricText,
      chosenModel: routing.choice.primary?.summary.model ?? null,
    }),
  );
  return { runDir, summary, rows, routing };
}

function renderPrompts(spec: EvalSpec, articles: RunArticle[], fixtures: string) {
  const render = compileTemplate(spec.prompt.template);
  const prompts = new Map<string, { system: string | null; user: string }>();
  for (const article of articles) {
    try {
      prompts.set(article.id, { system: spec.prompt.system, user: render(article) });
    } catch (error) {
      if (!(error instanceof TemplateVariableError)) throw error;
      const fields = Object.keys(article).join(', ');
      throw new ConfigError({
        file: path.relative(process.cwd(), spec.prompt.file ?? spec.file),
        keyPath: spec.prompt.file ? null : 'prompt.template',
        message:
          `the template uses {{${error.variable}}}, which article "${article.id}" of ` +
          `${path.relative(process.cwd(), fixtures)} lacks (it has: ${fields}); ` +
          'add the field to the fixtures or remove it from the template',
      });
    }
  }
  return prompts;
}

/**
 * An article's reference summaries: the field the spec names (`reference:`), else a
 * `reference` field when there is one. A string or a list of strings; anything else is none.
 */
function referencesOf(article: RunArticle, field: string | undefined): string[] {
  const value = article[field ?? 'reference'];
  if (typeof value === 'string') return value.trim() ? [value] : [];
  if (Array.isArray(value))
    return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return [];
}

function selectModels(spec: EvalSpec, ids: string[] | undefined): SpecModel[] {
  if (!ids || ids.length === 0) return spec.models;
  return ids.map((id) => {
    const listed = spec.models.find((m) => m.id === id);
    if (listed) return listed;
    const parsed = checkModelId(id, spec.endpoints);
    if (typeof parsed === 'string') throw new ConfigError({ file: '--models', message: parsed });
    return parsed;
  });
}

function chooseJudges(
  spec: EvalSpec,
  ids: string[] | undefined,
  status: (provider: string) => { available: boolean; reason?: string },
) {
  const configured = ids
    ? ids.map((id) => {
        const parsed = checkModelId(id, spec.endpoints);
        if (typeof parsed === 'string') throw new ConfigError({ file: '--judge', message: parsed });
        return parsed;
      })
    : spec.judge.models;
  const used = configured.filter((m) => status(m.provider).available);
  const missing = configured
    .filter((m) => !status(m.provider).available)
    .map((m) => `${m.id} (${status(m.provider).reason ?? 'unavailable'})`);
  let reason: string | null = null;
  if (configured.length === 0) reason = 'no judge models in the spec (judge.models)';
  else if (used.length === 0) reason = `no judge reachable: ${missing.join('; ')}`;
  return { configured, used, reason };
}

function defaultRunId(date: Date): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
