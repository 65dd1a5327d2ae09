import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { type ReportInput, renderReport } from './html.js';

function model(fields: Partial<ModelSummary> & { model: string }): ModelSummary {
  return {
    provider: fields.model.split(':')[0] ?? 'openai',
    status: 'ran',
    skipReason: null,
    articles: 2,
    ok: 2,
    errors: 0,
    quality: { mean: 0.7, low: 0.6, high: 0.8, n: 2 },
    criteria: {},
    checkPassRate: 1,
    checkFailures: {},
    totalCostUsd: 0.002,
    costPerArticleUsd: 0.001,
    costPer1kUsd: 1,
    judgeCostUsd: 0.001,
    latencyMs: { p50: 800, p95: 1500 },
    ttftMs: { p50: 200, p95: 400 },
    tokensPerSecond: 80,
    inputTokens: 2000,
    outputTokens: 300,
    errorRate: 0,
    errorsByKind: {},
    judges: [],
    referenceMetrics: {},
    perArticleQuality: {},
    warnings: [],
    ...fields,
  };
}

function summary(models: ModelSummary[], fields: Partial<RunSummary> = {}): RunSummary {
  return {
    schemaVersion: 1,
    runId: '2025-06-01T12-00-00Z-abc123',
    eval: 'summarize',
    task: 'summarize',
    createdAt: '2025-06-01T12:00:00.000Z',
    durationMs: 65_000,
    settings: {
      specPath: 'evals/summarize.yaml',
      fixtures: 'fixtures/news-small',
      fixtureCount: 2,
      fixturesHash: 'f',
      promptHash: 'p',
      rubricHash: 'r',
      limit: null,
      concurrency: {},
      maxOutputTokens: 400,
      temperature: 0,
      stream: true,
      prompt: { system: null, template: 'Summarize: {{article.body}}' },
      rubric: 'Accuracy.',
      routing: { qualityFloor: 0.6, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
    },
    priceTable: { source: 'genai-prices', version: '0.1.8' },
    judge: {
      configured: ['openai:judge'],
      used: ['openai:judge'],
      judged: true,
      reason: null,
      aggregate: 'mean',
      agreement: null,
    },
    rankedBy: 'quality',
    totals: { generationCostUsd: 0.01, judgeCostUsd: 0.005 },
    models,
    warnings: [],
    ...fields,
  };
}

function row(fields: Partial<ResultRow> & { model: string; articleId: string }): ResultRow {
  return {
    schemaVersion: 1,
    runId: 'run',
    task: 'summarize',
    status: 'ok',
    skipReason: null,
    output: 'A summary.',
    error: null,
    latencyMs: 900,
    ttftMs: 200,
    inputTokens: 1000,
    outputTokens: 150,
    cachedInputTokens: 0,
    cacheWriteTokens: null,
    reasoningTokens: null,
    usageRaw: {},
    costUsd: 0.001,
    cacheHit: false,
    attempts: 1,
    retries: [],
    finishReason: 'stop',
    warnings: [],
    judge: null,
    checks: [],
    referenceMetrics: null,
    startedAt: '2025-06-01T12:00:00.000Z',
    ...fields,
  };
}

function input(fields: Partial<ReportInput> = {}): ReportInput {
  const models = [
    model({ model: 'openai:gpt-small', quality: { mean: 0.8, low: 0.7, high: 0.9, n: 2 } }),
    model({ model: 'local:lead-3', costPer1kUsd: 0, costPerArticleUsd: 0, totalCostUsd: 0 }),
    model({
      model: 'ollama:qwen3:8b',
      costPer1kUsd: null,
      costPerArticleUsd: null,
      totalCostUsd: null,
    }),
    model({
      model: 'anthropic:claude-haiku',
      status: 'skipped',
      skipReason: 'ANTHROPIC_API_KEY is not set',
      quality: null,
      costPer1kUsd: null,
    }),
  ];
  return {
    summary: summary(models),
    rows: [
      row({ model: 'openai:gpt-small', articleId: 'a1' }),
      row({ model: 'local:lead-3', articleId: 'a1' }),
      row({ model: 'openai:gpt-small', articleId: 'a2' }),
    ],
    prompt: { system: 'You summarize news.', template: 'Summarize:\n{{article.body}}' },
    rubric: 'Accuracy: no invented facts.',
    chosenModel: 'openai:gpt-small',
    ...fields,
  };
}

const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '<img src=x onerror=alert(1)>';

describe('renderReport', () => {
  it('escapes untrusted text wherever it appears', () => {
    const hostile = `${XSS_SCRIPT} and ${XSS_IMG}`;
    const base = input();
    const html = renderReport({
      ...base,
      rows: [
        row({
          model: 'openai:gpt-small',
          articleId: 'a1',
          output: hostile,
          judge: {
            status: 'scored',
            criteria: { accuracy: 0.5 },
            overall: 0.5,
            costUsd: 0.001,
            excluded: [],
            verdicts: [
              {
                model: 'openai:judge',
                status: 'scored',
                unscoredReason: null,
                scores: { accuracy: 3 },
                overall: 0.5,
                rationale: hostile,
                prompt: { system: '', user: '' },
                rawReply: null,
                inputTokens: null,
                outputTokens: null,
                costUsd: null,
                attempts: 1,
              },
            ],
          },
        }),
        row({
          model: 'local:lead-3',
          articleId: 'a1',
          status: 'error',
          output: null,
          error: { kind: 'server', message: hostile, status: 500 },
        }),
      ],
      prompt: { system: hostile, template: hostile },
      rubric: hostile,
    });

    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain(XSS_IMG);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    // Output, rationale, error (per article and under failures), system, template, rubric.
    expect(html.split('&lt;script&gt;alert(1)').length - 1).toBe(7);
    // The page's own script, and nothing else.
    expect(html.match(/<script/gi)).toHaveLength(1);
  });

  it('references no URL but the SVG namespace, so it opens offline', () => {
    const html = renderReport(input());

    const withoutXmlns = html.replaceAll('xmlns="http://www.w3.org/2000/svg"', '');
    expect(html).not.toBe(withoutXmlns);
    expect(withoutXmlns).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html.match(/href="([^"]*)"/g)?.every((h) => h.startsWith('href="#'))).toBe(true);
    expect(html).toContain('content="default-src &#x27;none&#x27;;');
  });

  it('lets the browser run exactly the inline style and script it carries', () => {
    const html = renderReport(input());
    const hash = (text: string) => createHash('sha256').update(text).digest('base64');
    const css = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? '';
    const script = html.match(/<script>([\s\S]*?)<\/script>/)?.[1] ?? '';

    expect(css.length).toBeGreaterThan(1000);
    expect(script.length).toBeGreaterThan(500);
    // The attribute is HTML-escaped like any other; the browser reads it decoded.
    const csp = (html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '')
      .replaceAll('&#x27;', "'")
      .replaceAll('&#x3D;', '=');
    expect(csp).toContain(`style-src 'sha256-${hash(css)}'`);
    expect(csp).toContain(`script-src 'sha256-${hash(script)}'`);
  });

  it('plots one circle per model with a known cost and quality, free ones included', () => {
    const html = renderReport(input());

    const plotted = [...html.matchAll(/<circle [^>]*data-model="([^"]*)"/g)].map((m) => m[1]);
    expect(plotted.sort()).toEqual(['local:lead-3', 'openai:gpt-small']);
    expect(html.match(/<circle/g)).toHaveLength(2);
    expect(html).toMatch(/<text [^>]*>free<\/text>/);
    expect(html).toMatch(/<polyline class="frontier" points="[\d.,\s]+"/);
    expect(html).toMatch(/<g class="pt chosen[^"]*">(?:<line[^>]*\/>)?<circle[^>]*gpt-small/);
  });

  it('lists a model of unknown cost under the chart instead of plotting it', () => {
    const html = renderReport(input());

    expect(html).not.toMatch(/<circle [^>]*data-model="ollama:qwen3:8b"/);
    const offChart = html.slice(html.indexOf('Cost unknown (not plotted)'));
    expect(offChart).toMatch(/<strong>ollama:qwen3:8b<\/strong>: quality 0\.70 \[0\.60–0\.80\]/);
  });

  it('states an unjudged run prominently and plots check pass rates instead', () => {
    const base = input();
    const html = renderReport({
      ...base,
      summary: {
        ...base.summary,
        judge: {
          configured: [],
          used: [],
          judged: false,
          reason: 'no judge configured',
          aggregate: 'mean',
          agreement: null,
        },
        rankedBy: 'checks',
        totals: { generationCostUsd: null, judgeCostUsd: null },
      },
    });

    expect(html).toContain('<strong>Unjudged:</strong> no judge configured.');
    expect(html).toContain('Check pass rate (unjudged run)');
    expect(html).toMatch(/<td class="num" data-value="0.8">unjudged<\/td>/);
    expect(html).toContain('<strong>unknown</strong>: generation unknown');
    expect(html).not.toContain('$0.00</strong>');
  });

  it('shows spend, skipped models and warnings in the header', () => {
    const base = input();
    const html = renderReport({
      ...base,
      summary: {
        ...base.summary,
        totals: { generationCostUsd: 0.01234, judgeCostUsd: null },
        warnings: ['price for ollama:qwen3:8b unknown'],
      },
    });

    expect(html).toContain('<strong>unknown</strong>: generation $0.012, judging unknown');
    const unpriced = renderReport({
      ...base,
      summary: { ...base.summary, totals: { generationCostUsd: null, judgeCostUsd: 0.005 } },
      rows: [],
    });
    // ollama:qwen3:8b has no price; the other models' $0.002 and $0 are known.
    expect(unpriced).toContain(
      '<strong>unknown</strong>: generation unknown ($0.002 known; no cost for ollama:qwen3:8b), ' +
        'judging $0.005',
    );
    expect(html).toContain('<strong>anthropic:claude-haiku</strong>: ANTHROPIC_API_KEY is not set');
    expect(html).toContain('<li>price for ollama:qwen3:8b unknown</li>');
    expect(html).toContain('genai-prices 0.1.8');
    expect(html).toContain('fixtures/news-small: 2 articles');
  });

  it('ranks the models in the table with sortable, keyboard-reachable headers', () => {
    const html = renderReport(input());
    const table = html.slice(
      html.indexOf('<table class="sortable ranking">'),
      html.indexOf('</table>'),
    );

    const order = [...table.matchAll(/<th scope="row" data-value="([^"]*)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'openai:gpt-small',
      'local:lead-3',
      'ollama:qwen3:8b',
      'anthropic:claude-haiku',
    ]);
    // #, model, quality, checks, cost, latency p50/p95/TTFT, tokens/s, errors (2), judges, status.
    expect(table.match(/<th scope="col"[^>]*><button type="button"/g)).toHaveLength(13);
    expect(table.match(/aria-sort="ascending"/g)).toHaveLength(1);
    expect(table).toMatch(/<th scope="col" data-col="0"[^>]*aria-sort="ascending"/);
    expect(table).toContain('skipped: ANTHROPIC_API_KEY is not set');
    // Unknown cost sorts as empty (last) and reads "unknown", never $0.
    expect(table).toMatch(/<td class="num" data-value="">unknown<\/td>/);
    expect(table).toContain('<td class="num" data-value="0">$0.00</td>');
  });

  it('renders every article, shows the first, and marks failed checks', () => {
    const base = input();
    const html = renderReport({
      ...base,
      rows: [
        row({
          model: 'openai:gpt-small',
          articleId: 'a1',
          output: 'Line one.\n  Line two, indented.',
          checks: [
            { name: 'word_count', passed: false, detail: '212 words; at most 150' },
            { name: 'numbers_in_source', passed: true, detail: null },
          ],
        }),
        row({ model: 'openai:gpt-small', articleId: 'a2' }),
      ],
    });

    expect(html).toContain('<option value="0">a1</option><option value="1">a2</option>');
    expect(html).toContain('<div class="article" data-article="0" data-flags="failure">');
    expect(html).toMatch(/<div class="article" data-article="1" data-flags="[^"]*" hidden>/);
    expect(html).toContain('<li class="fail">✗ word_count: 212 words; at most 150</li>');
    expect(html).toContain('<li class="pass">✓ numbers_in_source</li>');
    // Partials must not re-indent a multi-line output.
    expect(html).toContain('<div class="text">Line one.\n  Line two, indented.</div>');
  });

  it('groups failures by model and kind with the provider messages', () => {
    const base = input();
    const failure = (articleId: string, message: string) =>
      row({
        model: 'openai:gpt-small',
        articleId,
        status: 'error',
        output: null,
        error: { kind: 'rate_limit', message, status: 429 },
      });
    const html = renderReport({
      ...base,
      rows: [failure('a1', 'Rate limit reached'), failure('a2', 'Rate limit reached')],
    });

    const section = html.slice(html.indexOf('<section id="failures">'));
    expect(section).toContain('<h3>openai:gpt-small: 2 failed calls</h3>');
    expect(section).toContain('<b>rate_limit (HTTP 429)</b> × 2');
    expect(section).toContain('<span class="msg">Rate limit reached</span>');
    expect(section).toContain('(articles: a1, a2)');
  });

  it('names the panel, how it aggregates, and how far its judges agree', () => {
    const base = input();
    const judge = {
      ...base.summary.judge,
      configured: ['openai:judge', 'anthropic:judge', 'bedrock:judge'],
      used: ['openai:judge', 'anthropic:judge'],
      aggregate: 'median' as const,
      agreement: { krippendorffAlpha: 0.71, meanPairwiseSpearman: 0.64, outputs: 1380 },
    };
    const html = renderReport({ ...base, summary: { ...base.summary, judge } });

    expect(html).toContain(
      'Judged by <strong>openai:judge</strong>, <strong>anthropic:judge</strong>: a panel of 2; ' +
        'an output&#x27;s score is their median. Configured but not used: bedrock:judge.',
    );
    expect(html).toContain(
      'Judge agreement: Krippendorff&#x27;s α 0.71 (tentative) · mean pairwise Spearman 0.64 · ' +
        'over 1,380 outputs scored by two or more judges',
    );
  });

  it('lets the reader open the prompt and rubric from the header', () => {
    const html = renderReport(input());
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));

    expect(header).toContain('<details><summary>System prompt</summary><pre>You summarize news.');
    expect(header).toMatch(/<summary>Prompt template <code class="hash">p<\/code><\/summary>/);
    expect(header).toContain('<pre>Accuracy: no invented facts.</pre>');
  });

  it('gives each criterion, reference metric, error kind and judge panel a column', () => {
    const base = input();
    const models = [
      model({
        model: 'openai:gpt-small',
        quality: { mean: 0.8, low: 0.7, high: 0.9, n: 2 },
        criteria: { faithfulness: 0.9, coverage: 0.625 },
        referenceMetrics: { 'rouge-1': 0.41, 'rouge-2': 0.18, 'rouge-l': 0.37 },
        errorsByKind: { rate_limit: 1, timeout: 2 },
        errorRate: 0.03,
        judges: ['anthropic:judge'],
      }),
      model({ model: 'local:lead-3', criteria: { faithfulness: 0.5, coverage: 0.4 } }),
    ];
    const excluded = row({ model: 'openai:gpt-small', articleId: 'a1' });
    excluded.judge = {
      status: 'scored',
      criteria: {},
      overall: 0.8,
      verdicts: [],
      excluded: ['openai:judge'],
      costUsd: 0,
    };
    const html = renderReport({ ...base, summary: summary(models), rows: [excluded] });
    const table = html.slice(html.indexOf('<table class="sortable ranking">'));
    const start = table.indexOf('<tr data-rank="1"');
    const first = table.slice(start, table.indexOf('</tr>', start));

    expect(table).toContain('<th scope="colgroup" colspan="3" class="group">Quality (judge, 0–1)');
    expect(table).toContain('<th scope="colgroup" colspan="3" class="group">Reference (F1)</th>');
    for (const label of ['faithfulness', 'coverage', 'ROUGE-1', 'ROUGE-2', 'ROUGE-L', 'By kind']) {
      expect(table).toMatch(new RegExp(`<button type="button" title="[^"]*">${label}</button>`));
    }
    expect(first).toContain('<td class="num" data-value="0.625">0.63</td>');
    expect(first).toContain('<td class="num" data-value="0.18">0.18</td>');
    expect(first).toContain('<td class="num" data-value="3">2 timeout, 1 rate_limit</td>');
    expect(first).toContain(
      '<td class="list" data-value="anthropic:judge">anthropic:judge<br>' +
        '<span class="note">not openai:judge: same family</span></td>',
    );
  });

  it('shows what moved since an earlier run only when given one', () => {
    const base = input();
    const hostile = `openai:${XSS_SCRIPT}`;
    const earlier = summary([
      model({ model: 'openai:gpt-small', quality: { mean: 0.6, low: 0.55, high: 0.65, n: 2 } }),
      model({ model: 'local:lead-3' }),
      model({ model: hostile }),
    ]);

    expect(renderReport(base)).not.toContain('id="compare"');
    const html = renderReport({ ...base, earlier: { ...earlier, runId: 'earlier-run' } });
    const section = html.slice(html.indexOf('<section id="compare">'));

    expect(html).toContain('<a href="#compare">Compared with earlier-run</a>');
    expect(section).toContain('<code>earlier-run</code>');
    expect(section).toMatch(
      /<td class="num" data-value="0.6">0.60 \[0.55–0.65\]<\/td><td class="num" data-value="0.8">0.80 \[0.70–0.90\]<\/td><td class="num delta better" data-value="0.2\d*">\+0.20 <span class="badge moved"/,
    );
    expect(section).toContain('<b>Added</b>: <strong>ollama:qwen3:8b</strong>');
    expect(section).toContain('<strong>openai:&lt;script&gt;alert(1)&lt;/script&gt;</strong>');
    expect(html.match(/<script/gi)).toHaveLength(1);
  });

  it('stays small for 10 models over 139 articles', () => {
    const models = Array.from({ length: 10 }, (_, i) => model({ model: `openai:model-${i}` }));
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const rows = models.flatMap((m) =>
      Array.from({ length: 139 }, (_, a) =>
        row({
          model: m.model,
          articleId: `article-${a}`,
          output: words,
          checks: [{ name: 'word_count', passed: true, detail: null }],
        }),
      ),
    );
    const html = renderReport({ ...input(), summary: summary(models), rows });

    expect(html.match(/<div class="article" /g)).toHaveLength(139);
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
  });
});
