/** The chat completions request body, shared by the plain and the streamed call. */
import type OpenAI from 'openai';
import type { CompletionRequest } from '../types.js';
import type { CallContext } from './errors.js';

type ChatParams = OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;

export function buildParams(request: CompletionRequest, context: CallContext): ChatParams {
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(message);

  const params: ChatParams = { model: request.model, messages };
  if (request.maxOutputTokens !== undefined)
    params[context.maxTokensParam] = request.maxOutputTokens;
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.responseSchema !== undefined) {
    params.response_format = {
      type: 'json_schema',
      json_schema: {
        name: request.responseSchema.name,
        schema: request.responseSchema.schema,
        strict: true,
      },
    };
  }
  return params;
}
