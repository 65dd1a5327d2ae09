/**
 * Summarizes one article through the route a routing.json gives, the way a production agent
 * would: the primary model first, then the fallbacks, with the harness's retries and deadlines.
 *
 *   node --import tsx examples/router.ts reports/summarize/<run-id>/routing.json
 *   node --import tsx examples/router.ts routing.json --task headline --article wikinews-e8d671d30811
 *
 * Credentials come from the usual variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, AWS_REGION and
 * AWS keys, OLLAMA_HOST, ...). The answer goes to stdout; which model gave it, what it cost and
 * every model tried go to stderr.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// In your own project: import { createRouter, loadRoutingConfig, RouterError } from 'batch-evals';
import { ConfigError } from '../src/config/errors.js';
import { DatasetError } from '../src/dataset/errors.js';
import { loadDataset } from '../src/dataset/load.js';
import { loadRoutingConfig } from '../src/routing/parse.js';
import { createRouter, RouterError } from '../src/routing/router.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/wikinews.jsonl', import.meta.url));

async function run(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      task: { type: 'string', default: 'summarize' },
      article: { type: 'string' },
      fixtures: { type: 'string', default: FIXTURES },
    },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('usage: examples/router.ts <routing.json> [--task t] [--article id]\n');
    return 2;
  }

  // The pinned AWS SDK works on Node 20; its warning about releases after 2027 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  // The router reads credentials from process.env unless it is given an `env`.
  const config = await loadRoutingConfig(file);
  const router = createRouter(config, { source: path.relative(process.cwd(), file) });

  const { articles } = await loadDataset(path.resolve(values.fixtures));
  const article = values.article ? articles.find((a) => a.id === values.article) : articles[0];
  if (!article) {
    process.stderr.write(`no article "${values.article}" in ${values.fixtures}\n`);
    return 2;
  }

  const result = await router.complete(values.task, article);
  process.stdout.write(`${result.text}\n`);

  const tokens = `${result.usage.inputTokens ?? '?'} in, ${result.usage.outputTokens ?? '?'} out`;
  const cost = result.costUsd === null ? 'cost unknown' : `$${result.costUsd.toFixed(6)}`;
  process.stderr.write(
    `${values.task} of ${article.id} by ${result.model}: ${tokens}, ${cost}, ` +
      `${Math.round(result.latencyMs)} ms\n`,
  );
  for (const attempt of result.attempts) {
    const outcome = attempt.ok
      ? 'answered'
      : `${attempt.skipped ? 'skipped' : attempt.errorKind}: ${attempt.message}`;
    process.stderr.write(`  ${attempt.model}: ${outcome}\n`);
  }
  return 0;
}

try {
  process.exitCode = await run();
} catch (error) {
  if (error instanceof RouterError) {
    process.stderr.write(`router: ${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof ConfigError || error instanceof DatasetError) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
