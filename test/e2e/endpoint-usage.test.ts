import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/config/load-spec.js';
import { evaluate } from '../../src/evaluate.js';
import { tempDir } from '../helpers/cli.js';
import { rowsOnDisk, writeSpec } from '../helpers/spec.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

const SUMMARY = 'Officials said a gas explosion brought down the building.';
const MODEL = 'vllm:qwen3-8b';

describe('a named OpenAI-compatible endpoint whose server sends no usage', () => {
  let dir: string;
  let vllm: OpenAIServer;

  beforeAll(async () => {
    dir = await tempDir('evals-endpoint-');
    vllm = await startOpenAIServer({
      apiKey: 'vllm-secret',
      respond: () => ({ content: SUMMARY, usage: null }),
    });
  });

  afterAll(async () => {
    await vllm?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives an ok row with unknown tokens and cost (null, never 0), and says why', async () => {
    const file = await writeSpec(dir, {
      name: 'endpoint',
      // A price is set, so only the missing token counts can make the cost unknown.
      models: [{ id: MODEL, price: { inputPerMTok: 0.05, outputPerMTok: 0.1 } }],
      generation: { timeoutMs: 10_000 },
      extra: [
        'endpoints:',
        '  vllm:',
        `    baseUrl: ${vllm.url}`,
        '    apiKeyEnv: VLLM_API_KEY',
      ].join('\n'),
    });
    const spec = await loadSpec(file);
    const result = await evaluate({
      spec,
      env: { VLLM_API_KEY: 'vllm-secret' },
      outDir: path.join(dir, 'out'),
      limit: 1,
    });

    expect(await rowsOnDisk(result.runDir)).toEqual(JSON.parse(JSON.stringify(result.rows)));
    expect(result.rows).toHaveLength(1);
    const row = result.rows[0];
    expect(row?.status, row?.error?.message).toBe('ok');
    expect(row?.model).toBe(MODEL);
    expect(row?.output).toBe(SUMMARY);
    expect(row?.attempts).toBe(1);
    expect(row?.inputTokens).toBeNull();
    expect(row?.outputTokens).toBeNull();
    expect(row?.costUsd).toBeNull();
    expect(row?.warnings).toContain('the server sent no usage, so tokens and cost are unknown');

    // The endpoint's key, and the output limit under the name compatible servers know.
    expect(vllm.requests).toHaveLength(1);
    const request = vllm.requests[0];
    expect(request?.headers.authorization).toBe('Bearer vllm-secret');
    expect(request?.body.model).toBe('qwen3-8b');
    expect(request?.body.max_tokens).toBe(spec.generation.maxOutputTokens);
    expect(request?.body).not.toHaveProperty('max_completion_tokens');

    const summary = result.summary.models.find((m) => m.model === MODEL);
    expect(summary?.ok).toBe(1);
    expect(summary?.totalCostUsd).toBeNull();
    expect(summary?.costPer1kUsd).toBeNull();
    expect(result.summary.totals.generationCostUsd).toBeNull();
  });
});
