/** The `/api/chat` request body, shared by the plain and the streamed call. */
import type { ChatRequest } from 'ollama';
import type { CompletionRequest } from '../types.js';

/** `/api/chat` fields the SDK's request type lacks; the server has read them for a long time. */
type OllamaChatRequest = ChatRequest & { truncate: boolean };

export function buildParams(
  request: CompletionRequest,
  keepAlive: string | undefined,
): ChatRequest {
  const messages: ChatRequest['messages'] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push({ ...message });

  const runOptions: NonNullable<ChatRequest['options']> = {};
  if (request.maxOutputTokens !== undefined) runOptions.num_predict = request.maxOutputTokens;
  if (request.temperature !== undefined) runOptions.temperature = request.temperature;

  const params: OllamaChatRequest = {
    model: request.model,
    messages,
    options: runOptions,
    // Thinking off. Ollama turns it on by default for every thinking-capable model (qwen3,
    // deepseek-r1, gpt-oss) when `think` is absent, and servers older than that default left
    // `<think>` blocks inside the content: either way the call spends output tokens and
    // latency on reasoning a summary does not need. `false` is safe on models that cannot
    // think (only `true` is refused there, with a 400). gpt-oss cannot switch its reasoning
    // off entirely; what it still sends arrives in `message.thinking` and is put aside.
    think: false,
    // Ollama otherwise cuts a prompt longer than `num_ctx` from the front, silently: the
    // system prompt and the start of the article would be lost with a 200. This makes it a
    // 400 instead, reported as context_length.
    truncate: false,
  };
  if (keepAlive !== undefined) params.keep_alive = keepAlive;
  if (request.responseSchema !== undefined) params.format = request.responseSchema.schema;
  return params;
}
