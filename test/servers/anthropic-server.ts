/**
 * A loopback server that speaks enough of the Anthropic Messages API for the official SDK:
 * `POST /v1/messages`, plain and SSE streaming with the real event sequence (`message_start`,
 * `content_block_start`, `ping`, `content_block_delta`, `content_block_stop`, `message_delta`,
 * `message_stop`), text replies and forced tool use. Replies and usage are deterministic, so
 * tests can assert exact numbers, and faults are injected from a FIFO queue, one per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { countWords, parseJson, readBody, sleep, splitWords, textOf, words } from './http-util.js';
import { sampleFromSchema } from './json-schema-sample.js';

export { countWords };

/** One request as the server received it (recorded before any fault applies). */
export interface RecordedRequest {
  method: string;
  /** The path with its query, e.g. `/v1/messages`. */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary request fields
  body: any;
}

/** What a message replies with; anything left out gets the deterministic default. */
export interface Reply {
  /** The text of a single text block. */
  text?: string;
  /** A `tool_use` block with this input, in place of the text. */
  toolUse?: { name: string; input: unknown };
  /**
   * The usage object sent verbatim (streaming: in `message_start`, and again in `message_delta`
   * as the server's `messageDeltaUsage` option says); `null` sends none at all. Left out:
   * counted from the words of the request and the reply.
   */
  usage?: Record<string, unknown> | null;
  /** Defaults to `end_turn` (`tool_use` for a tool reply), or `max_tokens` when cut. */
  stopReason?: string;
  stopDetails?: Record<string, unknown> | null;
  /** The model named in the reply; defaults to the requested one. */
  model?: string;
}

/** The error object of Anthropic's error body `{type: 'error', error: {type, message}}`. */
export interface ErrorObject {
  type: string;
  message: string;
}

export type Fault =
  /**
   * Answer with this status. The body defaults to Anthropic's error body, with the error type
   * the status implies and `message` (or a generic one).
   */
  | {
      type: 'status';
      status: number;
      message?: string;
      body?: unknown;
      headers?: Record<string, string>;
    }
  /** Streaming: send headers and the first events, then nothing until the socket is destroyed.
   *  Plain: never answer. */
  | { type: 'stall' }
  /** Streaming: send a few deltas, then end the response without `message_delta` or
   *  `message_stop`. Plain: send half the JSON body and end. */
  | { type: 'truncate' }
  /** Streaming: send a delta, then an `event: error` (default `overloaded_error`), then end. */
  | { type: 'stream_error'; error?: ErrorObject }
  /** Destroy the connection without any response. */
  | { type: 'disconnect' }
  /** Streaming: send a few deltas, then destroy the socket mid-body. Plain: as `disconnect`. */
  | { type: 'reset' }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number };

export interface AnthropicServerOptions {
  /**
   * Overrides the default reply field by field. A reply with its own `text` or `toolUse` is sent
   * as it is, without the `max_tokens` cut.
   */
  respond?: (request: RecordedRequest) => Reply | Promise<Reply>;
  /** `cache_read_input_tokens` in the default usage (default 0). */
  cacheReadTokens?: number;
  /** `cache_creation_input_tokens` in the default usage (default 0). */
  cacheCreationTokens?: number;
  /**
   * The usage `message_delta` carries: `full` (the default, as the API does now) repeats the
   * cumulative input and cache counts beside `output_tokens`; `output` sends `output_tokens`
   * only, so the input counts come from `message_start` alone.
   */
  messageDeltaUsage?: 'full' | 'output';
  /**
   * When set, a request without `Authorization: Bearer <apiKey>` or `x-api-key: <apiKey>` gets
   * Anthropic's 401.
   */
  apiKey?: string;
  /** Words of text per streamed delta (default 3). */
  wordsPerDelta?: number;
  /** The initial fault queue. */
  faults?: Fault[];
}

export interface AnthropicServer {
  /** The base URL, without `/v1`, to give the SDK as `baseURL`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces the fault queue; each request consumes the first fault left, if any. */
  setFaults(faults: Fault[]): void;
  /** Stops listening and destroys every open socket, stalled streams included. */
  close(): Promise<void>;
}

interface MessagesBody {
  model?: string;
  system?: unknown;
  messages?: Array<{ role?: string; content?: unknown }>;
  max_tokens?: number;
  stream?: boolean;
  tools?: Array<{ name?: string; input_schema?: Record<string, unknown> }>;
  tool_choice?: { type?: string; name?: string };
}

/** A finished message, before it is sent whole or as events. */
interface Message {
  id: string;
  model: string;
  block: { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: unknown };
  stopReason: string;
  stopDetails: Record<string, unknown> | null;
  usage: Record<string, unknown> | null;
}

const SUMMARY_WORDS = 40;
/** Parameters this API version removed; the real API rejects unknown fields. */
const REMOVED_PARAMS = ['temperature', 'top_p', 'top_k'];

export async function startAnthropicServer(
  options: AnthropicServerOptions = {},
): Promise<AnthropicServer> {
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [...(options.faults ?? [])];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody('api_error', String(error)));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: { ...req.headers },
      body: parseJson(raw),
    };
    requests.push(request);
    const fault = faults.shift();
    const id = ++counter;
    const requestId = `req_loopback_${id}`;
    const headers = { 'request-id': requestId };

    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'disconnect' || (fault?.type === 'reset' && !request.body?.stream)) {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      const message = fault.message ?? `injected status ${fault.status}`;
      const body = fault.body ?? errorBody(errorTypeFor(fault.status), message, requestId);
      sendJson(res, fault.status, body, { ...headers, ...fault.headers });
      return;
    }
    if (options.apiKey !== undefined && !authorized(req, options.apiKey)) {
      sendJson(
        res,
        401,
        errorBody('authentication_error', 'invalid x-api-key', requestId),
        headers,
      );
      return;
    }

    const path = request.path.split('?')[0];
    const modelPath = /^\/v1\/models\/(.+)$/.exec(path ?? '');
    if (request.method === 'GET' && modelPath?.[1]) {
      const id = decodeURIComponent(modelPath[1]);
      sendJson(
        res,
        200,
        { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z' },
        headers,
      );
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/messages') {
      sendJson(res, 404, errorBody('not_found_error', 'Not found', requestId), headers);
      return;
    }
    const invalid = validate(request);
    if (invalid !== null) {
      sendJson(res, 400, errorBody('invalid_request_error', invalid, requestId), headers);
      return;
    }

    const body = request.body as MessagesBody;
    const message = await buildMessage(body, request, `msg_loopback_${id}`);
    if (body.stream) streamMessage(res, message, fault, headers);
    else sendMessage(res, message, fault, headers);
  }

  async function buildMessage(
    body: MessagesBody,
    request: RecordedRequest,
    id: string,
  ): Promise<Message> {
    const custom = options.respond ? await options.respond(request) : undefined;
    const model = custom?.model ?? body.model ?? 'claude-test';

    let block: Message['block'];
    let cut = false;
    const toolUse =
      custom?.toolUse ?? (custom?.text === undefined ? forcedToolUse(body) : undefined);
    if (toolUse !== undefined) {
      block = { type: 'tool_use', ...toolUse };
    } else if (custom?.text !== undefined) {
      block = { type: 'text', text: custom.text };
    } else {
      const words = defaultText(body).split(' ');
      const limit = body.max_tokens ?? Number.POSITIVE_INFINITY;
      cut = words.length > limit;
      block = { type: 'text', text: words.slice(0, limit).join(' ') };
    }

    const defaultStop = block.type === 'tool_use' ? 'tool_use' : 'end_turn';
    const usage =
      custom?.usage !== undefined ? custom.usage : defaultUsage(body, outputWords(block), options);
    return {
      id,
      model,
      block,
      stopReason: custom?.stopReason ?? (cut ? 'max_tokens' : defaultStop),
      stopDetails: custom?.stopDetails ?? null,
      usage,
    };
  }

  function streamMessage(
    res: ServerResponse,
    message: Message,
    fault: Fault | undefined,
    headers: Record<string, string>,
  ): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...headers,
    });
    const send = (event: string, data: Record<string, unknown>) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);

    const start = messageObject(message, [], null);
    // The API's message_start carries a provisional output count; message_delta the final one.
    if (message.usage !== null && 'output_tokens' in message.usage) {
      start.usage = { ...message.usage, output_tokens: 1 };
    }
    send('message_start', { message: start });

    const { block } = message;
    const deltas =
      block.type === 'text'
        ? splitWords(block.text, options.wordsPerDelta ?? 3).map((text) => ({
            type: 'text_delta',
            text,
          }))
        : ['', ...splitJson(JSON.stringify(block.input))].map((partial_json) => ({
            type: 'input_json_delta',
            partial_json,
          }));
    const startBlock =
      block.type === 'text'
        ? { type: 'text', text: '' }
        : { ...toolUseBlock(message.id, block), input: {} };
    send('content_block_start', { index: 0, content_block: startBlock });
    send('ping', {});
    const sendDelta = (delta: Record<string, unknown>) =>
      send('content_block_delta', { index: 0, delta });

    if (fault?.type === 'stall') {
      for (const delta of deltas.slice(0, 2)) sendDelta(delta);
      return;
    }
    if (fault?.type === 'truncate' || fault?.type === 'reset') {
      for (const delta of deltas.slice(0, Math.max(1, Math.floor(deltas.length / 2)))) {
        sendDelta(delta);
      }
      // Destroy only once the events have left, so the client sees a body that breaks off.
      if (fault.type === 'reset') res.write('\n', () => res.socket?.destroy());
      else res.end();
      return;
    }
    if (fault?.type === 'stream_error') {
      for (const delta of deltas.slice(0, 2)) sendDelta(delta);
      const error = fault.error ?? { type: 'overloaded_error', message: 'Overloaded' };
      send('error', { error, request_id: headers['request-id'] });
      res.end();
      return;
    }

    for (const delta of deltas) sendDelta(delta);
    send('content_block_stop', { index: 0 });
    send('message_delta', {
      delta: {
        stop_reason: message.stopReason,
        stop_sequence: null,
        stop_details: message.stopDetails,
      },
      ...(message.usage !== null && { usage: deltaUsage(message.usage, options) }),
    });
    send('message_stop', {});
    res.end();
  }

  function sendMessage(
    res: ServerResponse,
    message: Message,
    fault: Fault | undefined,
    headers: Record<string, string>,
  ): void {
    if (fault?.type === 'stall') return;
    const content =
      message.block.type === 'text'
        ? [{ type: 'text', text: message.block.text, citations: null }]
        : [toolUseBlock(message.id, message.block)];
    const body = messageObject(message, content, message.stopReason);

    if (fault?.type === 'truncate') {
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json', ...headers });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    sendJson(res, 200, body, headers);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFaults(queue) {
      faults = [...queue];
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}

function authorized(req: IncomingMessage, apiKey: string): boolean {
  return req.headers.authorization === `Bearer ${apiKey}` || req.headers['x-api-key'] === apiKey;
}

/** The checks the real API makes that an adapter could get wrong; null when the body passes. */
function validate(request: RecordedRequest): string | null {
  if (request.headers['anthropic-version'] === undefined) {
    return 'anthropic-version: header is required';
  }
  const body = request.body as Record<string, unknown> | null;
  if (body === null || typeof body !== 'object') return 'request body is not valid JSON';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages)) return 'messages: Field required';
  const removed = REMOVED_PARAMS.find((name) => name in body);
  if (removed !== undefined) return `${removed}: Extra inputs are not permitted`;
  return null;
}

/** The tool the request forces, with an input generated from its schema. */
function forcedToolUse(body: MessagesBody): { name: string; input: unknown } | undefined {
  const choice = body.tool_choice;
  const tools = body.tools ?? [];
  let tool: (typeof tools)[number] | undefined;
  if (choice?.type === 'tool') tool = tools.find((t) => t.name === choice.name);
  else if (choice?.type === 'any') tool = tools[0];
  if (tool?.name === undefined) return undefined;
  const schema = tool.input_schema ?? { type: 'object' };
  return { name: tool.name, input: sampleFromSchema(schema, schema) };
}

function messageObject(message: Message, content: unknown[], stopReason: string | null) {
  const body: Record<string, unknown> = {
    id: message.id,
    type: 'message',
    role: 'assistant',
    model: message.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: stopReason === null ? null : message.stopDetails,
    container: null,
  };
  if (message.usage !== null) body.usage = message.usage;
  return body;
}

function toolUseBlock(messageId: string, block: { name: string; input: unknown }) {
  return {
    type: 'tool_use',
    id: `toolu_${messageId}`,
    name: block.name,
    input: block.input,
    caller: { type: 'direct' },
  };
}

/** The reply a request gets by default: the first words of the longest paragraph. */
function defaultText(body: MessagesBody): string {
  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const prompt = textOf(lastUser?.content);
  // The article is taken to be the longest paragraph of the prompt: templates put short
  // instructions around it.
  const paragraphs = prompt.split(/\n\s*\n/);
  const article = paragraphs.reduce((a, b) => (words(b).length > words(a).length ? b : a), '');
  const summary = words(article).slice(0, SUMMARY_WORDS).join(' ');
  return summary === '' ? 'Nothing to summarize.' : summary;
}

function outputWords(block: Message['block']): number {
  return words(block.type === 'text' ? block.text : JSON.stringify(block.input)).length;
}

/**
 * Usage derived from the words of the exchange, so a test can compute it independently:
 * `input_tokens` counts every whitespace-separated word of the system prompt and every message
 * (the uncached part, as the API reports it), the configured cache reads and writes come on top
 * of it, and `output_tokens` counts the words of the reply (of its JSON, for a tool reply).
 */
function defaultUsage(body: MessagesBody, outputTokens: number, options: AnthropicServerOptions) {
  const inputTokens = (body.messages ?? []).reduce(
    (n, m) => n + words(textOf(m.content)).length,
    words(textOf(body.system)).length,
  );
  const cacheCreation = options.cacheCreationTokens ?? 0;
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: options.cacheReadTokens ?? 0,
    cache_creation: { ephemeral_5m_input_tokens: cacheCreation, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
}

/** `message_delta` usage: cumulative counts, as the API sends them. */
function deltaUsage(usage: Record<string, unknown>, options: AnthropicServerOptions) {
  if (options.messageDeltaUsage === 'output') return { output_tokens: usage.output_tokens };
  const keys = [
    'input_tokens',
    'cache_creation_input_tokens',
    'cache_read_input_tokens',
    'output_tokens',
    'output_tokens_details',
    'server_tool_use',
  ];
  return Object.fromEntries(keys.filter((key) => key in usage).map((key) => [key, usage[key]]));
}

function errorBody(type: string, message: string, requestId: string | null = null) {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

function errorTypeFor(status: number): string {
  switch (status) {
    case 400:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 504:
      return 'timeout_error';
    case 529:
      return 'overloaded_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Splits JSON text into a few uneven pieces, as the API streams tool input. */
function splitJson(json: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += 7) pieces.push(json.slice(i, i + 7));
  return pieces;
}
