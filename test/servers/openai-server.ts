/**
 * A loopback server that speaks enough of the OpenAI chat completions protocol for the official
 * SDK: `POST /v1/chat/completions` (plain and SSE streaming, with the usage chunk) and
 * `GET /v1/models`. Replies and usage are deterministic, so tests can assert exact numbers, and
 * faults are injected from a FIFO queue, one per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { countWords, parseJson, readBody, sleep, splitWords, textOf, words } from './http-util.js';
import { sampleFromSchema } from './json-schema-sample.js';

export { countWords, sampleFromSchema };

/** One request as the server received it (recorded before any fault applies). */
export interface RecordedRequest {
  method: string;
  /** The path with its query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary request fields
  body: any;
}

/** What a chat completion replies with; anything left out gets the deterministic default. */
export interface Reply {
  content: string;
  /**
   * The usage object sent verbatim; `null` sends none at all (not even the streaming usage
   * chunk). Left out: counted from the words of the request and the reply.
   */
  usage?: Record<string, unknown> | null;
  /** Defaults to `stop`, or `length` when the reply was cut at `max_completion_tokens`. */
  finishReason?: string;
  /** The model named in the reply; defaults to the requested one. */
  model?: string;
}

export type Fault =
  /** Answer with this status. The body defaults to `{error: {message, type, code}}`. */
  | { type: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Streaming: send headers and the first chunks, then nothing until the socket is destroyed.
   *  Plain: never answer. */
  | { type: 'stall' }
  /** Streaming: send a few chunks, then end the response without finish_reason, usage or
   *  `[DONE]`. Plain: send half the JSON body and end. */
  | { type: 'truncate' }
  /** Streaming: send a chunk, then an in-stream `data: {"error": ...}` event, then end. */
  | { type: 'stream_error'; error?: { message: string; type?: string; code?: string | null } }
  /** Destroy the connection without any response. */
  | { type: 'disconnect' }
  /** Streaming: send a few chunks, then destroy the socket mid-body. Plain: as `disconnect`. */
  | { type: 'reset' }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number };

export interface OpenAIServerOptions {
  /** Replaces the default reply (then no `max_completion_tokens` cut is applied). */
  respond?: (request: RecordedRequest) => Reply | Promise<Reply>;
  /** `prompt_tokens_details.cached_tokens` in the default usage (default 0). */
  cachedTokens?: number;
  /** `completion_tokens_details.reasoning_tokens` in the default usage, added to
   *  `completion_tokens` (default 0). */
  reasoningTokens?: number;
  /** When set, a request without `Authorization: Bearer <apiKey>` gets OpenAI's 401. */
  apiKey?: string;
  /** The ids `GET /v1/models` lists (default `['gpt-test']`). */
  models?: string[];
  /** Words of content per streamed chunk (default 3). */
  wordsPerChunk?: number;
  /** The initial fault queue. */
  faults?: Fault[];
}

export interface OpenAIServer {
  /** The base URL, ending in `/v1`, to give the SDK as `baseURL`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces the fault queue; each request consumes the first fault left, if any. */
  setFaults(faults: Fault[]): void;
  /** Stops listening and destroys every open socket, stalled streams included. */
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: Array<{ role?: string; content?: unknown }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  max_completion_tokens?: number;
  max_tokens?: number;
  response_format?: { type?: string; json_schema?: { schema?: Record<string, unknown> } };
}

const SUMMARY_WORDS = 40;

export async function startOpenAIServer(options: OpenAIServerOptions = {}): Promise<OpenAIServer> {
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [...(options.faults ?? [])];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(String(error), 'server_error'));
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

    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'disconnect' || (fault?.type === 'reset' && !request.body?.stream)) {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      const body =
        fault.body ?? errorBody(`injected status ${fault.status}`, typeFor(fault.status));
      sendJson(res, fault.status, body, fault.headers);
      return;
    }
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      const message = 'Incorrect API key provided';
      sendJson(res, 401, errorBody(message, 'invalid_request_error', 'invalid_api_key'));
      return;
    }

    const path = request.path.split('?')[0];
    if (request.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, modelList(options.models ?? ['gpt-test']));
      return;
    }
    const modelPath = /^\/v1\/models\/(.+)$/.exec(path ?? '');
    if (request.method === 'GET' && modelPath?.[1]) {
      const id = decodeURIComponent(modelPath[1]);
      if ((options.models ?? ['gpt-test']).includes(id)) {
        sendJson(res, 200, { id, object: 'model', created: 0, owned_by: 'loopback' });
      } else {
        const message = `The model '${id}' does not exist or you do not have access to it.`;
        sendJson(res, 404, errorBody(message, 'invalid_request_error', 'model_not_found'));
      }
      return;
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(
        res,
        404,
        errorBody(`Unknown request URL: ${request.method} ${path}`, 'invalid_request_error'),
      );
      return;
    }

    const body = (request.body ?? {}) as ChatBody;
    const completion = await buildCompletion(body, request, `chatcmpl-${++counter}`);
    if (body.stream) streamCompletion(res, body, completion, fault);
    else sendCompletion(res, completion, fault);
  }

  async function buildCompletion(
    body: ChatBody,
    request: RecordedRequest,
    id: string,
  ): Promise<Completion> {
    const custom = options.respond ? await options.respond(request) : undefined;
    const content = custom?.content ?? defaultContent(body);
    const limit = body.max_completion_tokens ?? body.max_tokens;
    const words = content.split(/\s+/).filter(Boolean);
    const cut = limit !== undefined && words.length > limit;
    const text = cut && custom === undefined ? words.slice(0, limit).join(' ') : content;

    let usage: Record<string, unknown> | null;
    if (custom?.usage !== undefined) usage = custom.usage;
    else usage = defaultUsage(body, text, options);

    return {
      id,
      model: custom?.model ?? body.model ?? 'gpt-test',
      content: text,
      finishReason: custom?.finishReason ?? (cut && custom === undefined ? 'length' : 'stop'),
      usage,
    };
  }

  function streamCompletion(
    res: ServerResponse,
    body: ChatBody,
    completion: Completion,
    fault: Fault | undefined,
  ): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const includeUsage = body.stream_options?.include_usage === true;
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
      chunkOf(completion, [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], {
        ...(includeUsage && { usage: null }),
      });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);

    const pieces = splitWords(completion.content, options.wordsPerChunk ?? 3);
    send(chunk({ role: 'assistant', content: '', refusal: null }, null));

    if (fault?.type === 'stall') {
      if (pieces[0] !== undefined) send(chunk({ content: pieces[0] }, null));
      return;
    }
    if (fault?.type === 'truncate' || fault?.type === 'reset') {
      for (const piece of pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2)))) {
        send(chunk({ content: piece }, null));
      }
      // Destroy only once the chunks have left, so the client sees a body that breaks off.
      if (fault.type === 'reset') res.write('\n', () => res.socket?.destroy());
      else res.end();
      return;
    }
    if (fault?.type === 'stream_error') {
      if (pieces[0] !== undefined) send(chunk({ content: pieces[0] }, null));
      const error = fault.error ?? { message: 'The server had an error', type: 'server_error' };
      send({ error: { type: 'server_error', code: null, param: null, ...error } });
      res.end();
      return;
    }

    for (const piece of pieces) send(chunk({ content: piece }, null));
    send(chunk({}, completion.finishReason));
    if (includeUsage && completion.usage !== null) {
      send(chunkOf(completion, [], { usage: completion.usage }));
    }
    res.end('data: [DONE]\n\n');
  }

  function sendCompletion(res: ServerResponse, completion: Completion, fault: Fault | undefined) {
    if (fault?.type === 'stall') return;
    const body = {
      id: completion.id,
      object: 'chat.completion',
      created: 1_700_000_000,
      model: completion.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: completion.content, refusal: null },
          logprobs: null,
          finish_reason: completion.finishReason,
        },
      ],
      ...(completion.usage !== null && { usage: completion.usage }),
      system_fingerprint: 'fp_loopback',
    };
    if (fault?.type === 'truncate') {
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text.slice(0, Math.floor(text.length / 2)));
      return;
    }
    sendJson(res, 200, body);
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
    url: `http://127.0.0.1:${port}/v1`,
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

interface Completion {
  id: string;
  model: string;
  content: string;
  finishReason: string;
  usage: Record<string, unknown> | null;
}

function chunkOf(completion: Completion, choices: unknown[], extra: Record<string, unknown>) {
  return {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: completion.model,
    system_fingerprint: 'fp_loopback',
    choices,
    ...extra,
  };
}

/** The reply a request gets by default: a JSON verdict for a schema, else a short extract. */
function defaultContent(body: ChatBody): string {
  const format = body.response_format;
  if (format?.type === 'json_schema' && format.json_schema?.schema) {
    const schema = format.json_schema.schema;
    return JSON.stringify(sampleFromSchema(schema, schema));
  }
  if (format?.type === 'json_object') return '{}';

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

/**
 * Usage derived from the words of the exchange, so a test can compute it independently:
 * `prompt_tokens` counts every whitespace-separated word of every message, `completion_tokens`
 * the words of the reply plus any configured reasoning tokens.
 */
function defaultUsage(body: ChatBody, reply: string, options: OpenAIServerOptions) {
  const promptTokens = (body.messages ?? []).reduce(
    (n, m) => n + words(textOf(m.content)).length,
    0,
  );
  const reasoningTokens = options.reasoningTokens ?? 0;
  const completionTokens = words(reply).length + reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: options.cachedTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function modelList(ids: string[]) {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'loopback' })),
  };
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

function typeFor(status: number): string {
  if (status === 429) return 'rate_limit_exceeded';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
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
