import type { ModelId } from '../providers/model-id.js';

/** Model families by the names their makers give them, on any provider that serves them. */
const FAMILIES: Array<[RegExp, string]> = [
  [/claude/i, 'anthropic'],
  [/gpt|(^|[./])o[134](-|$)|chatgpt/i, 'openai'],
  [/nova|titan/i, 'amazon'],
  [/llama/i, 'meta'],
  [/qwen/i, 'qwen'],
  [/mistral|mixtral|ministral|magistral|pixtral|devstral|voxtral/i, 'mistral'],
  [/gemini|gemma/i, 'google'],
  [/deepseek/i, 'deepseek'],
  [/nemotron/i, 'nvidia'],
  [/command|cohere/i, 'cohere'],
  [/kimi|moonshot/i, 'moonshot'],
];

/**
 * The family a model belongs to (its maker), whichever provider serves it: Claude on Bedrock is
 * `anthropic`, gpt-oss on Ollama is `openai`. A judge of the candidate's own family tends to
 * prefer it (self-preference bias), so a panel skips such pairs unless the spec allows them.
 * Unknown names fall back to the provider; the local baselines are their own family.
 */
export function modelFamily(model: ModelId): string {
  if (model.provider === 'local') return 'local';
  for (const [pattern, family] of FAMILIES) if (pattern.test(model.model)) return family;
  return model.provider;
}
