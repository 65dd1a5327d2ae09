/**
 * A loopback server that speaks enough of Ollama's native API for the official SDK:
 * `POST /api/chat` (plain JSON, and NDJSON streaming, which is the server's default when
 * `stream` is absent), `GET /api/tags` and `GET /api/version`. Replies, counts and durations
 * are deterministic, so tests can assert exact numbers, and faults are injected from a FIFO
 * queue, one per request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { countWords, parseJson, readBody, sleep, splitWords, words } from './http-util.js';
import { sampleFromSchema } from './json-schema-sample.js';

export { countWords };

/** One request as the server received it (recorded before any fault applies). */
export interface RecordedRequest {
  method: string;
  /** The path with its query, e.g. `/api/chat`. */
  path: string;
  /** Lower-cased header names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary request fields
  body: any;
}

/** The counts and durations (nanoseconds) of the final line, as Ollama names them. */
export interface Metrics {
  prompt_eval_count?: number;
  prompt_eval_duration?: number;
  eval_count?: number;
  eval_duration?: number;
  load_duration?: number;
  total_duration?: number;
}

/** What a chat call replies with; anything left out gets the deterministic default. */
export interface Reply {
  content: string;
  /** Reasoning sent in `message.thinking` before the content, whatever `think` said. */
  thinking?: string;
  /** Sent verbatim on the final line; `null` sends none of them. Left out: see `defaultMetrics`. */
  metrics?: Metrics | null;
  /** Defaults to `stop`, or `length` when the reply was cut at `num_predict`. */
  doneReason?: string;
  /** The model named in the reply; defaults to the requested one. */
  model?: string;
}

export type Fault =
  /** Answer with this status. The body defaults to `{error: message}`. */
  | { type: 'status'; status: number; message?: string; body?: unknown }
  /** Streaming: send headers and the first line, then nothing until the socket is destroyed.
   *  Plain (and GET): never answer. */
  | { type: 'stall' }
  /** Streaming: send half the lines, then end the response without the `done: true` line.
   *  Plain: send half the JSON body and end. */
  | { type: 'truncate' }
  /** Streaming: send a line, then `{"error": message}` (how Ollama reports a failure after the
   *  headers), then end. */
  | { type: 'stream_error'; message?: string }
  /** Destroy the connection without any response. */
  | { type: 'disconnect' }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number };

export interface OllamaServerOptions {
  /** Replaces the default reply (then no `num_predict` cut is applied). */
  respond?: (request: RecordedRequest) => Reply | Promise<Reply>;
  /** The pulled models `GET /api/tags` lists and chat accepts (default `['qwen3:8b',
   *  'llama3:latest']`). A name without a tag means `:latest`, as in Ollama. */
  models?: string[];
  /**
   * Makes the default reply come from a hybrid thinking model (qwen3): this reasoning is sent
   * in `message.thinking` before the answer unless the request says `think: false`.
   */
  thinking?: string;
  /**
   * The model's context in tokens (words here). A longer prompt fails with llama.cpp's 400
   * when the request says `truncate: false`; otherwise it is cut silently, as Ollama does.
   */
  contextTokens?: number;
  /** Words of content (or thinking) per streamed line (default 2). */
  wordsPerLine?: number;
  /** `GET /api/version` (default `0.12.6`). */
  version?: string;
  /** The initial fault queue. */
  faults?: Fault[];
}

export interface OllamaServer {
  /** The host to give the SDK, e.g. `http://127.0.0.1:40123`. */
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
  think?: boolean | string;
  truncate?: boolean;
  format?: unknown;
  options?: { num_predict?: number };
}

interface Completion {
  model: string;
  content: string;
  thinking: string;
  doneReason: string;
  metrics: Metrics | null;
}

const SUMMARY_WORDS = 40;
const CREATED_AT = '2026-12-01T09:30:00.123456789Z';
/** Every default eval runs at exactly 20 tokens a second: 50 ms a token. */
export const EVAL_NS_PER_TOKEN = 50_000_000;
/** Prompt evaluation at 1,000 tokens a second. */
export const PROMPT_EVAL_NS_PER_TOKEN = 1_000_000;
export const LOAD_DURATION_NS = 12_345_678;

export async function startOllamaServer(options: OllamaServerOptions = {}): Promise<OllamaServer> {
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [...(options.faults ?? [])];
  const sockets = new Set<Socket>();
  const pulled = options.models ?? ['qwen3:8b', 'llama3:latest'];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(error) });
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
    const path = request.path.split('?')[0];
    const body = (request.body ?? {}) as ChatBody;
    // Ollama streams unless told not to; the SDK always says.
    const streaming = path === '/api/chat' && body.stream !== false;

    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'disconnect') {
      req.socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      const message = fault.message ?? `injected status ${fault.status}`;
      sendJson(res, fault.status, fault.body ?? { error: message });
      return;
    }
    if (fault?.type === 'stall' && !streaming) return;

    if (request.method === 'GET' && path === '/api/tags') {
      sendJson(res, 200, { models: pulled.map(tagOf) });
      return;
    }
    if (request.method === 'GET' && path === '/api/version') {
      sendJson(res, 200, { version: options.version ?? '0.12.6' });
      return;
    }
    if (request.method !== 'POST' || path !== '/api/chat') {
      // What Go's mux answers for a route it does not have.
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
      return;
    }

    const model = body.model ?? '';
    if (!pulled.some((name) => sameModel(name, model))) {
      sendJson(res, 404, { error: `model "${model}" not found, try pulling it first` });
      return;
    }
    const promptTokens = promptWords(body);
    if (options.contextTokens !== undefined && promptTokens > options.contextTokens) {
      if (body.truncate === false) {
        sendJson(res, 400, contextError(promptTokens, options.contextTokens));
        return;
      }
    }

    const completion = await buildCompletion(body, request, promptTokens);
    if (streaming) streamCompletion(res, completion, fault);
    else sendCompletion(res, completion, fault);
  }

  async function buildCompletion(
    body: ChatBody,
    request: RecordedRequest,
    promptTokens: number,
  ): Promise<Completion> {
    const model = body.model ?? '';
    const custom = options.respond ? await options.respond(request) : undefined;
    if (custom !== undefined) {
      const thinking = custom.thinking ?? '';
      return {
        model: custom.model ?? model,
        content: custom.content,
        thinking,
        doneReason: custom.doneReason ?? 'stop',
        metrics:
          custom.metrics === undefined
            ? defaultMetrics(promptTokens, countWords(thinking) + countWords(custom.content))
            : custom.metrics,
      };
    }

    // The prompt Ollama evaluates after a silent cut: it keeps about half the context.
    const evaluated =
      options.contextTokens !== undefined && promptTokens > options.contextTokens
        ? Math.floor(options.contextTokens / 2)
        : promptTokens;
    const thinks = options.thinking !== undefined && body.think !== false;
    let thinking = thinks ? (options.thinking ?? '') : '';
    let content = defaultContent(body);

    // num_predict bounds every generated token, thinking first.
    const limit = body.options?.num_predict;
    const total = countWords(thinking) + countWords(content);
    const cut = limit !== undefined && limit >= 0 && total > limit;
    if (cut) {
      const thinkingWords = words(thinking);
      thinking = thinkingWords.slice(0, limit).join(' ');
      const left = Math.max(0, limit - thinkingWords.length);
      content = words(content).slice(0, left).join(' ');
    }

    return {
      model,
      content,
      thinking,
      doneReason: cut ? 'length' : 'stop',
      metrics: defaultMetrics(evaluated, countWords(thinking) + countWords(content)),
    };
  }

  function streamCompletion(res: ServerResponse, completion: Completion, fault?: Fault): void {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const send = (data: unknown) => res.write(`${JSON.stringify(data)}\n`);
    const line = (message: Record<string, unknown>) => ({
      model: completion.model,
      created_at: CREATED_AT,
      message: { role: 'assistant', content: '', ...message },
      done: false,
    });

    const perLine = options.wordsPerLine ?? 2;
    const lines = [
      ...splitWords(completion.thinking, perLine).map((thinking) => line({ thinking })),
      ...splitWords(completion.content, perLine).map((content) => line({ content })),
    ];

    if (fault?.type === 'stall') {
      if (lines[0] !== undefined) send(lines[0]);
      return;
    }
    if (fault?.type === 'truncate') {
      for (const next of lines.slice(0, Math.max(1, Math.floor(lines.length / 2)))) send(next);
      res.end();
      return;
    }
    if (fault?.type === 'stream_error') {
      if (lines[0] !== undefined) send(lines[0]);
      send({ error: fault.message ?? 'an error was encountered while running the model' });
      res.end();
      return;
    }

    for (const next of lines) send(next);
    send({ ...line({}), ...finalFields(completion) });
    res.end();
  }

  function sendCompletion(res: ServerResponse, completion: Completion, fault?: Fault): void {
    const message: Record<string, unknown> = { role: 'assistant', content: completion.content };
    if (completion.thinking !== '') message.thinking = completion.thinking;
    const body = {
      model: completion.model,
      created_at: CREATED_AT,
      message,
      ...finalFields(completion),
    };
    if (fault?.type === 'truncate') {
      const text = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
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

/**
 * The counts a reply gets by default, so a test can compute them independently:
 * `prompt_eval_count` is the words of every message, `eval_count` the words generated
 * (thinking included); evaluation runs at 20 tokens/s and prompt evaluation at 1,000 tokens/s.
 */
export function defaultMetrics(promptTokens: number, evalTokens: number): Required<Metrics> {
  const promptEvalNs = promptTokens * PROMPT_EVAL_NS_PER_TOKEN;
  const evalNs = evalTokens * EVAL_NS_PER_TOKEN;
  return {
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEvalNs,
    eval_count: evalTokens,
    eval_duration: evalNs,
    load_duration: LOAD_DURATION_NS,
    total_duration: LOAD_DURATION_NS + promptEvalNs + evalNs,
  };
}

function finalFields(completion: Completion) {
  return { done: true, done_reason: completion.doneReason, ...(completion.metrics ?? {}) };
}

/** The reply a request gets by default: JSON for a `format` schema, else a short extract. */
function defaultContent(body: ChatBody): string {
  const format = body.format;
  if (typeof format === 'object' && format !== null) {
    return JSON.stringify(sampleFromSchema(format, format));
  }
  if (format === 'json') return '{}';

  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const prompt = typeof lastUser?.content === 'string' ? lastUser.content : '';
  // The article is taken to be the longest paragraph of the prompt: templates put short
  // instructions around it.
  const paragraphs = prompt.split(/\n\s*\n/);
  const article = paragraphs.reduce((a, b) => (words(b).length > words(a).length ? b : a), '');
  const summary = words(article).slice(0, SUMMARY_WORDS).join(' ');
  return summary === '' ? 'Nothing to summarize.' : summary;
}

/** llama.cpp's refusal of a prompt longer than `num_ctx`, as Ollama passes it on. */
function contextError(promptTokens: number, contextTokens: number) {
  const inner = {
    error: {
      code: 400,
      message:
        `request (${promptTokens} tokens) exceeds the available context size ` +
        `(${contextTokens} tokens), try increasing it`,
      type: 'exceed_context_size_error',
      n_prompt_tokens: promptTokens,
      n_ctx: contextTokens,
    },
  };
  return { error: JSON.stringify(inner) };
}

function tagOf(name: string) {
  const full = withTag(name);
  return {
    name: full,
    model: full,
    modified_at: '2026-11-20T10:00:00.000000000Z',
    size: 5_225_388_164,
    digest: `${'0'.repeat(56)}${full.length.toString(16).padStart(8, '0')}`,
    details: {
      parent_model: '',
      format: 'gguf',
      family: full.split(':')[0] ?? full,
      families: [full.split(':')[0] ?? full],
      parameter_size: '8.2B',
      quantization_level: 'Q4_K_M',
    },
  };
}

function withTag(name: string): string {
  const lastSegment = name.slice(name.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? name : `${name}:latest`;
}

function sameModel(a: string, b: string): boolean {
  return withTag(a).toLowerCase() === withTag(b).toLowerCase();
}

function promptWords(body: ChatBody): number {
  return (body.messages ?? []).reduce(
    (n, m) => n + (typeof m.content === 'string' ? countWords(m.content) : 0),
    0,
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
