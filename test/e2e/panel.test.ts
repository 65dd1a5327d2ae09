import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/config/load-spec.js';
import { type EvaluateResult, evaluate } from '../../src/evaluate.js';
import type { RunSummary } from '../../src/results/summary-types.js';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';
import { type AnthropicServer, startAnthropicServer } from '../servers/anthropic-server.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

const CRITERIA = ['faithfulness', 'coverage', 'concision', 'fluency'] as const;

/** Scores that vary with the judged text, so two judges agree imperfectly but clearly. */
function scoresFor(prompt: string, offset: number): Record<string, number> {
  const size = prompt.length;
  return {
    faithfulness: 1 + ((size + offset) % 5),
    coverage: 1 + (size % 5),
    concision: 3,
    fluency: 4,
  };
}

// A run judged by a two-judge panel from two families: both judges' scores on every row, the
// aggregate, the agreement, and each model's quality interval in summary.json.
describe('a run with a two-judge panel', () => {
  let openai: OpenAIServer;
  let anthropic: AnthropicServer;
  let result: EvaluateResult;
  let summary: RunSummary;

  beforeAll(async () => {
    openai = await startOpenAIServer({
      apiKey: 'sk-openai',
      respond: (request) => {
        const prompt = String(request.body.messages.at(-1).content);
        if (!request.body.response_format) return { content: 'A short summary of the news.' };
        return {
          content: JSON.stringify({ rationale: 'openai judge', scores: scoresFor(prompt, 0) }),
        };
      },
    });
    anthropic = await startAnthropicServer({
      apiKey: 'sk-ant',
      respond: (request) => {
        const prompt = String(request.body.messages.at(-1).content);
        const name = request.body.tools?.[0]?.name ?? 'verdict';
        return {
          toolUse: { name, input: { rationale: 'anthropic judge', scores: scoresFor(prompt, 1) } },
        };
      },
    });

    const dir = await tempDir();
    const specFile = path.join(dir, 'panel.yaml');
    await writeFile(
      specFile,
      [
        'name: panel',
        `fixtures: ${path.join(REPO_ROOT, 'fixtures', 'wikinews.jsonl')}`,
        'prompt:',
        '  template: "{{body}}"',
        `rubric: ${path.join(REPO_ROOT, 'evals', 'summarize.rubric.yaml')}`,
        'models:',
        '  - id: local:lead-3',
        '  - id: local:textrank-3',
        '  - id: openai:gpt-5.4-nano',
        'judge:',
        '  models: [openai:gpt-5.4-mini, anthropic:claude-sonnet-5]',
        '  aggregate: mean',
      ].join('\n'),
    );
    result = await evaluate({
      spec: await loadSpec(specFile),
      env: {
        OPENAI_API_KEY: 'sk-openai',
        OPENAI_BASE_URL: openai.url,
        ANTHROPIC_API_KEY: 'sk-ant',
        ANTHROPIC_BASE_URL: anthropic.url,
      },
      outDir: dir,
      limit: 8,
    });
    summary = JSON.parse(await readFile(path.join(result.runDir, 'summary.json'), 'utf8'));
  });

  afterAll(async () => {
    await Promise.all([openai.close(), anthropic.close()]);
  });

  it('writes both judges scores per criterion and their mean on each baseline row', () => {
    const rows = result.rows.filter((r) => r.model.startsWith('local:'));
    expect(rows).toHaveLength(16);
    for (const row of rows) {
      const verdicts = row.judge?.verdicts ?? [];
      expect(verdicts.map((v) => v.model).sort()).toEqual([
        'anthropic:claude-sonnet-5',
        'openai:gpt-5.4-mini',
      ]);
      for (const verdict of verdicts) {
        expect(verdict.status).toBe('scored');
        expect(Object.keys(verdict.scores).sort()).toEqual([...CRITERIA].sort());
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      expect(row.judge?.overall).toBeCloseTo(mean(verdicts.map((v) => v.overall as number)), 12);
      const faithfulness = verdicts.map((v) => ((v.scores.faithfulness as number) - 1) / 4);
      expect(row.judge?.criteria.faithfulness).toBeCloseTo(mean(faithfulness), 12);
    }
  });

  it('keeps the OpenAI judge away from an OpenAI candidate', () => {
    const rows = result.rows.filter((r) => r.model === 'openai:gpt-5.4-nano');
    for (const row of rows) {
      expect(row.judge?.verdicts.map((v) => v.model)).toEqual(['anthropic:claude-sonnet-5']);
      expect(row.judge?.excluded).toEqual(['openai:gpt-5.4-mini']);
    }
    const nano = summary.models.find((m) => m.model === 'openai:gpt-5.4-nano');
    expect(nano?.judges).toEqual(['anthropic:claude-sonnet-5']);
    const judgeRequests = openai.requests.filter((r) => r.body?.response_format);
    // Only the 16 baseline outputs went to the OpenAI judge.
    expect(judgeRequests).toHaveLength(16);
  });

  it('reports the agreement and a quality interval per model in summary.json', () => {
    expect(summary.judge.used).toEqual(['openai:gpt-5.4-mini', 'anthropic:claude-sonnet-5']);
    expect(summary.judge.aggregate).toBe('mean');
    expect(summary.judge.agreement?.outputs).toBe(16);
    const alpha = summary.judge.agreement?.krippendorffAlpha;
    expect(alpha).not.toBeNull();
    expect(alpha as number).toBeLessThan(1);
    expect(summary.judge.agreement?.meanPairwiseSpearman).not.toBeNull();
    for (const model of summary.models) {
      expect(model.quality).not.toBeNull();
      expect(model.quality?.low as number).toBeLessThanOrEqual(model.quality?.mean as number);
      expect(model.quality?.high as number).toBeGreaterThanOrEqual(model.quality?.mean as number);
      expect(model.quality?.n).toBe(8);
      expect(Object.keys(model.criteria).sort()).toEqual([...CRITERIA].sort());
    }
    expect(summary.rankedBy).toBe('quality');
  });
});
