/**
 * The runtime router: what the production agent calls instead of a provider. It reads the
 * routing config an eval wrote and sends each call through the same adapters, retry policy and
 * per-attempt deadline the eval measured the models with, moving down the route's fallbacks
 * when a model cannot answer.
 */
import { ConfigError, didYouMean } from '../config/errors.js';
import type { EndpointConfig, PriceOverride } from '../config/spec.js';
import { costUsd, type PriceSource, priceSource } from '../pricing/prices.js';
import { checkTemplateSyntax, compileTemplate, TemplateVariableError } from '../prompt/render.js';
import type { Environment } from '../providers/credentials.js';
import type { ErrorKind } from '../providers/errors.js';
import { type ModelId, parseModelId } from '../providers/model-id.js';
import { createProviderSet, type ProviderSet } from '../providers/registry.js';
import type { CompletionRequest, CredentialStatus, Provider, Usage } from '../providers/types.js';
import { type Clock, systemClock } from '../runner/clock.js';
import { Dispatcher } from '../runner/dispatch.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../runner/retry.js';
import { parseRoutingConfig } from './parse.js';
import { describeAttempts, type RouterAttempt, RouterError } from './router-error.js';
import type { Route, RoutingConfig } from './schema.js';

export { type RouterAttempt, RouterError, type RouterErrorCode } from './router-error.js';

/**
 * The failures after which the router tries the route's next model. They say something about
 * the model or its provider, not about the request, so another model may well answer:
 * - the retryable kinds (rate limits, overload, timeouts, 5xx, network, truncated streams),
 *   once the retry policy has given up on the model;
 * - `auth` and `not_found`: a revoked key or a model not enabled in this account or region is
 *   a fact about one provider; the next model's provider has its own credentials;
 * - `unknown`: the adapter could not classify the failure, and answering beats guessing.
 *
 * The router stops, and throws, on the rest, which are about the request: `invalid_request`
 * and `context_length` (the fallbacks get the same prompt, and were chosen for quality and
 * cost rather than a larger context window, so they would most likely fail the same way while
 * hiding the caller's bug), `content_filter` (routing around a provider's refusal is a decision
 * for the caller, not a default), and `aborted`. A model whose credentials are absent is skipped
 * without a call, as the eval skips it.
 */
export const FALLBACK_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'rate_limit',
  'overloaded',
  'timeout',
  'server',
  'network',
  'truncated',
  'auth',
  'not_found',
  'unknown',
]);

/** The eval spec's default deadline per attempt (`generation.timeoutMs`). */
const DEFAULT_TIMEOUT_MS = 120_000;

export interface RouterOptions {
  /**
   * Where credentials and endpoints come from: each SDK's own variables (`OPENAI_API_KEY`,
   * `ANTHROPIC_BASE_URL`, `AWS_REGION`, `OLLAMA_HOST`, ...). Defaults to `process.env`, the one
   * place the library reads the environment itself. Ignored when `providers` is given.
   */
  env?: Environment;
  /** The adapters to call, instead of building them from `env`: a test seam. */
  providers?: ProviderSet | ReadonlyMap<string, Provider>;
  /** Named OpenAI-compatible endpoints the routes use: the eval spec's `endpoints`. */
  endpoints?: Record<string, EndpointConfig>;
  /** Prices the eval spec set by hand (`models[].price`), by model id: Ollama at zero, say. */
  prices?: Record<string, PriceOverride>;
  clock?: Clock;
  /** Retries within one model before the next is tried; defaults to the eval's policy. */
  retryPolicy?: RetryPolicy;
  /** The deadline of one attempt, in ms (default 120000, the eval spec's default). */
  timeoutMs?: number;
  /** Stream replies, as the eval does by default (default true). */
  stream?: boolean;
  /** The error kinds that move the call to the next model; defaults to {@link FALLBACK_KINDS}. */
  fallbackOn?: Iterable<ErrorKind>;
  /** Names the config in error messages: its file path, say (default `routing config`). */
  source?: string;
  /** The jitter of retry waits; a test seam. */
  random?: () => number;
}

export interface RouterCallOptions {
  signal?: AbortSignal;
}

/** A routed call's answer, and how it was reached. */
export interface RouterResult {
  text: string;
  /** The id of the model that answered, `provider:model`. */
  model: string;
  /** As the answering model's provider reported it; unknown counts are null. */
  usage: Usage;
  /** The answering call's cost, priced as the eval prices it; null when unknown. */
  costUsd: number | null;
  /** Wall time from the call to the answer, failed models and retries included. */
  latencyMs: number;
  /** Every model tried, in order; the last one answered. */
  attempts: RouterAttempt[];
  finishReason: string | null;
  /** Things the answering provider did not honour (an ignored parameter, say). */
  warnings: string[];
}

export interface Router {
  /** The tasks the config routes. */
  readonly tasks: string[];
  /**
   * Renders the task's prompt with `variables` (the article's fields: `title`, `body`, ...) and
   * asks the route's models in order until one answers. Throws a {@link RouterError}.
   */
  complete(
    task: string,
    variables: Record<string, unknown>,
    options?: RouterCallOptions,
  ): Promise<RouterResult>;
}

interface CompiledTarget {
  model: ModelId;
  params: Route['primary']['params'];
  price: PriceSource;
}

interface CompiledRoute {
  system: string | null;
  render: (variables: Record<string, unknown>) => string;
  targets: CompiledTarget[];
}

/**
 * Builds a router from a routing config. The config is validated first: a bad one throws a
 * ConfigError naming the key path (`routes.summarize.fallbacks[0].model: ...`). No network
 * call is made until `complete`.
 *
 * The router does not cap how many calls run at once: the agent calling it decides that. Each
 * call tries its models one after another, never two at once.
 */
export function createRouter(config: RoutingConfig, options: RouterOptions = {}): Router {
  const source = options.source ?? 'routing config';
  const valid = parseRoutingConfig(config, source);
  const adapters = adaptersOf(options);
  const routes = new Map<string, CompiledRoute>();
  for (const [task, route] of Object.entries(valid.routes)) {
    routes.set(task, compileRoute(task, route, adapters.providers, options, source));
  }

  const clock = options.clock ?? systemClock;
  const fallbackOn = new Set(options.fallbackOn ?? FALLBACK_KINDS);

  return {
    tasks: [...routes.keys()],
    async complete(task, variables, callOptions = {}) {
      const route = routes.get(task);
      if (!route) throw unknownTask(task, [...routes.keys()]);
      const user = render(task, route, variables);

      const { signal } = callOptions;
      const started = clock.now();
      // One dispatcher per call, so the caller's signal reaches every attempt and retry wait.
      const dispatcher = new Dispatcher({
        providers: adapters.providers,
        concurrency: { default: 1 },
        retryPolicy: options.retryPolicy ?? DEFAULT_RETRY_POLICY,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        clock,
        ...(options.random ? { random: options.random } : {}),
        ...(signal ? { signal } : {}),
      });

      const attempts: RouterAttempt[] = [];
      for (const target of route.targets) {
        if (signal?.aborted) throw aborted(task, attempts, signal.reason);
        const status = adapters.status(target.model.provider);
        if (!status.available) {
          attempts.push({
            model: target.model.id,
            ok: false,
            errorKind: 'auth',
            message: status.reason,
            skipped: true,
            calls: 0,
            latencyMs: 0,
          });
          continue;
        }

        const modelStarted = clock.now();
        const outcome = await dispatcher.call(
          target.model,
          request(route, target, user, variables, options.stream ?? true),
        );
        const latencyMs = clock.now() - modelStarted;
        if (outcome.ok) {
          attempts.push({ model: target.model.id, ok: true, calls: outcome.attempts, latencyMs });
          const { result } = outcome;
          return {
            text: result.text,
            model: target.model.id,
            usage: result.usage,
            costUsd: costUsd(result.usage, target.price),
            latencyMs: clock.now() - started,
            attempts,
            finishReason: result.finishReason,
            warnings: result.warnings,
          };
        }

        const { error } = outcome;
        attempts.push({
          model: target.model.id,
          ok: false,
          errorKind: error.kind,
          message: error.message,
          calls: outcome.attempts,
          latencyMs,
        });
        if (error.kind === 'aborted' || signal?.aborted) throw aborted(task, attempts, error);
        if (!fallbackOn.has(error.kind)) {
          throw new RouterError({
            code: 'failed',
            task,
            kind: error.kind,
            attempts,
            cause: error,
            message:
              `${target.model.id} failed with ${error.kind}, which the router does not fall ` +
              `back on, since the fallbacks would get the same request: ${error.message}`,
          });
        }
      }

      const last = attempts[attempts.length - 1];
      throw new RouterError({
        code: 'failed',
        task,
        kind: last?.errorKind ?? null,
        attempts,
        message: `no model of the "${task}" route answered: ${describeAttempts(attempts)}`,
      });
    },
  };
}

interface Adapters {
  providers: ReadonlyMap<string, Provider>;
  status(provider: string): CredentialStatus;
}

function adaptersOf(options: RouterOptions): Adapters {
  const given = options.providers;
  if (given instanceof Map) {
    const providers = given as ReadonlyMap<string, Provider>;
    return {
      providers,
      status: (name) =>
        providers.get(name)?.credentials() ?? {
          available: false,
          reason: `no adapter for provider "${name}"`,
        },
    };
  }
  const set =
    (given as ProviderSet | undefined) ??
    createProviderSet({
      env: options.env ?? process.env,
      ...(options.endpoints ? { endpoints: options.endpoints } : {}),
    });
  return { providers: set.providers, status: (name) => set.status(name) };
}

function compileRoute(
  task: string,
  route: Route,
  providers: ReadonlyMap<string, Provider>,
  options: RouterOptions,
  source: string,
): CompiledRoute {
  const at = (keyPath: string, message: string) =>
    new ConfigError({ file: source, keyPath: `routes.${task}.${keyPath}`, message });

  try {
    checkTemplateSyntax(route.prompt.template);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw at('prompt.template', `the template does not parse: ${reason}`);
  }

  const entries = [
    { keyPath: 'primary.model', target: route.primary },
    ...route.fallbacks.map((target, i) => ({ keyPath: `fallbacks[${i}].model`, target })),
  ];
  const targets = entries.map(({ keyPath, target }) => {
    const model = parseModelId(target.model);
    if (!model) {
      throw at(keyPath, `"${target.model}" is not a model id; write provider:model`);
    }
    if (!providers.has(model.provider)) {
      throw at(
        keyPath,
        `no adapter for provider "${model.provider}"; a named endpoint needs the eval ` +
          `spec's endpoints passed to createRouter's endpoints option`,
      );
    }
    const price = priceSource(model, {
      override: options.prices?.[model.id],
      endpointPricing: options.endpoints?.[model.provider]?.pricing,
    });
    return { model, params: target.params, price };
  });

  return { system: route.prompt.system, render: compileTemplate(route.prompt.template), targets };
}

function render(task: string, route: CompiledRoute, variables: Record<string, unknown>): string {
  try {
    return route.render(variables);
  } catch (error) {
    if (!(error instanceof TemplateVariableError)) throw error;
    throw new RouterError({
      code: 'missing_variable',
      task,
      cause: error,
      message:
        `the "${task}" route's prompt template uses {{${error.variable}}}, which the ` +
        `variables given lack; pass it in complete()'s variables`,
    });
  }
}

function request(
  route: CompiledRoute,
  target: CompiledTarget,
  user: string,
  variables: Record<string, unknown>,
  stream: boolean,
): Omit<CompletionRequest, 'model'> {
  const { maxOutputTokens, temperature } = target.params;
  return {
    ...(route.system !== null ? { system: route.system } : {}),
    messages: [{ role: 'user', content: user }],
    maxOutputTokens,
    ...(temperature !== undefined ? { temperature } : {}),
    stream,
    // The local extractive baselines read the article itself, as in the eval.
    ...(typeof variables.body === 'string' ? { document: variables.body } : {}),
  };
}

function unknownTask(task: string, tasks: string[]): RouterError {
  const guess = didYouMean(task, tasks);
  const known = tasks.length > 0 ? tasks.map((t) => `"${t}"`).join(', ') : 'none';
  return new RouterError({
    code: 'unknown_task',
    task,
    message:
      `no route for task "${task}"${guess ? ` (did you mean "${guess}"?)` : ''}; ` +
      `the routing config routes: ${known}`,
  });
}

function aborted(task: string, attempts: RouterAttempt[], cause: unknown): RouterError {
  return new RouterError({
    code: 'aborted',
    task,
    kind: 'aborted',
    attempts,
    cause,
    message: `the "${task}" call was aborted`,
  });
}
