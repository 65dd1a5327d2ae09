import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CALIBRATION_DATA,
  DEFAULT_CALIBRATION_REFERENCES,
  DEFAULT_CALIBRATION_RUBRIC,
  runCalibration,
} from '../../src/calibrate.js';
import {
  type CalibrationReport,
  type Correlation,
  summaryLevelCorrelation,
} from '../../src/judge/calibrate.js';
import { DIMENSIONS, type Dimension } from '../../src/judge/calibration-data.js';
import { formatUsd } from '../../src/report/format.js';
import { type CliResult, runCli, tempDir } from '../helpers/cli.js';
import {
  type OpenAIServer,
  type RecordedRequest,
  startOpenAIServer,
} from '../servers/openai-server.js';

interface Row {
  doc_id: string;
  system_id: string;
  summary: string;
  expert: Record<Dimension, number>;
}

const ROWS: Row[] = readFileSync(DEFAULT_CALIBRATION_DATA, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

/** The table row of one dimension: `│ relevance │ 0.327 │ 0.252 │ 100 │`. */
function tableRow(dimension: string, correlation: Correlation | null): RegExp {
  const figure = (value: number | null | undefined) => (value as number).toFixed(3);
  return new RegExp(
    `│ ${dimension}\\s*│\\s*${figure(correlation?.spearman)} │\\s*${figure(correlation?.kendall)} │\\s*${correlation?.documents} │`,
  );
}

describe('evals calibrate --scorer rouge-1 on the shipped SummEval data', () => {
  let table: CliResult;
  let json: CliResult;
  let expected: CalibrationReport;

  beforeAll(async () => {
    [table, json, expected] = await Promise.all([
      runCli(['calibrate', '--scorer', 'rouge-1']),
      runCli(['calibrate', '--scorer', 'rouge-1', '--json']),
      runCalibration({
        env: {},
        dataFile: DEFAULT_CALIBRATION_DATA,
        referencesFile: DEFAULT_CALIBRATION_REFERENCES,
        scorers: ['rouge-1'],
        rubricFile: DEFAULT_CALIBRATION_RUBRIC,
      }),
    ]);
  });

  it('prints the four dimensions with the figures the library computes', () => {
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const scorer = expected.scorers[0];
    for (const dimension of DIMENSIONS) {
      expect(table.stdout).toMatch(tableRow(dimension, scorer?.dimensions[dimension] ?? null));
    }
    expect(table.stdout).toMatch(/100 documents, 1,600 summaries/);
    expect(table.stdout).toMatch(/averaged over each document's references/);
  });

  it('gives figures in the range the literature reports for ROUGE-1 on SummEval', () => {
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as CalibrationReport;
    expect(report.scorers).toEqual(expected.scorers);
    expect(report.data).toMatchObject({ documents: 100, summaries: 1600, multiReference: 'mean' });

    // G-Eval (Liu et al., 2023) Table 1, ROUGE-1: rho 0.167 / 0.160 / 0.115 / 0.326 and tau
    // 0.126 / 0.130 / 0.094 / 0.252 for coherence, consistency, fluency, relevance.
    const published = { coherence: 0.167, consistency: 0.16, fluency: 0.115, relevance: 0.326 };
    const rouge1 = report.scorers[0];
    for (const dimension of DIMENSIONS) {
      const correlation = rouge1?.dimensions[dimension];
      expect(correlation?.spearman).toBeGreaterThan(published[dimension] - 0.02);
      expect(correlation?.spearman).toBeLessThan(published[dimension] + 0.02);
      expect(correlation?.kendall).toBeLessThan(correlation?.spearman as number);
      expect(correlation?.documents).toBeGreaterThanOrEqual(90);
    }
    expect(rouge1?.unscored).toBe(0);
    expect(rouge1?.costUsd).toBe(0);
  });
});

describe('evals calibrate with a judge through a loopback OpenAI server', () => {
  const LIMIT = 20;
  // gpt-5.4-mini in @pydantic/genai-prices: $0.75 in, $4.50 out per million tokens.
  const USAGE = { prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050 };
  const COST_PER_CALL = (1000 * 0.75 + 50 * 4.5) / 1e6;

  const documents = [...new Set(ROWS.map((r) => r.doc_id))].slice(0, LIMIT);
  const rows = ROWS.filter((r) => documents.includes(r.doc_id));
  // The fake judge gives each summary its experts' ratings, rounded; the summaries system M11
  // wrote get a reply that is not a verdict. A summary text two systems share gets the mean.
  const bySummary = new Map<string, Row[]>();
  for (const row of rows) bySummary.set(row.summary, [...(bySummary.get(row.summary) ?? []), row]);
  const verdictFor = (summary: string): Record<Dimension, number> | null => {
    const same = bySummary.get(summary) ?? [];
    if (same.length === 0 || same.some((r) => r.system_id === 'M11')) return null;
    const score = (d: Dimension) => same.reduce((sum, r) => sum + r.expert[d], 0) / same.length;
    return Object.fromEntries(DIMENSIONS.map((d) => [d, Math.round(score(d))])) as Record<
      Dimension,
      number
    >;
  };
  const unscored = rows.filter((r) => verdictFor(r.summary) === null).length;

  let server: OpenAIServer;
  let result: CliResult;

  beforeAll(async () => {
    server = await startOpenAIServer({
      apiKey: 'sk-test-key',
      respond: (request: RecordedRequest) => {
        const user = request.body.messages.find((m: { role: string }) => m.role === 'user');
        const output = /<output-[0-9a-f]+>\n([\s\S]*?)\n<\/output-/.exec(user.content)?.[1];
        const verdict = output === undefined ? null : verdictFor(output);
        const content = verdict
          ? JSON.stringify({ rationale: 'As the experts said.', scores: verdict })
          : 'I cannot grade this summary.';
        return { content, usage: USAGE };
      },
    });
    result = await runCli(
      ['calibrate', '--scorer', 'openai:gpt-5.4-mini', '--limit', String(LIMIT)].concat([
        '--concurrency',
        '32',
      ]),
      { env: { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: server.url }, cwd: await tempDir() },
    );
  });

  afterAll(() => server.close());

  it('judges every summary of the first 20 documents with the calibration rubric', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/20 documents, 320 summaries/);
    // Run from a temporary folder, the rubric outside it is shown by its absolute path.
    expect(result.stdout).toContain(`Judges followed ${DEFAULT_CALIBRATION_RUBRIC}.`);

    const judgeCalls = server.requests.filter((r) => r.path === '/v1/chat/completions');
    // Every scored summary takes one call; an unscored one its two attempts.
    expect(judgeCalls).toHaveLength(rows.length - unscored + 2 * unscored);
    const first = judgeCalls[0]?.body;
    expect(first?.model).toBe('gpt-5.4-mini');
    expect(first?.response_format?.json_schema?.schema?.properties?.scores?.required).toEqual([
      ...DIMENSIONS,
    ]);
  });

  it('writes a table of strong positive correlations, with unscored summaries left out', () => {
    expect(result.stdout).toMatch(
      /│ scorer\s*│ dimension\s*│ spearman ρ │ kendall τ │ documents kept │/,
    );
    expect(result.stdout).toMatch(/│ openai:gpt-5\.4-mini │ coherence/);
    for (const dimension of DIMENSIONS) {
      // What the library computes from the same verdicts (on 0..1, as the judge reports them).
      const expected = summaryLevelCorrelation(
        rows.map((r) => {
          const verdict = verdictFor(r.summary);
          return {
            docId: r.doc_id,
            score: verdict ? (verdict[dimension] - 1) / 4 : null,
            expert: r.expert[dimension],
          };
        }),
      );
      expect(expected.spearman).toBeGreaterThan(0.7);
      expect(result.stdout).toMatch(tableRow(dimension, expected));
    }

    expect(unscored).toBeGreaterThanOrEqual(LIMIT);
    expect(result.stdout).toContain(
      `openai:gpt-5.4-mini: ${unscored} of ${rows.length} summaries unscored, left out of the correlations; most often: reply is not JSON`,
    );
  });

  it('prints the judge cost: every call, retries included, priced from the table', () => {
    const calls = rows.length - unscored + 2 * unscored;
    expect(result.stdout).toContain(`Judge cost: ${formatUsd(calls * COST_PER_CALL)}`);
  });
});

describe('evals calibrate with a judge that never gives a verdict', () => {
  it('exits 1 and says so, rather than printing a table of unknowns as a result', async () => {
    const server = await startOpenAIServer({
      apiKey: 'sk-test-key',
      respond: () => ({ content: 'I would rather not.' }),
    });
    try {
      const result = await runCli(
        ['calibrate', '--scorer', 'openai:gpt-5.4-mini', '--limit', '1', '--concurrency', '16'],
        { env: { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: server.url } },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/│ coherence\s*│\s*unknown │\s*unknown │\s*0 │/);
      expect(result.stdout).toContain('16 of 16 summaries unscored');
      expect(result.stdout).toContain('openai:gpt-5.4-mini scored no summary');
    } finally {
      await server.close();
    }
  });
});

describe.concurrent('evals calibrate with bad input', () => {
  it.each([
    [['--scorer', 'rouge1'], /--scorer: unknown scorer "rouge1"; did you mean "rouge-1"\?/],
    [
      ['--scorer', 'openai:gpt-5.4-mini'],
      /openai:gpt-5\.4-mini cannot be called: .*OPENAI_API_KEY/,
    ],
    [['--data', 'missing.jsonl'], /missing\.jsonl: the rated summaries file not found/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const result = await runCli(['calibrate', ...args], { cwd: await tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
