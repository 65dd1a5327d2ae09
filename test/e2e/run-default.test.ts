import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/results/summary-types.js';
import type { ResultRow } from '../../src/results/types.js';
import { routingConfigSchema } from '../../src/routing/schema.js';
import { type CliResult, onlyRunDir, readJsonl, runCli, tempDir } from '../helpers/cli.js';

// The README's first command, as a new user runs it: the embedded default, no API keys.
describe('evals run summarize with no API keys', () => {
  let out: string;
  let result: CliResult;
  let runDir: string;
  let rows: ResultRow[];

  beforeAll(async () => {
    out = await tempDir();
    result = await runCli(['run', 'summarize', '--out', out]);
    runDir = await onlyRunDir(out, 'summarize');
    rows = await readJsonl<ResultRow>(path.join(runDir, 'results.jsonl'));
  });

  it('exits 0 and says the run is unjudged', () => {
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Unjudged/);
    expect(result.stdout).toMatch(/Route for summarize: local:/);
  });

  it('writes one row per (model, article): ok for the baselines, skipped with a reason else', async () => {
    const fixtures = (await readFile(path.resolve('fixtures/wikinews.jsonl'), 'utf8'))
      .trim()
      .split('\n').length;
    const models = new Set(rows.map((r) => r.model));
    expect(fixtures).toBe(139);
    expect(models.size).toBeGreaterThanOrEqual(10);
    expect(rows).toHaveLength(models.size * fixtures);

    const pairs = new Set(rows.map((r) => `${r.model}|${r.articleId}`));
    expect(pairs.size).toBe(rows.length);

    for (const row of rows) {
      if (row.model.startsWith('local:')) {
        expect(row.status).toBe('ok');
        expect(row.output?.length).toBeGreaterThan(0);
        expect(row.costUsd).toBe(0);
        expect(row.checks.length).toBeGreaterThan(0);
      } else {
        expect(row.status).toBe('skipped');
        expect(row.skipReason).toMatch(/not set|credentials|not reachable/);
        expect(row.costUsd).toBeNull();
      }
      expect(row.judge).toBeNull();
    }
    const skippedOpenAI = rows.find((r) => r.model.startsWith('openai:'));
    expect(skippedOpenAI?.skipReason).toBe('OPENAI_API_KEY is not set');
  });

  it('writes a summary that ranks by checks and says why it is unjudged', async () => {
    const summary = JSON.parse(
      await readFile(path.join(runDir, 'summary.json'), 'utf8'),
    ) as RunSummary;
    expect(summary.rankedBy).toBe('checks');
    expect(summary.judge.judged).toBe(false);
    expect(summary.judge.reason).toMatch(/OPENAI_API_KEY is not set/);
    expect(summary.settings.fixtureCount).toBe(139);
    expect(summary.priceTable.source).toBe('@pydantic/genai-prices');
    const lead = summary.models.find((m) => m.model === 'local:lead-3');
    expect(lead?.ok).toBe(139);
    expect(lead?.checkPassRate).toBeGreaterThan(0);
    expect(lead?.costPer1kUsd).toBe(0);
    const skipped = summary.models.filter((m) => m.status === 'skipped');
    expect(skipped.length).toBe(summary.models.length - 2);
  });

  it('writes a routing config that validates and a self-contained report', async () => {
    const routing = routingConfigSchema.parse(
      JSON.parse(await readFile(path.join(runDir, 'routing.json'), 'utf8')),
    );
    expect(routing.routes.summarize?.primary.model).toMatch(/^local:/);
    const html = await readFile(path.join(runDir, 'report.html'), 'utf8');
    expect(html).toMatch(/unjudged/i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });
});
