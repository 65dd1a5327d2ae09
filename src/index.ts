/** batch-evals as a library: run evals, read their files, and route calls by their evidence. */
export { loadSpec, resolveEvalPath, type EvalSpec } from './config/load-spec.js';
export { ConfigError } from './config/errors.js';
export { specSchema } from './config/spec.js';
export { rubricSchema } from './config/rubric.js';
export { evaluate, type EvaluateOptions, type EvaluateResult } from './evaluate.js';
export { loadDataset } from './dataset/load.js';
export { createProviderSet } from './providers/registry.js';
export { createOpenAIProvider } from './providers/openai.js';
export { LocalProvider } from './providers/local.js';
export { ProviderError, type ErrorKind } from './providers/errors.js';
export type * from './providers/types.js';
export { PRICE_TABLE, costUsd, priceSource } from './pricing/prices.js';
export type { ResultRow, JudgeResult, JudgeVerdict, CheckResult } from './results/types.js';
export type { RunSummary, ModelSummary } from './results/summary-types.js';
export { readResults, readSummary } from './results/files.js';
export { chooseRoute } from './routing/choose.js';
export { buildRouting } from './routing/build.js';
export {
  routingConfigSchema,
  type RoutingConfig,
  type Route,
  type RouteTarget,
} from './routing/schema.js';
export {
  createRouter,
  FALLBACK_KINDS,
  RouterError,
  type Router,
  type RouterAttempt,
  type RouterCallOptions,
  type RouterErrorCode,
  type RouterOptions,
  type RouterResult,
} from './routing/router.js';
export { loadRoutingConfig, parseRoutingConfig } from './routing/parse.js';
export { mergeRouting } from './routing/merge.js';
export {
  litellmYaml,
  mergeLitellm,
  toLitellm,
  type LitellmConfig,
  type LitellmOptions,
} from './routing/litellm.js';
export { referenceMetrics, rouge, rougeMulti } from './judge/rouge.js';
export { runChecks } from './judge/checks.js';
export { judgeOutput } from './judge/judge.js';
export { runCalibration } from './calibrate.js';
export { createAnthropicProvider } from './providers/anthropic.js';
export { createBedrockProvider } from './providers/bedrock.js';
export { createOllamaProvider } from './providers/ollama.js';
