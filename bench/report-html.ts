/**
 * How long the HTML report takes to render, and how much it weighs, for a full-size run:
 * 10 models over 139 articles, 80-word outputs, two judges with rationales, checks, ROUGE.
 * When Chromium is installed (/usr/bin/chromium) it also times the page opening from a file.
 *
 *   node --import tsx bench/report-html.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { renderReport } from '../src/report/html.js';
import type { ReportInput } from '../src/report/view.js';
import { buildSyntheticRun, SYNTHETIC_JUDGES } from '../test/browser/synthetic-run.js';

const MODELS = 10;
const ARTICLES = 139;
const WARM_RUNS = 5;
const TARGET_MS = 2000;
const TARGET_BYTES = 5 * 1024 * 1024;
const CHROMIUM = '/usr/bin/chromium';

const run = buildSyntheticRun({
  models: MODELS,
  articles: ARTICLES,
  judges: SYNTHETIC_JUDGES,
  references: true,
  errors: [
    { model: 'openai:gpt-5.4-nano', article: 4, kind: 'timeout', message: 'no reply in 120 s' },
    { model: 'ollama:qwen3:8b', article: 9, kind: 'server', message: 'model runner crashed' },
  ],
});
const earlier = buildSyntheticRun({
  models: MODELS,
  articles: ARTICLES,
  judges: SYNTHETIC_JUDGES,
  seed: 11,
  qualityShift: -0.03,
  runId: 'earlier',
}).summary;
const input: ReportInput = {
  summary: run.summary,
  rows: run.rows,
  prompt: run.summary.settings.prompt,
  rubric: run.summary.settings.rubric,
  chosenModel: 'openai:gpt-5.4-mini',
  earlier,
};

// The first render also reads and compiles the templates, as `evals report` does once.
let started = performance.now();
const html = renderReport(input);
const coldMs = performance.now() - started;

const warm: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) {
  started = performance.now();
  renderReport(input);
  warm.push(performance.now() - started);
}
warm.sort((a, b) => a - b);
const warmMs = warm[Math.floor(warm.length / 2)] ?? Number.NaN;
const bytes = Buffer.byteLength(html);

console.log(`report.html for ${MODELS} models x ${ARTICLES} articles (${run.rows.length} rows)`);
console.log(`  render, first (templates compiled): ${coldMs.toFixed(0)} ms`);
console.log(`  render, median of ${WARM_RUNS} more:           ${warmMs.toFixed(0)} ms`);
console.log(
  `  size: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes.toLocaleString('en-US')} bytes)`,
);

const browserMs = existsSync(CHROMIUM) ? await openInChromium(html) : null;
if (browserMs) {
  console.log(`  Chromium, file:// to load event: ${browserMs.load.toFixed(0)} ms`);
  console.log(`  Chromium, first contentful paint: ${browserMs.paint.toFixed(0)} ms`);
} else {
  console.log(`  Chromium: not timed (${CHROMIUM} is missing)`);
}

const slowest = Math.max(coldMs, browserMs?.load ?? 0);
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
console.log(`render under ${TARGET_MS} ms: ${verdict(slowest < TARGET_MS)}`);
console.log(`size under 5 MB: ${verdict(bytes < TARGET_BYTES)}`);

async function openInChromium(page: string): Promise<{ load: number; paint: number }> {
  const { chromium } = await import('playwright-core');
  const dir = await mkdtemp(path.join(tmpdir(), 'evals-bench-'));
  const file = path.join(dir, 'report.html');
  await writeFile(file, page);
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const tab = await context.newPage();
    await tab.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // A string, so the page's own `performance` (not Node's types) is what runs.
    return await tab.evaluate<{ load: number; paint: number }>(`({
      load: performance.getEntriesByType('navigation')[0]?.duration ?? NaN,
      paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    })`);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}
