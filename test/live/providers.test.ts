import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/config/load-spec.js';
import { evaluate } from '../../src/evaluate.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/**
 * Live tests: one real call per provider, through the same path as `evals run`. They spend a
 * few cents, so they run only with `EVALS_LIVE=1` and the provider's own credentials set:
 *   EVALS_LIVE=1 OPENAI_API_KEY=... npx vitest run test/live
 */
const live = process.env.EVALS_LIVE === '1';
const env = process.env;

const CASES: Array<{ model: string; ready: boolean }> = [
  { model: 'openai:gpt-5.4-nano', ready: Boolean(env.OPENAI_API_KEY) },
  { model: 'anthropic:claude-haiku-4-5', ready: Boolean(env.ANTHROPIC_API_KEY) },
  {
    model: 'bedrock:us.amazon.nova-2-lite-v1:0',
    ready:
      Boolean(env.AWS_REGION) &&
      Boolean(env.AWS_BEARER_TOKEN_BEDROCK || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE),
  },
  { model: `ollama:${env.EVALS_LIVE_OLLAMA_MODEL ?? 'qwen3:8b'}`, ready: Boolean(env.OLLAMA_HOST) },
];

describe.skipIf(!live)('live providers (EVALS_LIVE=1)', () => {
  for (const { model, ready } of CASES) {
    it.skipIf(!ready)(
      `${model}: one summary with real usage and cost`,
      async () => {
        const spec = await loadSpec(path.join(REPO_ROOT, 'evals', 'summarize.yaml'));
        const { rows } = await evaluate({
          spec,
          env,
          outDir: await tempDir('evals-live-'),
          models: [model],
          judges: [],
          limit: 1,
        });
        const row = rows[0];
        expect(row?.status, row?.error?.message ?? row?.skipReason ?? '').toBe('ok');
        expect(row?.output?.split(/\s+/).length).toBeGreaterThan(20);
        expect(row?.inputTokens).toBeGreaterThan(100);
        expect(row?.outputTokens).toBeGreaterThan(10);
        if (!model.startsWith('ollama:')) expect(row?.costUsd).toBeGreaterThan(0);
        expect(row?.ttftMs).not.toBeNull();
        expect(row?.ttftMs as number).toBeLessThan(row?.latencyMs as number);
      },
      180_000,
    );
  }
});
