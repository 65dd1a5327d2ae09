import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { didYouMean } from './errors.js';
import { checkModelId, loadSpec, PACKAGE_ROOT, resolveEvalPath } from './load-spec.js';

const RUBRIC = path.join(PACKAGE_ROOT, 'evals', 'summarize.rubric.yaml');

describe('the embedded summarize spec', () => {
  it('loads, with about ten candidates across every provider', async () => {
    const spec = await loadSpec(resolveEvalPath('summarize', PACKAGE_ROOT));
    const providers = spec.models.map((m) => m.provider);
    expect(spec.name).toBe('summarize');
    expect(spec.task).toBe('summarize');
    expect(spec.models.length).toBeGreaterThanOrEqual(10);
    expect(providers.filter((p) => p === 'bedrock').length).toBeGreaterThanOrEqual(3);
    expect(providers.filter((p) => p === 'anthropic').length).toBeGreaterThanOrEqual(2);
    expect(providers.filter((p) => p === 'openai').length).toBeGreaterThanOrEqual(2);
    expect(providers.filter((p) => p === 'ollama').length).toBe(2);
    expect(providers.filter((p) => p === 'local').length).toBe(2);
    expect(spec.prompt.template).toContain('{{body}}');
    expect(spec.rubric.criteria.map((c) => c.id)).toEqual([
      'faithfulness',
      'coverage',
      'concision',
      'fluency',
    ]);
    expect(spec.checks.length).toBeGreaterThan(0);
  });
});

describe('loadSpec errors name the file, the key path and its line', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spec-'));
  });

  async function load(text: string) {
    const file = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, text);
    return loadSpec(file);
  }

  const base = (models: string) =>
    `fixtures: f.jsonl\nprompt:\n  template: "{{body}}"\nrubric: ${RUBRIC}\nmodels:\n${models}`;

  it('an unknown provider, with a suggestion', async () => {
    await expect(
      load(base('  - id: local:lead-3\n  - id: antropic:claude-haiku-4-5\n')),
    ).rejects.toThrow(
      /:7: models\[1\]\.id: unknown provider "antropic"; did you mean "anthropic"\?/,
    );
  });

  it('an unknown local baseline', async () => {
    await expect(load(base('  - id: local:lead\n'))).rejects.toThrow(
      /models\[0\]\.id: unknown local baseline "lead"/,
    );
  });

  it('a model listed twice', async () => {
    await expect(load(base('  - id: local:lead-3\n  - id: local:lead-3\n'))).rejects.toThrow(
      /models\[1\]\.id: "local:lead-3" is listed twice/,
    );
  });

  it('a wrong type, with the line', async () => {
    await expect(
      load(`${base('  - id: local:lead-3\n')}generation:\n  maxOutputTokens: lots\n`),
    ).rejects.toThrow(/:8: generation\.maxOutputTokens: .*number/);
  });

  it('both prompt.file and prompt.template', async () => {
    await expect(
      load(
        `fixtures: f\nprompt:\n  file: p.hbs\n  template: x\nrubric: ${RUBRIC}\nmodels:\n  - id: local:lead-3\n`,
      ),
    ).rejects.toThrow(/prompt: give exactly one of prompt.file and prompt.template/);
  });

  it('a missing rubric file', async () => {
    await expect(
      load(
        'fixtures: f\nprompt:\n  template: x\nrubric: nope.yaml\nmodels:\n  - id: local:lead-3\n',
      ),
    ).rejects.toThrow(/nope\.yaml: the rubric \(rubric\) not found/);
  });

  it('a local baseline as judge', async () => {
    await expect(
      load(`${base('  - id: local:lead-3\n')}judge:\n  models: [local:lead-3]\n`),
    ).rejects.toThrow(/judge\.models\[0\]: a local baseline cannot judge/);
  });

  it('a named endpoint becomes a provider', async () => {
    const spec = await load(
      `${base('  - id: groq:llama-3.3-70b-versatile\n')}endpoints:\n  groq:\n    baseUrl: http://127.0.0.1:9/v1\n    apiKeyEnv: GROQ_API_KEY\n`,
    );
    expect(spec.models[0]).toMatchObject({ provider: 'groq', model: 'llama-3.3-70b-versatile' });
  });
});

describe('model ids', () => {
  it('split at the first colon', () => {
    expect(checkModelId('ollama:qwen3:8b', {})).toMatchObject({
      provider: 'ollama',
      model: 'qwen3:8b',
    });
    expect(checkModelId('bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0', {})).toMatchObject({
      provider: 'bedrock',
      model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    });
  });

  it('without a colon are rejected with an example', () => {
    expect(checkModelId('gpt-5.4-mini', {})).toMatch(/write provider:model/);
  });

  it('suggest only near misses', () => {
    expect(didYouMean('opnai', ['openai', 'anthropic'])).toBe('openai');
    expect(didYouMean('mistral', ['openai', 'anthropic'])).toBeNull();
  });
});
