/**
 * A loopback server that speaks enough of Bedrock Runtime for the official AWS SDK:
 * `POST /model/{modelId}/converse` (JSON) and `POST /model/{modelId}/converse-stream`
 * (`application/vnd.amazon.eventstream`), over HTTP/2 cleartext (the SDK's default transport)
 * and HTTP/1.1 on the same port. Replies and usage are deterministic, so tests can assert exact
 * numbers, and faults are injected from a FIFO queue, one per request.
 */
import {
  createServer as createHttp1Server,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createHttp2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  constants as http2Constants,
  type ServerHttp2Session,
} from 'node:http2';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { countWords, parseJson, readBody, sleep, words } from './http-util.js';
import { sampleFromSchema } from './json-schema-sample.js';

export { countWords };

/** One request as the server received it (recorded before any fault applies). */
export interface RecordedRequest {
  method: string;
  /** The raw path, e.g. `/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse`. */
  path: string;
  /** The decoded model id from the path, or null when the path is not a model route. */
  modelId: string | null;
  /** `converse` or `converse-stream`, or null for any other path. */
  operation: 'converse' | 'converse-stream' | null;
  /** `1.1` or `2.0`. */
  httpVersion: string;
  /** Lower-cased header names; over HTTP/2 the pseudo-headers (`:authority`, ...) too. */
  headers: Record<string, string | string[] | undefined>;
  /** How the request authenticated, parsed from its `authorization` header. */
  auth:
    | { scheme: 'bearer'; token: string }
    | { scheme: 'sigv4'; accessKeyId: string; service: string; region: string }
    | null;
  /** The parsed JSON body, or null when there was none or it was not JSON. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary request fields
  body: any;
}

/** What a Converse call replies with; anything left out gets the deterministic default. */
export interface Reply {
  /** The reply text (ignored when `toolUse` is given). */
  text?: string;
  /** Reply with one toolUse block instead of text. */
  toolUse?: { name: string; input: unknown };
  /** Defaults to `end_turn`, `tool_use` or `max_tokens` (cut at `inferenceConfig.maxTokens`). */
  stopReason?: string;
  /**
   * The usage object sent verbatim; `null` sends none (streaming: a metadata event with metrics
   * only). Left out: counted from the words of the request and the reply.
   */
  usage?: Record<string, unknown> | null;
  /** Sent as the response's `trace` (plain) or the metadata event's `trace` (streaming). */
  trace?: Record<string, unknown>;
}

export type Fault =
  /**
   * Answer with this status, an `x-amzn-errortype` header and a `{message}` body. The error
   * type and message default by status (429 ThrottlingException, 400 ValidationException 'Input
   * is too long for requested model.', ...); 429 defaults to a `retry-after: 1` header, which
   * `headers` replaces.
   */
  | {
      type: 'status';
      status: number;
      errorType?: string;
      message?: string;
      headers?: Record<string, string>;
    }
  /** Streaming: send headers, messageStart and the first text delta, then nothing until the
   *  connection is destroyed. Plain: never answer. */
  | { type: 'stall' }
  /** Streaming: send half the deltas, then end the response without messageStop or metadata.
   *  Plain: send half the JSON body and end. */
  | { type: 'truncate' }
  /** Streaming: send messageStart and a delta, then an exception message (default
   *  `throttlingException`), then end. Plain: as `status` 429. */
  | { type: 'stream_exception'; exceptionType?: string; message?: string }
  /** Destroy the connection (HTTP/2: the session) without any response. */
  | { type: 'disconnect' }
  /** Streaming: send a few events, then reset the stream mid-body. Plain: as `disconnect`. */
  | { type: 'reset' }
  /** Wait this long, then answer normally. */
  | { type: 'delay'; ms: number };

export interface BedrockServerOptions {
  /** Replaces the default reply (then no `maxTokens` cut is applied). */
  respond?: (request: RecordedRequest) => Reply | Promise<Reply>;
  /** `cacheReadInputTokens` in the default usage; left out of it when undefined. */
  cacheReadTokens?: number;
  /** `cacheWriteInputTokens` in the default usage; left out of it when undefined. */
  cacheWriteTokens?: number;
  /**
   * When this or `bearerToken` is set, a request must be SigV4-signed with this access key id
   * or carry `Authorization: Bearer <bearerToken>`, else it gets a 403.
   */
  accessKeyId?: string;
  bearerToken?: string;
  /** Words of text per streamed delta (default 3). */
  wordsPerChunk?: number;
  /** `metrics.latencyMs` in every reply (default 42). */
  latencyMs?: number;
  /** The initial fault queue. */
  faults?: Fault[];
}

export interface BedrockServer {
  /** The endpoint to give the SDK, `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** TCP connections accepted so far, over both protocols. */
  readonly connections: number;
  /** HTTP/2 sessions opened so far. */
  readonly http2Sessions: number;
  /** Replaces the fault queue; each request consumes the first fault left, if any. */
  setFaults(faults: Fault[]): void;
  /** Stops listening and destroys every connection, stalled streams included. */
  close(): Promise<void>;
}

interface ConverseBody {
  system?: Array<{ text?: string }>;
  messages?: Array<{ role?: string; content?: Array<{ text?: string }> }>;
  inferenceConfig?: { maxTokens?: number; temperature?: number };
  toolConfig?: {
    tools?: Array<{ toolSpec?: { name?: string; inputSchema?: { json?: unknown } } }>;
    toolChoice?: { tool?: { name?: string } };
  };
}

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** What both protocols' responses share, as one callable shape. */
interface Writer {
  headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: Uint8Array | string, callback?: () => void): boolean;
  end(chunk?: Uint8Array | string): unknown;
}

const SUMMARY_WORDS = 40;
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
const codec = new EventStreamCodec(toUtf8, fromUtf8);

const ERROR_DEFAULTS: Record<number, { type: string; message: string }> = {
  400: { type: 'ValidationException', message: 'Input is too long for requested model.' },
  403: {
    type: 'AccessDeniedException',
    message: "You don't have access to the model with the specified model ID.",
  },
  404: { type: 'ResourceNotFoundException', message: 'Model not found.' },
  408: { type: 'ModelTimeoutException', message: 'Model has timed out in processing the request.' },
  424: { type: 'ModelErrorException', message: 'The model returned an error.' },
  429: {
    type: 'ThrottlingException',
    message: 'Too many requests, please wait before trying again.',
  },
  500: { type: 'InternalServerException', message: 'The server encountered an internal error.' },
  503: { type: 'ServiceUnavailableException', message: 'Service is temporarily unavailable.' },
};

export async function startBedrockServer(
  options: BedrockServerOptions = {},
): Promise<BedrockServer> {
  const requests: RecordedRequest[] = [];
  let faults: Fault[] = [...(options.faults ?? [])];
  const sockets = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  let connections = 0;
  let http2Sessions = 0;
  let counter = 0;

  const onRequest = (req: Request, res: Response) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'InternalServerException', String(error));
      else dropConnection(req);
    });
  };
  const http1 = createHttp1Server(onRequest);
  const http2 = createHttp2Server();
  http2.on('request', onRequest);
  http2.on('session', (session) => {
    http2Sessions++;
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });

  async function handle(req: Request, res: Response): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    const route = /^\/model\/([^/?]+)\/(converse|converse-stream)(?:\?|$)/.exec(path);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      modelId: route?.[1] === undefined ? null : decodeURIComponent(route[1]),
      operation: (route?.[2] as RecordedRequest['operation']) ?? null,
      httpVersion: req.httpVersion,
      headers: { ...req.headers },
      auth: parseAuthorization(req.headers.authorization),
      body: parseJson(raw),
    };
    requests.push(request);
    const fault = faults.shift();
    const streaming = request.operation === 'converse-stream';

    if (fault?.type === 'delay') await sleep(fault.ms);
    if (fault?.type === 'disconnect' || (fault?.type === 'reset' && !streaming)) {
      dropConnection(req);
      return;
    }
    if (fault?.type === 'status') {
      const defaults = ERROR_DEFAULTS[fault.status] ?? ERROR_DEFAULTS[500];
      const headers = fault.headers ?? (fault.status === 429 ? { 'retry-after': '1' } : {});
      const type = fault.errorType ?? defaults?.type ?? 'InternalServerException';
      sendError(res, fault.status, type, fault.message ?? defaults?.message ?? '', headers);
      return;
    }
    if (fault?.type === 'stream_exception' && !streaming) {
      sendError(res, 429, 'ThrottlingException', ERROR_DEFAULTS[429]?.message ?? '');
      return;
    }

    const denied = authFailure(request.auth, options);
    if (denied) {
      sendError(res, 403, denied.type, denied.message);
      return;
    }
    const countTokens = /^\/model\/([^/?]+)\/count-tokens(?:\?|$)/.exec(path);
    if (request.method === 'POST' && countTokens) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ inputTokens: 1 }));
      return;
    }
    if (request.method !== 'POST' || request.operation === null) {
      sendError(res, 404, 'UnknownOperationException', `Unknown operation: ${path}`);
      return;
    }

    const body = (request.body ?? {}) as ConverseBody;
    const id = ++counter;
    const reply = await buildReply(body, request, id);
    const requestId = `req-${id}`;
    if (streaming) streamReply(res, reply, fault, requestId);
    else sendReply(res, reply, fault, requestId);
  }

  async function buildReply(
    body: ConverseBody,
    request: RecordedRequest,
    id: number,
  ): Promise<FullReply> {
    const custom = options.respond ? await options.respond(request) : undefined;
    const toolUse = custom ? custom.toolUse : defaultToolUse(body);
    const limit = body.inferenceConfig?.maxTokens;

    let text = toolUse ? '' : (custom?.text ?? defaultText(body));
    const replyWords = words(text);
    const cut =
      custom === undefined && !toolUse && limit !== undefined && replyWords.length > limit;
    if (cut) text = replyWords.slice(0, limit).join(' ');

    let stopReason = custom?.stopReason;
    stopReason ??= toolUse ? 'tool_use' : cut ? 'max_tokens' : 'end_turn';
    const outputText = toolUse ? JSON.stringify(toolUse.input) : text;
    const usage =
      custom?.usage !== undefined ? custom.usage : defaultUsage(body, outputText, options);

    return {
      text,
      toolUse: toolUse ? { ...toolUse, toolUseId: `tooluse_${id}` } : undefined,
      stopReason,
      usage,
      trace: custom?.trace,
      latencyMs: options.latencyMs ?? 42,
    };
  }

  function streamReply(raw: Response, reply: FullReply, fault: Fault | undefined, id: string) {
    const res = raw as Writer;
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-requestid': id,
    });
    const send = (type: string, payload: unknown, callback?: () => void) =>
      res.write(eventMessage(type, payload), callback);
    const deltas = streamDeltas(reply, options.wordsPerChunk ?? 3);

    send('messageStart', { role: 'assistant', p: 'abcdefgh' });
    if (reply.toolUse) {
      const { toolUseId, name } = reply.toolUse;
      send('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId, name } } });
    }
    if (fault?.type === 'stall') {
      if (deltas[0] !== undefined) send('contentBlockDelta', deltas[0]);
      return;
    }
    if (fault?.type === 'truncate' || fault?.type === 'reset') {
      for (const delta of deltas.slice(0, Math.max(1, Math.floor(deltas.length / 2)))) {
        send('contentBlockDelta', delta);
      }
      // Reset only once the events have left, so the client sees a body that breaks off.
      if (fault.type === 'reset') res.write(new Uint8Array(0), () => resetStream(raw));
      else res.end();
      return;
    }
    if (fault?.type === 'stream_exception') {
      if (deltas[0] !== undefined) send('contentBlockDelta', deltas[0]);
      const type = fault.exceptionType ?? 'throttlingException';
      const message = fault.message ?? ERROR_DEFAULTS[429]?.message ?? '';
      res.end(exceptionMessage(type, message));
      return;
    }

    for (const delta of deltas) send('contentBlockDelta', delta);
    send('contentBlockStop', { contentBlockIndex: 0, p: 'abcd' });
    send('messageStop', { stopReason: reply.stopReason, p: 'abcdefghijk' });
    const metadata: Record<string, unknown> = { metrics: { latencyMs: reply.latencyMs } };
    if (reply.usage !== null) metadata.usage = reply.usage;
    if (reply.trace !== undefined) metadata.trace = reply.trace;
    res.end(eventMessage('metadata', { ...metadata, p: 'abc' }));
  }

  function sendReply(raw: Response, reply: FullReply, fault: Fault | undefined, id: string) {
    if (fault?.type === 'stall') return;
    const res = raw as Writer;
    const content = reply.toolUse ? [{ toolUse: reply.toolUse }] : [{ text: reply.text }];
    const body: Record<string, unknown> = {
      output: { message: { role: 'assistant', content } },
      stopReason: reply.stopReason,
      metrics: { latencyMs: reply.latencyMs },
    };
    if (reply.usage !== null) body.usage = reply.usage;
    if (reply.trace !== undefined) body.trace = reply.trace;
    const text = JSON.stringify(body);
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': id };

    if (fault?.type === 'truncate') {
      const half = text.slice(0, Math.floor(text.length / 2));
      res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(half)) });
      res.end(half);
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
  }

  // One port for both protocols: a connection that opens with the HTTP/2 preface goes to the
  // HTTP/2 server, any other to the HTTP/1.1 one. Both get a Duplex that replays the bytes
  // already read: `socket.unshift` is lost on servers that read from the native handle.
  // No Nagle delay: streamed events are small writes, and node:http would set this itself.
  const server = createNetServer({ noDelay: true }, (socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());

    let head = Buffer.alloc(0);
    const sniff = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const length = Math.min(head.length, HTTP2_PREFACE.length);
      const isHttp2 = head.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
      if (isHttp2 && head.length < HTTP2_PREFACE.length) return;

      socket.off('data', sniff);
      socket.pause();
      const replay = new ReplaySocket(socket, head);
      (isHttp2 ? http2 : http1).emit('connection', replay);
    };
    socket.on('data', sniff);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    get http2Sessions() {
      return http2Sessions;
    },
    setFaults(queue) {
      faults = [...queue];
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
        for (const socket of sockets) socket.destroy();
        http1.close();
        http2.close();
      });
    },
  };
}

interface FullReply {
  text: string;
  toolUse: { toolUseId: string; name: string; input: unknown } | undefined;
  stopReason: string;
  usage: Record<string, unknown> | null;
  trace: Record<string, unknown> | undefined;
  latencyMs: number;
}

/**
 * A socket whose first bytes were already read by the sniffer: it hands them out again, then
 * passes everything else through to the real socket.
 */
class ReplaySocket extends Duplex {
  private readonly socket: Socket;

  constructor(socket: Socket, head: Buffer) {
    super();
    this.socket = socket;
    if (head.length > 0) this.push(head);
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('timeout', () => this.emit('timeout'));
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(
    chunk: Buffer,
    encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ) {
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: () => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }

  // What node:http and node:http2 call on a connection besides the stream methods.
  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms);
    if (callback) this.once('timeout', callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delayMs?: number): this {
    this.socket.setKeepAlive(enable, delayMs);
    return this;
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }
}

function parseAuthorization(header: string | undefined): RecordedRequest['auth'] {
  if (header === undefined) return null;
  const bearer = /^Bearer (.+)$/.exec(header);
  if (bearer?.[1] !== undefined) return { scheme: 'bearer', token: bearer[1] };
  const sigv4 = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    header,
  );
  if (sigv4?.[1] === undefined || sigv4[2] === undefined || sigv4[3] === undefined) return null;
  return { scheme: 'sigv4', accessKeyId: sigv4[1], region: sigv4[2], service: sigv4[3] };
}

function authFailure(
  auth: RecordedRequest['auth'],
  options: BedrockServerOptions,
): { type: string; message: string } | null {
  if (options.accessKeyId === undefined && options.bearerToken === undefined) return null;
  if (auth?.scheme === 'bearer') {
    if (options.bearerToken !== undefined && auth.token === options.bearerToken) return null;
    return {
      type: 'AccessDeniedException',
      message: 'Authentication failed: Please make sure your API Key is valid.',
    };
  }
  if (
    auth?.scheme === 'sigv4' &&
    auth.service === 'bedrock' &&
    options.accessKeyId !== undefined &&
    auth.accessKeyId === options.accessKeyId
  ) {
    return null;
  }
  return {
    type: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
  };
}

/** The toolUse a request gets by default: when it forces a tool, input sampled from its schema. */
function defaultToolUse(body: ConverseBody): { name: string; input: unknown } | undefined {
  const tools = body.toolConfig?.tools ?? [];
  const name = body.toolConfig?.toolChoice?.tool?.name ?? tools[0]?.toolSpec?.name;
  const spec = tools.find((tool) => tool.toolSpec?.name === name)?.toolSpec;
  if (name === undefined || spec === undefined) return undefined;
  const schema = spec.inputSchema?.json;
  return { name, input: sampleFromSchema(schema, schema) };
}

/** A short extract: the first words of the longest paragraph of the last user message. */
function defaultText(body: ConverseBody): string {
  const messages = body.messages ?? [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const prompt = textOf(lastUser?.content);
  // Templates put short instructions around the article, the longest paragraph.
  const paragraphs = prompt.split(/\n\s*\n/);
  const article = paragraphs.reduce((a, b) => (words(b).length > words(a).length ? b : a), '');
  const summary = words(article).slice(0, SUMMARY_WORDS).join(' ');
  return summary === '' ? 'Nothing to summarize.' : summary;
}

/**
 * Usage derived from the words of the exchange, so a test can compute it independently:
 * `inputTokens` counts every word of the system prompt and the messages (Bedrock's count
 * excludes cache reads and writes, which are reported beside it), `outputTokens` the words of
 * the reply (of the JSON of a toolUse input).
 */
function defaultUsage(body: ConverseBody, reply: string, options: BedrockServerOptions) {
  const system = (body.system ?? []).reduce((n, block) => n + words(block.text ?? '').length, 0);
  const messages = (body.messages ?? []).reduce((n, m) => n + words(textOf(m.content)).length, 0);
  const inputTokens = system + messages;
  const outputTokens = words(reply).length;
  const cacheRead = options.cacheReadTokens;
  const cacheWrite = options.cacheWriteTokens;
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0),
    ...(cacheRead !== undefined && { cacheReadInputTokens: cacheRead }),
    ...(cacheWrite !== undefined && { cacheWriteInputTokens: cacheWrite }),
  };
}

function streamDeltas(reply: FullReply, wordsPerChunk: number): unknown[] {
  if (reply.toolUse) {
    // Tool input streams as pieces of a JSON string, as Bedrock sends it.
    const json = JSON.stringify(reply.toolUse.input);
    const size = Math.max(1, Math.ceil(json.length / 3));
    const pieces: string[] = [];
    for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
    return pieces.map((input) => ({ contentBlockIndex: 0, delta: { toolUse: { input } } }));
  }
  // Keep the whitespace with the words, so the deltas concatenate back to the exact text.
  const tokens = reply.text.match(/\S+\s*|\s+/g) ?? [];
  const deltas: unknown[] = [];
  for (let i = 0; i < tokens.length; i += wordsPerChunk) {
    const text = tokens.slice(i, i + wordsPerChunk).join('');
    deltas.push({ contentBlockIndex: 0, delta: { text }, p: 'abcdef' });
  }
  return deltas;
}

function eventMessage(type: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

function exceptionMessage(type: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'exception' },
    },
    body: fromUtf8(JSON.stringify({ message })),
  });
}

function sendError(
  res: Response,
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify({ message });
  const out = res as Writer;
  out.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': 'req-error',
    ...headers,
  });
  out.end(text);
}

function isHttp2(req: Request): req is Http2ServerRequest {
  return 'stream' in req;
}

function dropConnection(req: Request): void {
  if (isHttp2(req)) req.stream.session?.destroy();
  else req.socket.destroy();
}

function resetStream(res: Response): void {
  if ('stream' in res) res.stream.close(http2Constants.NGHTTP2_INTERNAL_ERROR);
  else res.socket?.destroy();
}

function textOf(content: Array<{ text?: string }> | undefined): string {
  return (content ?? []).map((block) => block.text ?? '').join(' ');
}
