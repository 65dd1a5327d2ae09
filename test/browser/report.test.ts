/**
 * The report in a real browser: Debian's Chromium driven by playwright-core, the page opened
 * from a file as a reader opens it. Skipped, with a message, only where /usr/bin/chromium is
 * missing (`apt-get install -y chromium`; CI installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/context.js';
import { reportCommand } from '../../src/cli/report.js';
import { rankModels } from '../../src/report/rank.js';
import { runFiles, writeJson } from '../../src/results/files.js';
import type { ModelSummary } from '../../src/results/summary-types.js';
import type { ResultRow } from '../../src/results/types.js';
import { chooseRoute } from '../../src/routing/choose.js';
import { buildSyntheticRun, SYNTHETIC_JUDGES, SYNTHETIC_MODELS } from './synthetic-run.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `Skipping the browser tests: ${CHROMIUM} is missing. Install it with ` +
      '`apt-get update && apt-get install -y chromium`.',
  );
}

const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">';
const HOSTILE = `A summary. ${SCRIPT_PAYLOAD} ${IMG_PAYLOAD}`;

const SKIPPED = 'bedrock:us.amazon.nova-2-lite-v1:0';
const FAILING = 'openai:gpt-5.4-nano';
const HOSTILE_MODEL = 'anthropic:claude-haiku-4-5';

const run = buildSyntheticRun({
  models: 8,
  articles: 6,
  judges: SYNTHETIC_JUDGES,
  skipped: [SKIPPED],
  errors: [{ model: FAILING, article: 2, kind: 'timeout', message: 'no reply in 120 s' }],
  outputs: [{ model: HOSTILE_MODEL, article: 1, text: HOSTILE }],
  references: true,
});
const earlier = buildSyntheticRun({
  models: 7,
  articles: 6,
  judges: SYNTHETIC_JUDGES,
  seed: 3,
  qualityShift: -0.3,
  runId: '2026-05-01T02-00-00Z-earlier',
}).summary;
// What `evals report` marks as chosen, worked out the way it does.
const chosen =
  chooseRoute(run.summary, run.summary.settings.routing).primary?.summary.model ?? null;
const articleIds = [...new Set(run.rows.map((r) => r.articleId))];

/** Writes a run folder as `evals run` leaves it; the earlier run needs its summary only. */
async function writeRunFolder(dir: string, rows: ResultRow[] | null, summary = run.summary) {
  const files = runFiles(dir);
  await writeJson(files.summary, summary);
  if (rows) await writeFile(files.results, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return files;
}

/** `evals report <dir> [--compare <earlier>]`, in-process. */
async function report(dir: string, compare?: string): Promise<void> {
  const quiet = { write: () => true } as unknown as NodeJS.WriteStream;
  const context: CommandContext = {
    env: {},
    io: { stdout: quiet, stderr: quiet, cwd: dir },
    setExitCode: () => {},
  };
  await reportCommand(dir, compare ? { compare } : {}, context);
}

/** What a reader calls a failure: a failed call, a failed check, an unscored output. */
function failing(row: ResultRow): boolean {
  if (row.status === 'error') return true;
  if (row.status !== 'ok') return false;
  return row.checks.some((c) => !c.passed) || row.judge?.status !== 'scored';
}

interface OpenedPage {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
}

describe.skipIf(!available)('report.html in Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  const files = { plain: '', compared: '' };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evals-browser-'));
    const plain = await writeRunFolder(path.join(dir, 'plain'), run.rows);
    const compared = await writeRunFolder(path.join(dir, 'compared'), run.rows);
    await writeRunFolder(path.join(dir, 'earlier'), null, earlier);
    await report(path.join(dir, 'plain'));
    await report(path.join(dir, 'compared'), path.join(dir, 'earlier'));
    files.plain = plain.report;
    files.compared = compared.report;
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(file: string): Promise<OpenedPage> {
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, requests, errors };
  }

  async function visibleOutputs(page: Page): Promise<{ model: string; flags: string }[]> {
    return page.$$eval('.article:not([hidden]) .out:not([hidden])', (outputs) =>
      outputs.map((o) => ({
        model: o.querySelector('h4')?.firstChild?.textContent?.trim() ?? '',
        flags: o.getAttribute('data-flags') ?? '',
      })),
    );
  }

  it('opens offline: no request but the file itself, and no console error', async () => {
    const { page, url, requests, errors } = await open(files.compared);
    // Exercise the page a little so late requests (a lazy image, say) would show.
    await page.selectOption('#article-select', '1');
    await page.getByRole('button', { name: 'Cost / 1k' }).click();

    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('runs no script from an output, and shows the payloads as text', async () => {
    const { page } = await open(files.plain);
    await page.selectOption('#article-select', '1');

    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    const text = page.locator('.article:not([hidden]) .out .text', { hasText: SCRIPT_PAYLOAD });
    // Unescaped, the page's CSP would still stop the payload; the text is what shows the escape.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point.
    expect(await text.innerText({ timeout: 2000 })).toBe(HOSTILE);
    expect(await text.isVisible()).toBe(true);
    expect(await page.locator('main img').count()).toBe(0);
    await page.close();
  });

  it('plots each judged model of known cost, the frontier and the chosen model', async () => {
    const { page } = await open(files.plain);
    const plottable = run.summary.models
      .filter((m) => m.status === 'ran' && m.quality !== null && m.costPer1kUsd !== null)
      .map((m) => m.model);

    const plotted = await page.$$eval('circle[data-model]', (circles) =>
      circles.map((c) => c.getAttribute('data-model')),
    );
    expect(plotted.sort()).toEqual([...plottable].sort());
    expect(plotted).not.toContain(SKIPPED);

    const frontier = page.locator('polyline.frontier');
    expect(await frontier.isVisible()).toBe(true);
    expect((await frontier.getAttribute('points'))?.split(' ').length).toBeGreaterThanOrEqual(2);

    expect(chosen).not.toBeNull();
    expect(await page.locator('g.pt.chosen circle').getAttribute('data-model')).toBe(chosen);
    const chosenRow = page.locator('#ranking tr.chosen th[scope="row"]');
    // biome-ignore lint/performance/useDomNodeTextContent: the badge's rendered spacing matters.
    expect(await chosenRow.innerText()).toContain(`${chosen} chosen`);
    await page.close();
  });

  it('sorts the ranking by a clicked column, unknowns last, and says so in aria-sort', async () => {
    const { page } = await open(files.plain);
    const ranked = rankModels(run.summary);
    const rankText = (m: ModelSummary) =>
      m.status === 'skipped' ? '—' : String(ranked.indexOf(m) + 1);
    const firstColumn = () =>
      page.$$eval('#ranking tbody tr', (rows) =>
        rows.map((r) => r.querySelector('td')?.textContent ?? ''),
      );
    const header = page.locator('#ranking th', {
      has: page.getByRole('button', { name: 'Cost / 1k' }),
    });

    expect(await firstColumn()).toEqual(ranked.map(rankText));

    await page.getByRole('button', { name: 'Cost / 1k' }).click();
    const byCost = [...ranked].sort((a, b) => order(a.costPer1kUsd, b.costPer1kUsd, 1));
    expect(await firstColumn()).toEqual(byCost.map(rankText));
    expect(await firstColumn()).not.toEqual(ranked.map(rankText));
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('#ranking th[aria-sort]').count()).toBe(1);

    await page.getByRole('button', { name: 'Cost / 1k' }).click();
    const byCostDesc = [...ranked].sort((a, b) => order(a.costPer1kUsd, b.costPer1kUsd, -1));
    expect(await firstColumn()).toEqual(byCostDesc.map(rankText));
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await page.close();

    /** Known values in the direction asked, unknown (and skipped) last, then by rank. */
    function order(a: number | null, b: number | null, sign: 1 | -1): number {
      const unknown = (m: number | null) => Number(m === null);
      return unknown(a) - unknown(b) || (a === null || b === null ? 0 : sign * (a - b));
    }
  });

  it('sorts from the keyboard: Tab to a header button, press Enter', async () => {
    const { page } = await open(files.plain);
    const target = 'Tokens/s';

    let focused = '';
    for (let presses = 0; presses < 60 && focused !== target; presses++) {
      await page.keyboard.press('Tab');
      focused = (await page.locator(':focus').textContent()) ?? '';
    }
    expect(focused).toBe(target);
    await page.keyboard.press('Enter');

    const header = page.locator('#ranking th', { has: page.getByRole('button', { name: target }) });
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const models = await page.$$eval('#ranking tbody th[scope="row"]', (cells) =>
      cells.map((c) => c.getAttribute('data-value')),
    );
    const expected = rankModels(run.summary)
      .filter((m) => m.tokensPerSecond !== null && m.status === 'ran')
      .sort((a, b) => (b.tokensPerSecond ?? 0) - (a.tokensPerSecond ?? 0))
      .map((m) => m.model);
    expect(models.slice(0, expected.length)).toEqual(expected);
    await page.close();
  });

  it('switches the visible article with the select, one at a time', async () => {
    const { page } = await open(files.plain);
    const visibleTitles = () =>
      page.$$eval('.article:not([hidden]) h3', (h) => h.map((e) => e.textContent));

    expect(await visibleTitles()).toEqual([`Article ${articleIds[0]}`]);
    await page.selectOption('#article-select', '3');
    expect(await visibleTitles()).toEqual([`Article ${articleIds[3]}`]);
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await visibleTitles()).toEqual([`Article ${articleIds[4]}`]);
    expect(await page.locator('#article-position').textContent()).toBe(`5 of ${articleIds.length}`);
    await page.close();
  });

  it('filters to failures: only failing outputs, on the articles that have one', async () => {
    const { page } = await open(files.plain);
    const shown = run.rows.filter((r) => r.model !== SKIPPED);
    const expected = shown.filter(failing);
    const expectedArticles = articleIds.filter((id) => expected.some((r) => r.articleId === id));
    expect(expected.length).toBeGreaterThan(0);

    await page.selectOption('#article-filter', 'failure');
    const options = await page.$$eval('#article-select option', (o) => o.map((e) => e.textContent));
    expect(options).toEqual(expectedArticles);

    const seen: { article: string; model: string }[] = [];
    for (const article of expectedArticles) {
      await page.selectOption('#article-select', { label: article });
      for (const output of await visibleOutputs(page)) {
        expect(output.flags.split(' ')).toContain('failure');
        seen.push({ article, model: output.model });
      }
    }
    const key = (x: { articleId?: string; article?: string; model: string }) =>
      `${x.articleId ?? x.article} ${x.model}`;
    expect(seen.map(key).sort()).toEqual(expected.map(key).sort());
    expect(seen).toContainEqual({ article: articleIds[2], model: FAILING });

    // And back: every output of the article again.
    await page.selectOption('#article-filter', 'all');
    expect((await visibleOutputs(page)).length).toBe(SYNTHETIC_MODELS.slice(0, 8).length - 1);
    await page.close();
  });

  it('filters to disagreements between the judges or between checks and judge', async () => {
    const { page } = await open(files.plain);
    await page.selectOption('#article-filter', 'disagreement');

    const articles = await page.$$eval('#article-select option', (o) =>
      o.map((e) => e.textContent),
    );
    // The hostile output fails the word count yet the judges pass it: a disagreement.
    expect(articles).toContain(articleIds[1]);
    for (const article of articles) {
      await page.selectOption('#article-select', { label: article ?? '' });
      const outputs = await visibleOutputs(page);
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) expect(output.flags.split(' ')).toContain('disagreement');
    }
    await page.close();
  });

  it('shows the comparison section only when rendered with an earlier run', async () => {
    const plain = await open(files.plain);
    expect(await plain.page.locator('#compare').count()).toBe(0);
    await plain.page.close();

    const { page } = await open(files.compared);
    const section = page.locator('#compare');
    expect(await section.isVisible()).toBe(true);
    expect(await section.textContent()).toContain('2026-05-01T02-00-00Z-earlier');
    const compared = await section.locator('tbody th[scope="row"]').allInnerTexts();
    const inBoth = run.summary.models
      .filter((m) => m.status === 'ran')
      .filter((m) => earlier.models.some((e) => e.model === m.model && e.status === 'ran'));
    expect(compared.sort()).toEqual(inBoth.map((m) => m.model).sort());
    // The eighth model is absent from the seven-model earlier run; the skipped one ran there.
    expect(await section.textContent()).toContain(`Added: ${SYNTHETIC_MODELS[7]}`);
    expect(await section.textContent()).toContain(`Removed: ${SKIPPED} (skipped in this run)`);
    expect(await section.locator('.badge.moved').count()).toBeGreaterThan(0);

    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    await page.close();
  });

  it('prints the prompt and rubric open and the controls hidden', async () => {
    const { page, errors } = await open(files.plain);
    await page.emulateMedia({ media: 'print' });
    // Chromium fires beforeprint for a print dialog, not for page.pdf().
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");

    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await page.locator('.article-nav').isVisible()).toBe(false);
    expect(await page.locator('#prompt details:not([open])').count()).toBe(0);
    expect(await page.locator('#ranking table').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.byteLength).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('evals report --compare', () => {
  it('names the missing earlier run and how to point at one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'evals-report-'));
    try {
      await writeRunFolder(path.join(dir, 'run'), run.rows);
      await expect(report(path.join(dir, 'run'), path.join(dir, 'nowhere'))).rejects.toThrow(
        /--compare: .*nowhere not found; pass an earlier run folder/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
