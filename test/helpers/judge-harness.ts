/**
 * The judge, wired as `evals run` wires it (each provider's real adapter behind a Dispatcher),
 * against the loopback servers. One table entry per provider says how that provider's wire
 * protocol carries the judge's prompt, its structured-output schema and a scripted reply.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Rubric, rubricSchema } from '../../src/config/rubric.js';
import { parseYaml, validate } from '../../src/config/yaml.js';
import { type JudgeOptions, judgeOutput } from '../../src/judge/judge.js';
import { costUsd, priceSource } from '../../src/pricing/prices.js';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createBedrockProvider } from '../../src/providers/bedrock.js';
import { type ModelId, parseModelId } from '../../src/providers/model-id.js';
import { createOllamaProvider } from '../../src/providers/ollama.js';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import type { Provider, Usage } from '../../src/providers/types.js';
import type { JudgeResult } from '../../src/results/types.js';
import { type Clock, systemClock } from '../../src/runner/clock.js';
import { Dispatcher } from '../../src/runner/dispatch.js';
import { DEFAULT_RETRY_POLICY } from '../../src/runner/retry.js';
import { startAnthropicServer } from '../servers/anthropic-server.js';
import { startBedrockServer } from '../servers/bedrock-server.js';
import { startOllamaServer } from '../servers/ollama-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import { REPO_ROOT } from './cli.js';

const RUBRIC_FILE = path.join(REPO_ROOT, 'evals', 'summarize.rubric.yaml');
export const rubric: Rubric = validate(
  parseYaml(readFileSync(RUBRIC_FILE, 'utf8'), RUBRIC_FILE),
  rubricSchema,
);

export const ARTICLE =
  'The city council approved a 3% budget rise on Tuesday after a two-hour debate. ' +
  'The rise pays for 40 new teachers and longer library hours, the mayor said.';
export const OUTPUT =
  'The council approved a 3% budget rise on Tuesday, paying for 40 teachers and ' +
  'longer library hours.';
export const MAX_OUTPUT_TOKENS = 700;

/** What a scripted judge replies: a structured value, or free text that is not JSON. */
export type JudgeReply = { json: unknown } | { text: string };

export const GOOD = { faithfulness: 5, coverage: 4, concision: 4, fluency: 5 };
// (2 x 1 + 1.5 x 0.75 + 1 x 0.75 + 0.5 x 1) / (2 + 1.5 + 1 + 0.5): weights and 1..5 scales.
export const GOOD_OVERALL = (2 * 1 + 1.5 * 0.75 + 1 * 0.75 + 0.5 * 1) / 5;
export const good: JudgeReply = { json: { rationale: 'Faithful and short.', scores: GOOD } };

/** The words of a text: every loopback server counts tokens this way. */
export function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** The text a scripted reply puts on the wire, which the server counts as output tokens. */
export function wireText(reply: JudgeReply): string {
  return 'json' in reply ? JSON.stringify(reply.json) : reply.text;
}

/** The fence nonce, computed independently of src/judge/prompt.ts. */
export function expectedNonce(article: string, output: string): string {
  return createHash('sha256').update(`${article}\0${output}`).digest('hex').slice(0, 10);
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON
type Body = any;

export interface Live {
  provider: Provider;
  /** Bodies of the chat calls the server received, in order. */
  bodies(): Body[];
  /** Every request the server received, whatever its path. */
  requestCount(): number;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Replies per call, by call number from 1; absent: the server's default reply. */
  script?: (call: number) => JudgeReply;
  /** Make the server reject the key the adapter sends. */
  rejectKey?: boolean;
  /** Answer every chat call with this status. */
  failStatus?: number;
}

export interface ProviderCase {
  name: 'openai' | 'anthropic' | 'bedrock' | 'ollama';
  model: ModelId;
  /**
   * Dollars per million input and output tokens, as @pydantic/genai-prices lists them (the
   * figures test/e2e/providers.test.ts uses too); 0 for Ollama's price override.
   */
  price: { input: number; output: number };
  start(options?: StartOptions): Promise<Live>;
  /** Checks the native structured-output mechanism and returns the schema it carried. */
  schemaSent(body: Body): unknown;
  /** The system prompt and the user message as they went over the wire. */
  promptSent(body: Body): { system: string; user: string };
  /** The output-token limit the body asked for. */
  maxTokensSent(body: Body): unknown;
}

function id(text: string): ModelId {
  const model = parseModelId(text);
  if (!model) throw new Error(`bad model id in test: ${text}`);
  return model;
}

function counter(script: StartOptions['script']) {
  let calls = 0;
  return script ? () => script(++calls) : undefined;
}

/** A fault queue that answers the next `n` requests with this status. */
function repeat(status: number | undefined, n = 20): Array<{ type: 'status'; status: number }> {
  if (status === undefined) return [];
  return Array.from({ length: n }, () => ({ type: 'status' as const, status }));
}

export const PROVIDERS: ProviderCase[] = [
  {
    name: 'openai',
    model: id('openai:gpt-5.4-mini'),
    price: { input: 0.75, output: 4.5 },
    async start(options = {}) {
      const next = counter(options.script);
      const server = await startOpenAIServer({
        apiKey: 'sk-openai',
        faults: repeat(options.failStatus),
        ...(next && { respond: () => ({ content: wireText(next()) }) }),
      });
      const apiKey = options.rejectKey ? 'sk-wrong' : 'sk-openai';
      return {
        provider: createOpenAIProvider({ apiKey, baseURL: server.url }),
        bodies: () =>
          server.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body),
        requestCount: () => server.requests.length,
        close: () => server.close(),
      };
    },
    schemaSent(body) {
      if (body.response_format?.type !== 'json_schema') throw new Error('no json_schema');
      if (body.response_format.json_schema.strict !== true) throw new Error('not strict');
      return body.response_format.json_schema.schema;
    },
    promptSent(body) {
      const [system, user, ...rest] = body.messages;
      if (system.role !== 'system' || user.role !== 'user' || rest.length > 0) {
        throw new Error(`unexpected messages: ${JSON.stringify(body.messages)}`);
      }
      return { system: system.content, user: user.content };
    },
    maxTokensSent: (body) => body.max_completion_tokens,
  },
  {
    name: 'anthropic',
    model: id('anthropic:claude-haiku-4-5'),
    price: { input: 1, output: 5 },
    async start(options = {}) {
      const next = counter(options.script);
      const server = await startAnthropicServer({
        apiKey: 'sk-ant',
        faults: repeat(options.failStatus),
        ...(next && {
          respond: () => {
            const reply = next();
            return 'json' in reply
              ? { toolUse: { name: 'verdict', input: reply.json } }
              : { text: reply.text };
          },
        }),
      });
      const apiKey = options.rejectKey ? 'sk-wrong' : 'sk-ant';
      return {
        provider: createAnthropicProvider({ apiKey, baseURL: server.url }),
        bodies: () => server.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body),
        requestCount: () => server.requests.length,
        close: () => server.close(),
      };
    },
    schemaSent(body) {
      const choice = body.tool_choice;
      if (choice?.type !== 'tool' || choice.name !== body.tools?.[0]?.name) {
        throw new Error(`tool not forced: ${JSON.stringify(choice)}`);
      }
      return body.tools[0].input_schema;
    },
    promptSent(body) {
      if (body.messages.length !== 1) throw new Error('expected one message');
      return { system: body.system, user: body.messages[0].content };
    },
    maxTokensSent: (body) => body.max_tokens,
  },
  {
    name: 'bedrock',
    model: id('bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0'),
    price: { input: 1.1, output: 5.5 },
    async start(options = {}) {
      const next = counter(options.script);
      const server = await startBedrockServer({
        bearerToken: 'bedrock-key',
        faults: repeat(options.failStatus),
        ...(next && {
          respond: () => {
            const reply = next();
            return 'json' in reply
              ? { toolUse: { name: 'verdict', input: reply.json } }
              : { text: reply.text };
          },
        }),
      });
      const provider = createBedrockProvider({
        region: 'us-east-1',
        endpoint: server.url,
        bearerToken: options.rejectKey ? 'wrong-key' : 'bedrock-key',
      });
      return {
        provider,
        bodies: () => server.requests.filter((r) => r.operation !== null).map((r) => r.body),
        requestCount: () => server.requests.length,
        close: () => server.close(),
      };
    },
    schemaSent(body) {
      const config = body.toolConfig;
      const name = config?.tools?.[0]?.toolSpec?.name;
      if (config?.toolChoice?.tool?.name !== name) throw new Error('tool not forced');
      return config.tools[0].toolSpec.inputSchema.json;
    },
    promptSent(body) {
      if (body.messages.length !== 1 || body.messages[0].content.length !== 1) {
        throw new Error('expected one message with one text block');
      }
      return { system: body.system[0].text, user: body.messages[0].content[0].text };
    },
    maxTokensSent: (body) => body.inferenceConfig?.maxTokens,
  },
  {
    name: 'ollama',
    model: id('ollama:qwen3:8b'),
    price: { input: 0, output: 0 },
    async start(options = {}) {
      const next = counter(options.script);
      const server = await startOllamaServer({
        models: ['qwen3:8b'],
        faults: repeat(options.failStatus),
        ...(next && { respond: () => ({ content: wireText(next()) }) }),
      });
      return {
        provider: createOllamaProvider({ host: server.url }),
        bodies: () => server.requests.filter((r) => r.path === '/api/chat').map((r) => r.body),
        requestCount: () => server.requests.length,
        close: () => server.close(),
      };
    },
    schemaSent(body) {
      if (typeof body.format !== 'object' || body.format === null) throw new Error('no format');
      return body.format;
    },
    promptSent(body) {
      const [system, user, ...rest] = body.messages;
      if (system.role !== 'system' || user.role !== 'user' || rest.length > 0) {
        throw new Error(`unexpected messages: ${JSON.stringify(body.messages)}`);
      }
      return { system: system.content, user: user.content };
    },
    maxTokensSent: (body) => body.options?.num_predict,
  },
];

export function providerCase(name: ProviderCase['name']): ProviderCase {
  const found = PROVIDERS.find((p) => p.name === name);
  if (!found) throw new Error(`no provider case ${name}`);
  return found;
}

/** Costs as `evals run` prices them: the table, or the spec's 0 override for Ollama. */
export function costOf(model: ModelId, usage: Usage): number | null {
  const override = model.provider === 'ollama' ? { inputPerMTok: 0, outputPerMTok: 0 } : undefined;
  return costUsd(usage, priceSource(model, { override }));
}

/** The cost the table gives for these token counts, computed by hand. */
export function expectedCostUsd(
  price: ProviderCase['price'],
  inputTokens: number,
  outputTokens: number,
): number {
  return (inputTokens * price.input + outputTokens * price.output) / 1e6;
}

/** The system clock, except that retry waits are recorded and return at once. */
export function instantClock(): Clock & { waitsMs: number[] } {
  const waitsMs: number[] = [];
  return {
    ...systemClock,
    waitsMs,
    sleep: async (ms) => {
      waitsMs.push(ms);
    },
  };
}

export interface JudgeRun {
  judges: Array<{ model: ModelId; live: Live }>;
  maxAttempts?: number;
  clock?: Clock;
  article?: string;
  output?: string;
}

/** Judges one output with these judges through one Dispatcher, as the run does. */
export function judge(run: JudgeRun): Promise<JudgeResult> {
  const dispatcher = new Dispatcher({
    providers: new Map(run.judges.map(({ live }) => [live.provider.name, live.provider])),
    concurrency: {},
    retryPolicy: DEFAULT_RETRY_POLICY,
    timeoutMs: 5_000,
    clock: run.clock ?? systemClock,
  });
  const options: JudgeOptions = {
    rubric,
    judges: run.judges.map(({ model }) => model),
    call: (model, request) => dispatcher.call(model, request),
    costOf,
    maxOutputTokens: MAX_OUTPUT_TOKENS,
    maxAttempts: run.maxAttempts ?? 2,
  };
  return judgeOutput(options, { article: run.article ?? ARTICLE, output: run.output ?? OUTPUT });
}

const AWS_FILES = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;

/**
 * Points the AWS SDK's config and credential files at an empty file for this test file, so the
 * Bedrock client can read nothing but the bearer token it is given. Returns the undo.
 */
export async function isolateAwsFiles(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'judge-providers-'));
  const empty = path.join(dir, 'aws-empty');
  await writeFile(empty, '');
  const saved = AWS_FILES.map((name) => [name, process.env[name]] as const);
  for (const name of AWS_FILES) process.env[name] = empty;
  return async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await rm(dir, { recursive: true, force: true });
  };
}
