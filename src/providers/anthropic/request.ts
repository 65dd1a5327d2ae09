/** The Messages request body, shared by the plain and the streamed call. */
import type Anthropic from '@anthropic-ai/sdk';
import type { CompletionRequest } from '../types.js';

type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

/** The API requires `max_tokens`; this is sent when the request sets no limit. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** The request body. `temperature` is left out: this API version removed it. */
export function buildParams(request: CompletionRequest): MessageParams {
  const params: MessageParams = {
    model: request.model,
    max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
  };
  if (request.system !== undefined) params.system = request.system;

  // Structured output through a forced tool call: its input is the JSON reply.
  const schema = request.responseSchema;
  if (schema !== undefined) {
    // Known shortcoming: a tool input is always an object, so the API rejects a schema whose
    // top level is not `type: object`; the judge's verdict schemas all are.
    params.tools = [
      { name: schema.name, input_schema: schema.schema as Anthropic.Tool.InputSchema },
    ];
    params.tool_choice = { type: 'tool', name: schema.name };
  }
  return params;
}
