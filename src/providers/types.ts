/**
 * The provider interface. The runner, the judge and the router know only these types; each
 * adapter wraps one SDK behind them, and no SDK type crosses this line.
 */

/** One chat turn. The system prompt travels separately in {@link CompletionRequest.system}. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** A JSON Schema the reply must follow, sent through the provider's native structured output. */
export interface ResponseSchema {
  name: string;
  schema: Record<string, unknown>;
}

export interface CompletionRequest {
  /** The provider-native model name: the part of the model id after the first colon. */
  model: string;
  system?: string;
  messages: ChatMessage[];
  maxOutputTokens?: number;
  temperature?: number;
  /** Ask for a JSON reply that follows this schema (used by the judge). */
  responseSchema?: ResponseSchema;
  /** Stream the reply; streaming is what makes time to first token measurable. */
  stream?: boolean;
  /**
   * The source text the prompt is about (the article). Model adapters ignore it; the local
   * extractive baselines read it directly, since they have no model to follow a prompt.
   */
  document?: string;
}

export interface CallOptions {
  /** Aborts the call. Adapters must turn an abort into a `ProviderError`, never a short reply. */
  signal?: AbortSignal;
  /** Called once, when the first piece of generated text arrives (streaming only). */
  onFirstToken?: () => void;
}

/**
 * Token usage as the provider reported it. Every count is `null` when the provider did not
 * report it: unknown is never 0.
 */
export interface Usage {
  /** Every prompt token, including cache reads and cache writes. */
  inputTokens: number | null;
  /** Every generated token, including reasoning tokens. */
  outputTokens: number | null;
  /** Prompt tokens read from the provider's prompt cache (a part of `inputTokens`). */
  cachedInputTokens: number | null;
  /** Prompt tokens written to the provider's prompt cache (a part of `inputTokens`). */
  cacheWriteTokens: number | null;
  /** Reasoning tokens (a part of `outputTokens`). */
  reasoningTokens: number | null;
  /** The usage object exactly as the provider sent it. */
  raw: unknown;
}

export interface CompletionResult {
  text: string;
  usage: Usage;
  /** The provider's stop reason, as it named it (`stop`, `end_turn`, `length`, ...). */
  finishReason: string | null;
  /** The model that answered, as the provider named it, when it says. */
  responseModel: string | null;
  /** Things the provider did not honour (an ignored parameter, say), shown on the row. */
  warnings: string[];
  /** Tokens per second as measured by the server itself (Ollama reports it), else null. */
  serverTokensPerSecond?: number | null;
}

/** Whether the credentials a provider needs are present, and where they came from. */
export type CredentialStatus =
  | { available: true; source: string }
  | { available: false; reason: string };

/** What a request that spends no tokens said about a model. */
export interface ProbeResult {
  /** The endpoint answered, accepted the credentials and knows the model. */
  ok: boolean;
  /** One line for a person: `answers; model found`, `401 invalid x-api-key`, ... */
  detail: string;
}

/** One provider adapter. */
export interface Provider {
  /** The provider name as it appears in model ids (`openai`, `local`, a named endpoint, ...). */
  readonly name: string;
  /** Decided from the environment given at construction, without any network call. */
  credentials(): CredentialStatus;
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResult>;
  /**
   * Whether each model can be called right now (the server answers, the model is present),
   * asked once before a run and costing no tokens. Optional: providers on local hardware have
   * it, since there no credential tells whether a call can work.
   */
  /** Asks the endpoint about a model with a request that spends no tokens (`evals models`). */
  probe?(model: string, options?: { signal?: AbortSignal }): Promise<ProbeResult>;
  preflight?(
    models: string[],
    options?: { signal?: AbortSignal },
  ): Promise<Map<string, CredentialStatus>>;
}

export function emptyUsage(raw: unknown = null): Usage {
  return {
    inputTokens: null,
    outputTokens: null,
    cachedInputTokens: null,
    cacheWriteTokens: null,
    reasoningTokens: null,
    raw,
  };
}

/** A count as the provider sent it, or null when it sent none or not a finite number. */
export function countOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The warning every adapter puts on a reply that stopped at the output token limit. */
export const MAX_TOKENS_WARNING = 'output hit the max token limit';
