/**
 * Starts the four loopback servers in a process of their own, for benchmarks that must measure
 * the client's CPU alone: `node --import tsx test/servers/serve.ts`. Prints one JSON line
 * `{openai, anthropic, bedrock, ollama}` with the URLs to give each SDK, then serves until its
 * stdin closes (the parent exited or let go of it) or it gets SIGTERM or SIGINT.
 *
 * Every server runs with its defaults: deterministic replies of at most 40 words, no delay.
 */
import { startAnthropicServer } from './anthropic-server.js';
import { startBedrockServer } from './bedrock-server.js';
import { startOllamaServer } from './ollama-server.js';
import { startOpenAIServer } from './openai-server.js';

/** How often the recorded requests are dropped. */
const FORGET_INTERVAL_MS = 1_000;

const servers = {
  openai: await startOpenAIServer(),
  anthropic: await startAnthropicServer(),
  bedrock: await startBedrockServer(),
  ollama: await startOllamaServer(),
};

// The servers record every request for tests to inspect; over a benchmark's hundred thousand
// calls that record would only grow the heap and slow the server's garbage collection.
const forget = setInterval(() => {
  for (const server of Object.values(servers)) server.requests.length = 0;
}, FORGET_INTERVAL_MS);
forget.unref();

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  clearInterval(forget);
  await Promise.all(Object.values(servers).map((server) => server.close()));
  process.exit(0);
}

process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
process.stdin.once('end', () => void shutdown());
process.stdin.once('close', () => void shutdown());
process.stdin.resume();

const urls = Object.fromEntries(
  Object.entries(servers).map(([name, server]) => [name, server.url]),
);
process.stdout.write(`${JSON.stringify(urls)}\n`);
