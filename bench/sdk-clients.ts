/**
 * The baselines: each official SDK called as a user of it would, with retries off and nothing
 * else around it. A streamed call reads every event and joins the text, the least a caller does.
 */
import Anthropic from '@anthropic-ai/sdk';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import {
  API_KEY,
  BEDROCK_REGION,
  MAX_OUTPUT_TOKENS,
  MODELS,
  type ProviderName,
  SYSTEM_PROMPT,
  USER_MESSAGE,
} from './request.js';
import type { ServerUrls } from './server-process.js';

/** One call, plain or streamed; resolves to the reply text. */
export type ClientCall = (stream: boolean) => Promise<string>;

export function createSdkCalls(urls: ServerUrls): Record<ProviderName, ClientCall> {
  return {
    openai: openaiCall(urls.openai),
    anthropic: anthropicCall(urls.anthropic),
    bedrock: bedrockCall(urls.bedrock),
    ollama: ollamaCall(urls.ollama),
  };
}

function openaiCall(baseURL: string): ClientCall {
  const client = new OpenAI({ apiKey: API_KEY, baseURL, maxRetries: 0 });
  const params = {
    model: MODELS.openai,
    max_completion_tokens: MAX_OUTPUT_TOKENS,
    messages: [
      { role: 'system' as const, content: SYSTEM_PROMPT },
      { role: 'user' as const, content: USER_MESSAGE },
    ],
  };

  return async (stream) => {
    if (!stream) {
      const completion = await client.chat.completions.create(params);
      return completion.choices[0]?.message.content ?? '';
    }
    const chunks = await client.chat.completions.create({
      ...params,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };
}

function anthropicCall(baseURL: string): ClientCall {
  const client = new Anthropic({ apiKey: API_KEY, baseURL, maxRetries: 0 });
  const params = {
    model: MODELS.anthropic,
    max_tokens: MAX_OUTPUT_TOKENS,
    system: SYSTEM_PROMPT,
    messages: [{ role: 'user' as const, content: USER_MESSAGE }],
  };

  return async (stream) => {
    if (!stream) {
      const message = await client.messages.create(params);
      return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    }
    const events = await client.messages.create({ ...params, stream: true });
    let text = '';
    for await (const event of events) {
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
      }
    }
    return text;
  };
}

function bedrockCall(endpoint: string): ClientCall {
  // The transport our adapter uses (src/providers/bedrock/client.ts): HTTP/1.1 keep-alive with no
  // socket cap, in place of the SDK's default, so the comparison is of the adapter alone.
  const agent = { keepAlive: true, maxSockets: Number.POSITIVE_INFINITY };
  const client = new BedrockRuntimeClient({
    region: BEDROCK_REGION,
    endpoint,
    token: { token: API_KEY },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent }),
  });
  const input: ConverseCommandInput = {
    modelId: MODELS.bedrock,
    system: [{ text: SYSTEM_PROMPT }],
    messages: [{ role: 'user', content: [{ text: USER_MESSAGE }] }],
    inferenceConfig: { maxTokens: MAX_OUTPUT_TOKENS },
  };

  return async (stream) => {
    if (!stream) {
      const response = await client.send(new ConverseCommand(input));
      const content = response.output?.message?.content ?? [];
      return content.map((block) => block.text ?? '').join('');
    }
    const response = await client.send(new ConverseStreamCommand(input));
    let text = '';
    for await (const event of response.stream ?? []) {
      text += event.contentBlockDelta?.delta?.text ?? '';
    }
    return text;
  };
}

function ollamaCall(host: string): ClientCall {
  const client = new Ollama({ host });
  const params = {
    model: MODELS.ollama,
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: USER_MESSAGE },
    ],
    options: { num_predict: MAX_OUTPUT_TOKENS },
  };

  return async (stream) => {
    if (!stream) {
      const response = await client.chat({ ...params, stream: false });
      return response.message.content;
    }
    const chunks = await client.chat({ ...params, stream: true });
    let text = '';
    for await (const chunk of chunks) text += chunk.message.content;
    return text;
  };
}
