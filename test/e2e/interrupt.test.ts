import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/results/summary-types.js';
import type { ResultRow } from '../../src/results/types.js';
import { onlyRunDir, REPO_ROOT, readJsonl, tempDir } from '../helpers/cli.js';
import { type OpenAIServer, startOpenAIServer } from '../servers/openai-server.js';

// Ctrl-C during a run: no new calls are sent, the calls in flight finish (they are paid for),
// and the run folder is written for every row that finished.
describe('evals run interrupted with Ctrl-C', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({
      apiKey: 'sk-test',
      respond: async () => {
        await new Promise((resolve) => setTimeout(resolve, 150));
        return { content: 'A summary of the article.' };
      },
    });
  });
  afterAll(() => server.close());

  it('keeps the finished rows, writes the summary and report, and exits 130', async () => {
    const out = await tempDir();
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin', 'evals.js'),
        'run',
        'summarize',
        '--models',
        'openai:gpt-5.4-nano',
        '--judge',
        '',
        '--concurrency',
        '2',
        '--out',
        out,
      ],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          OPENAI_API_KEY: 'sk-test',
          OPENAI_BASE_URL: server.url,
          AWS_EC2_METADATA_DISABLED: 'true',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Wait until a few calls have been answered, then press Ctrl-C once.
    while (server.requests.length < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

    expect(stderr).toContain('Stopping: no new calls');
    expect(code).toBe(130);
    const runDir = await onlyRunDir(out, 'summarize');
    const rows = await readJsonl<ResultRow>(path.join(runDir, 'results.jsonl'));
    const sent = server.requests.length;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBeLessThan(139);
    // Every call that was sent finished and was kept; none was cut.
    expect(rows).toHaveLength(sent);
    expect(rows.every((row) => row.status === 'ok')).toBe(true);
    const summary = JSON.parse(
      await readFile(path.join(runDir, 'summary.json'), 'utf8'),
    ) as RunSummary;
    expect(summary.warnings.join(' ')).toMatch(/interrupted/);
    expect(summary.models[0]?.ok).toBe(rows.length);
    expect(summary.models[0]?.errorRate).toBe(0);
    await expect(readFile(path.join(runDir, 'report.html'), 'utf8')).resolves.toContain('<html');
  });
});
