/** batch-evals as a library: run evals, read their files, and route calls by their evidence. */

export { runCalibration } from './calibrate.js';
export { ConfigError } from './config/errors.js';
export { type EvalSpec, loadSpec, resolveEvalPath } from './config/load-spec.js';
export { rubricSchema } from './config/rubric.js';
export { specSchema } from './config/spec.js';
export { loadDataset } from './dataset/load.js';
export { type EvaluateOptions, type EvaluateResult, evaluate } from './evaluate.js';
export { runChecks } from './judge/checks.js';
export { judgeOutput } from './judge/judge.js';
export { referenceMetrics, rouge, rougeMulti } from './judge/rouge.js';
export { costUsd, PRICE_TABLE, priceSource } from './pricing/prices.js';
export { createAnthropicProvider } from './providers/anthropic.js';
export { createBedrockProvider } from './providers/bedrock.js';
export { type ErrorKind, ProviderError } from './providers/errors.js';
export { LocalProvider } from './providers/local.js';
export { createOllamaProvider } from './providers/ollama.js';
export { createOpenAIProvider } from './providers/openai.js';
export { createProviderSet } from './providers/registry.js';
export type * from './providers/types.js';
export { readResults, readSummary } from './results/files.js';
export type { ModelSummary, RunSummary } from './results/summary-types.js';
export type { CheckResult, JudgeResult, JudgeVerdict, ResultRow } from './results/types.js';
export { buildRouting } from './routing/build.js';
export { chooseRoute } from './routing/choose.js';
export {
  type LitellmConfig,
  type LitellmOptions,
  litellmYaml,
  mergeLitellm,
  toLitellm,
} from './routing/litellm.js';
export { mergeRouting } from './routing/merge.js';
export { loadRoutingConfig, parseRoutingConfig } from './routing/parse.js';
export {
  createRouter,
  FALLBACK_KINDS,
  type Router,
  type RouterAttempt,
  type RouterCallOptions,
  RouterError,
  type RouterErrorCode,
  type RouterOptions,
  type RouterResult,
} from './routing/router.js';
export {
  type Route,
  type RouteTarget,
  type RoutingConfig,
  routingConfigSchema,
} from './routing/schema.js';
