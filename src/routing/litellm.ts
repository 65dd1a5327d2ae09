/**
 * Writes routes as a LiteLLM proxy config (`litellm --config litellm.yaml`), for teams whose
 * agent calls models through a LiteLLM proxy rather than through this package's router.
 *
 * Each route becomes model groups: the first model LiteLLM can serve takes the task's name
 * (the agent asks for `model: "summarize"`), each later one a group of its own
 * (`summarize-fallback-1`, ...), and `router_settings.fallbacks` maps the task's group to the
 * others in order, which LiteLLM tries once its retries within a group are spent. Keys are
 * `os.environ/NAME` references, never the secret itself.
 */
import { Document, isMap, isSeq } from 'yaml';
import { ConfigError } from '../config/errors.js';
import { parseModelId } from '../providers/model-id.js';
import type { RouteEvidence, RouteTarget, RoutingConfig } from './schema.js';

/** One deployment in LiteLLM's `model_list`. */
export interface LitellmModel {
  /** The group name callers ask for; deployments with one name are load-balanced. */
  model_name: string;
  /** What LiteLLM's completion() is called with: `provider/model`, keys, limits. */
  litellm_params: Record<string, string | number>;
}

export interface LitellmConfig {
  model_list: LitellmModel[];
  router_settings: {
    /** `[{group: [fallback groups, in order]}]`. */
    fallbacks: Array<Record<string, string[]>>;
    num_retries?: number;
    /** Seconds per call. */
    timeout?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface LitellmOptions {
  /** Ollama's base URL as the proxy reaches it (default `http://localhost:11434`). */
  ollamaApiBase?: string;
  /** Retries within a group before its fallbacks (default 3: the eval's 4 attempts a call). */
  numRetries?: number;
  /** Seconds per call (default 120: the eval spec's `generation.timeoutMs`). */
  timeoutSeconds?: number;
}

export interface LitellmOutcome {
  config: LitellmConfig;
  /** The groups of each task, the one callers ask for first; empty for a task LiteLLM cannot
   *  serve at all (a route of local baselines only), which is then left out of `config`. */
  groups: Record<string, string[]>;
  /** Per group: the model id it serves and the evidence for it, written beside it as a comment. */
  comments: Record<string, string>;
  /** Models left out (LiteLLM has no equivalent), one line each. */
  warnings: string[];
}

/** LiteLLM's name for what a model id names, or null when LiteLLM cannot serve it. */
export function litellmParams(
  target: RouteTarget,
  options: LitellmOptions = {},
): Record<string, string | number> | null {
  const id = parseModelId(target.model);
  if (!id) return null;
  const limits = {
    max_tokens: target.params.maxOutputTokens,
    ...(target.params.temperature !== undefined ? { temperature: target.params.temperature } : {}),
  };
  switch (id.provider) {
    case 'openai':
      return { model: `openai/${id.model}`, api_key: 'os.environ/OPENAI_API_KEY', ...limits };
    case 'anthropic':
      // The eval's Anthropic calls carried no temperature (its API version takes none), so the
      // proxy sends none either: what runs is what was measured.
      return {
        model: `anthropic/${id.model}`,
        api_key: 'os.environ/ANTHROPIC_API_KEY',
        max_tokens: limits.max_tokens,
      };
    case 'bedrock':
      // `converse/` keeps LiteLLM on the Converse API the eval measured every family through;
      // credentials come from the AWS variables the SDK reads (keys, profile or API key).
      return {
        model: `bedrock/converse/${id.model}`,
        aws_region_name: 'os.environ/AWS_REGION',
        ...limits,
      };
    case 'ollama':
      // `ollama_chat/` calls /api/chat, as the eval's adapter does (`ollama/` calls /api/generate).
      return {
        model: `ollama_chat/${id.model}`,
        api_base: options.ollamaApiBase ?? 'http://localhost:11434',
        ...limits,
      };
    default:
      return null;
  }
}

/** The routes of a routing config as a LiteLLM proxy config. */
export function toLitellm(config: RoutingConfig, options: LitellmOptions = {}): LitellmOutcome {
  const modelList: LitellmModel[] = [];
  const fallbacks: Array<Record<string, string[]>> = [];
  const groups: Record<string, string[]> = {};
  const comments: Record<string, string> = {};
  const warnings: string[] = [];

  for (const [task, route] of Object.entries(config.routes)) {
    const names: string[] = [];
    for (const [index, target] of [route.primary, ...route.fallbacks].entries()) {
      const params = litellmParams(target, options);
      const role = index === 0 ? 'the primary' : `fallback ${index}`;
      if (!params) {
        warnings.push(
          `${task}: ${target.model} (${role}) left out: LiteLLM has no equivalent` +
            (target.model.startsWith('local:') ? ' of a local baseline' : ' of this provider'),
        );
        continue;
      }
      const name = names.length === 0 ? task : `${task}-fallback-${names.length}`;
      names.push(name);
      modelList.push({ model_name: name, litellm_params: params });
      const evidence = route.evidence.find((e) => e.model === target.model);
      comments[name] =
        `${target.model}, ${role} of ${task}${evidence ? `: ${describe(evidence)}` : ''}`;
    }
    if (names.length > 1) fallbacks.push({ [task]: names.slice(1) });
    groups[task] = names;
  }

  return {
    config: {
      model_list: modelList,
      router_settings: {
        fallbacks,
        num_retries: options.numRetries ?? 3,
        timeout: options.timeoutSeconds ?? 120,
      },
    },
    groups,
    comments,
    warnings,
  };
}

function describe(evidence: RouteEvidence): string {
  const parts: string[] = [];
  const label = evidence.rankedBy === 'quality' ? 'quality' : 'check pass rate';
  if (evidence.quality) {
    const { mean, low, high } = evidence.quality;
    parts.push(`${label} ${mean.toFixed(2)} (${low.toFixed(2)} to ${high.toFixed(2)})`);
  }
  if (evidence.costPer1kUsd !== null) parts.push(`$${evidence.costPer1kUsd.toFixed(4)} per 1k`);
  if (evidence.latencyP95Ms !== null) parts.push(`p95 ${Math.round(evidence.latencyP95Ms)} ms`);
  return parts.join(', ');
}

/**
 * Puts generated groups into an existing LiteLLM config (parsed YAML): each generated task's
 * groups (the task's name and `<task>-fallback-N`) and its fallbacks entry replace the old ones
 * where they stood; other models, fallbacks and settings are kept. `num_retries` and `timeout`
 * are set only where the file sets none. Comments in the file are not kept.
 */
export function mergeLitellm(
  existing: unknown,
  generated: LitellmOutcome,
  file: string,
): LitellmConfig {
  const fail = (keyPath: string | null, message: string) =>
    new ConfigError({
      file,
      keyPath,
      message: `${message}; fix the file or write to another --out`,
    });
  if (existing === null || existing === undefined) return generated.config;
  if (!isPlainObject(existing)) throw fail(null, 'not a LiteLLM config: expected a mapping');
  const modelList = existing.model_list ?? [];
  if (!Array.isArray(modelList)) throw fail('model_list', 'expected a list');
  const settings = existing.router_settings ?? {};
  if (!isPlainObject(settings)) throw fail('router_settings', 'expected a mapping');
  const oldFallbacks = settings.fallbacks ?? [];
  if (!Array.isArray(oldFallbacks)) throw fail('router_settings.fallbacks', 'expected a list');

  const tasks = Object.keys(generated.groups);
  const owned = (name: unknown) =>
    typeof name === 'string' && tasks.some((task) => name === task || isFallbackGroup(name, task));

  const models = replaceInPlace(
    modelList,
    (entry) => isPlainObject(entry) && owned(entry.model_name),
    generated.config.model_list,
  );
  const fallbacks = replaceInPlace(
    oldFallbacks,
    (entry) => isPlainObject(entry) && Object.keys(entry).some((key) => tasks.includes(key)),
    generated.config.router_settings.fallbacks,
  );

  const { num_retries, timeout } = generated.config.router_settings;
  return {
    ...existing,
    model_list: models as LitellmModel[],
    router_settings: {
      ...settings,
      fallbacks: fallbacks as Array<Record<string, string[]>>,
      ...(settings.num_retries === undefined ? { num_retries } : {}),
      ...(settings.timeout === undefined ? { timeout } : {}),
    },
  };
}

/**
 * The config as YAML, with a header comment, and above each deployment the comment given for
 * its group (the model id it serves and its evidence).
 */
export function litellmYaml(
  config: LitellmConfig,
  options: { header: string[]; comments?: Record<string, string> },
): string {
  const doc = new Document(config);
  doc.commentBefore = options.header.map((line) => ` ${line}`).join('\n');
  const list = doc.get('model_list');
  if (isSeq(list)) {
    for (const item of list.items) {
      const name = isMap(item) ? item.get('model_name') : undefined;
      const comment = typeof name === 'string' ? options.comments?.[name] : undefined;
      if (isMap(item) && comment) item.commentBefore = ` ${comment}`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

/** Removes the entries `remove` matches and puts `replacement` where the first of them stood. */
function replaceInPlace<T>(list: unknown[], remove: (entry: unknown) => boolean, replacement: T[]) {
  const first = list.findIndex(remove);
  const kept = list.filter((entry) => !remove(entry));
  const at = first === -1 ? kept.length : list.slice(0, first).filter((e) => !remove(e)).length;
  return [...kept.slice(0, at), ...replacement, ...kept.slice(at)];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `<task>-fallback-<n>`: the name `toLitellm` gives a task's fallback groups. */
function isFallbackGroup(name: string, task: string): boolean {
  const prefix = `${task}-fallback-`;
  return name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length));
}
