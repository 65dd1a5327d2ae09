export const BUILTIN_PROVIDERS = ['openai', 'anthropic', 'bedrock', 'ollama', 'local'] as const;

export interface ModelId {
  /** The whole id, `provider:model`. */
  id: string;
  provider: string;
  /** The provider-native name: everything after the first colon. */
  model: string;
}

/**
 * Splits a model id at its first colon, so `ollama:qwen3:8b` is provider `ollama`, model
 * `qwen3:8b`. Returns null when there is no colon or either side is empty.
 */
export function parseModelId(id: string): ModelId | null {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon === id.length - 1) return null;
  return { id, provider: id.slice(0, colon), model: id.slice(colon + 1) };
}
