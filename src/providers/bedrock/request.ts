/** The Converse request body, shared by the plain and the streamed call. */
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { CompletionRequest } from '../types.js';

/** Bedrock tool names allow `[a-zA-Z0-9_-]{1,64}`. */
function toolName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'respond' : cleaned;
}

export function buildInput(request: CompletionRequest): ConverseCommandInput {
  const input: ConverseCommandInput = {
    modelId: request.model,
    messages: request.messages.map((message) => ({
      role: message.role,
      content: [{ text: message.content }],
    })),
  };
  // Bedrock rejects a blank text block, so an empty system prompt is left out.
  if (request.system) input.system = [{ text: request.system }];

  const inferenceConfig: NonNullable<ConverseCommandInput['inferenceConfig']> = {};
  if (request.maxOutputTokens !== undefined) inferenceConfig.maxTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) inferenceConfig.temperature = request.temperature;
  if (Object.keys(inferenceConfig).length > 0) input.inferenceConfig = inferenceConfig;

  if (request.responseSchema !== undefined) {
    // Structured output through one forced tool. Known shortcoming: model families without
    // specific tool choice (Llama, some Mistral) answer this with a ValidationException.
    const name = toolName(request.responseSchema.name);
    input.toolConfig = {
      tools: [
        { toolSpec: { name, inputSchema: { json: request.responseSchema.schema as never } } },
      ],
      toolChoice: { tool: { name } },
    };
  }
  return input;
}
