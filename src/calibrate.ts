import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, didYouMean } from './config/errors.js';
import { checkModelId, PACKAGE_ROOT } from './config/load-spec.js';
import { type Rubric, rubricSchema } from './config/rubric.js';
import { parseYaml, validate } from './config/yaml.js';
import {
  type CalibrationReport,
  type CalibrationScorer,
  calibrate,
  type MultiReference,
} from './judge/calibrate.js';
import { DIMENSIONS, loadCalibrationSet } from './judge/calibration-data.js';
import { isReferenceMetric, REFERENCE_METRICS } from './judge/rouge.js';
import { costUsd, type PriceSource, priceSource } from './pricing/prices.js';
import type { Environment } from './providers/credentials.js';
import type { ModelId } from './providers/model-id.js';
import { createProviderSet } from './providers/registry.js';
import { type Clock, systemClock } from './runner/clock.js';
import { Dispatcher } from './runner/dispatch.js';
import { DEFAULT_RETRY_POLICY } from './runner/retry.js';

/** SummEval's 1,600 rated summaries, shipped for calibration (research use; see its README). */
export const DEFAULT_CALIBRATION_DATA = path.join(
  PACKAGE_ROOT,
  'fixtures',
  'calibration',
  'summeval.jsonl',
);

/** SummEval's 11 reference summaries per document, used with the default data. */
export const DEFAULT_CALIBRATION_REFERENCES = path.join(
  PACKAGE_ROOT,
  'fixtures',
  'calibration',
  'summeval-articles.jsonl',
);

/** The rubric a judge scorer follows by default: SummEval's four dimensions on 1 to 5. */
export const DEFAULT_CALIBRATION_RUBRIC = path.join(PACKAGE_ROOT, 'evals', 'summeval.rubric.yaml');

/** The spec schema's defaults for a judge, so calibration judges as a run would. */
const JUDGE_MAX_OUTPUT_TOKENS = 800;
const JUDGE_MAX_ATTEMPTS = 2;
const CALL_TIMEOUT_MS = 120_000;

export interface RunCalibrationOptions {
  env: Environment;
  /** Rated summaries, JSON Lines (`summeval.jsonl`'s fields). */
  dataFile: string;
  /** `{id, references}` lines replacing the rows' own references; null to use the rows'. */
  referencesFile: string | null;
  /** `rouge-1`, `rouge-2`, `rouge-l` or model ids (`openai:gpt-5.4-mini`). */
  scorers: string[];
  /** The rubric judge scorers follow; its criteria ids name the expert dimensions. */
  rubricFile: string;
  /** Only the first n documents. */
  limit?: number;
  /** Judge calls in flight at once per provider. */
  concurrency?: number;
  multiReference?: MultiReference;
  onProgress?: (progress: { done: number; total: number }) => void;
  clock?: Clock;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Scores a calibration set with each scorer and correlates the scores with the expert ratings.
 * Judge scorers go through the same providers, dispatcher, retry policy and price table as a
 * run. Bad scorers, a bad rubric, a bad data file or a judge without credentials throw a
 * ConfigError or DatasetError before any call is made.
 */
export async function runCalibration(options: RunCalibrationOptions): Promise<CalibrationReport> {
  const scorers = parseScorers(options.scorers);
  const judges = scorers.flatMap((s) => (s.kind === 'judge' ? [s.model] : []));
  const set = await loadCalibrationSet({
    file: options.dataFile,
    referencesFile: options.referencesFile,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  if (judges.length === 0) {
    return calibrate({
      set,
      scorers,
      ...(options.multiReference ? { multiReference: options.multiReference } : {}),
    });
  }

  const rubric = await loadCalibrationRubric(options.rubricFile);
  const providerSet = createProviderSet({
    env: options.env,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  for (const judge of judges) {
    const status = providerSet.status(judge.provider);
    if (!status.available) {
      throw new ConfigError({
        file: '--scorer',
        message: `${judge.id} cannot be called: ${status.reason ?? 'unavailable'}`,
      });
    }
  }

  const warnings: string[] = [];
  const prices = new Map<string, PriceSource>();
  const priceOf = (model: ModelId): PriceSource => {
    let source = prices.get(model.id);
    if (!source) {
      source = priceSource(model);
      prices.set(model.id, source);
      if (source.kind === 'unknown') warnings.push(`${model.id}: price unknown: ${source.reason}`);
    }
    return source;
  };
  for (const judge of judges) priceOf(judge);

  const c = options.concurrency;
  const dispatcher = new Dispatcher({
    providers: providerSet.providers,
    concurrency: c ? { default: c, ollama: c } : {},
    retryPolicy: DEFAULT_RETRY_POLICY,
    timeoutMs: CALL_TIMEOUT_MS,
    clock: options.clock ?? systemClock,
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const report = await calibrate({
    set,
    scorers,
    ...(options.multiReference ? { multiReference: options.multiReference } : {}),
    judge: {
      rubric,
      rubricFile: path.resolve(options.rubricFile),
      call: (model, request) => dispatcher.call(model, request),
      costOf: (model, usage) => costUsd(usage, priceOf(model)),
      maxOutputTokens: JUDGE_MAX_OUTPUT_TOKENS,
      maxAttempts: JUDGE_MAX_ATTEMPTS,
    },
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...report, warnings: [...report.warnings, ...warnings] };
}

/**
 * Parses `--scorer` values: a reference metric (`rouge-1`, `rouge-2`, `rouge-l`) or a model id
 * of a real provider. Repeats are dropped. Throws a ConfigError that says what to write.
 */
export function parseScorers(ids: string[]): CalibrationScorer[] {
  const unique = [...new Set(ids.map((id) => id.trim()).filter(Boolean))];
  if (unique.length === 0) {
    throw new ConfigError({
      file: '--scorer',
      message: `name at least one scorer: ${REFERENCE_METRICS.join(', ')} or a model id`,
    });
  }
  return unique.map((id): CalibrationScorer => {
    if (isReferenceMetric(id)) return { kind: 'metric', id };
    if (!id.includes(':')) {
      const guess = didYouMean(id, REFERENCE_METRICS);
      const hint = guess ? `did you mean "${guess}"? ` : '';
      throw new ConfigError({
        file: '--scorer',
        message:
          `unknown scorer "${id}"; ${hint}use ${REFERENCE_METRICS.join(', ')} ` +
          'or a model id such as openai:gpt-5.4-mini',
      });
    }
    const model = checkModelId(id, {});
    if (typeof model === 'string') throw new ConfigError({ file: '--scorer', message: model });
    if (model.provider === 'local') {
      throw new ConfigError({
        file: '--scorer',
        message: `${id}: a local baseline cannot judge; name a model of a real provider`,
      });
    }
    return { kind: 'judge', id, model };
  });
}

/**
 * Reads a rubric for calibration. Its criteria ids must name at least one expert dimension
 * (coherence, consistency, fluency, relevance): those are the criteria that get correlated.
 */
export async function loadCalibrationRubric(file: string): Promise<Rubric> {
  const display = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`;
    throw new ConfigError({ file: display, message: `the rubric (--rubric) ${reason}` });
  }
  const rubric = validate(parseYaml(text, display), rubricSchema);
  const ids = rubric.criteria.map((c) => c.id);
  if (!ids.some((id) => (DIMENSIONS as readonly string[]).includes(id))) {
    throw new ConfigError({
      file: display,
      keyPath: 'criteria',
      message:
        `no criterion is named after an expert dimension (${DIMENSIONS.join(', ')}); ` +
        `its ids are ${ids.join(', ')}`,
    });
  }
  return rubric;
}
