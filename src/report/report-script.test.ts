import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

// The page's script runs against a minimal stand-in for the DOM built from the same markup
// the ranking partial writes; no browser is needed.
const script = readFileSync(new URL('./templates/report.js', import.meta.url), 'utf8');

type Listener = () => void;

class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener>();
  hidden = false;
  disabled = false;
  value = '';
  textContent = '';
  children: FakeElement[] = [];
  constructor(readonly dataset: Record<string, string> = {}) {}
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, listener);
  }
  fire(type: string) {
    this.listeners.get(type)?.();
  }
  querySelectorAll() {
    return this.children;
  }
  replaceChildren(...children: FakeElement[]) {
    this.children = children;
  }
  get options() {
    return this.children;
  }
}

class FakeHeader extends FakeElement {
  readonly button = new FakeElement();
  querySelector() {
    return this.button;
  }
}

interface FakeRow {
  name: string;
  dataset: { rank: string };
  cells: { dataset: { value: string } }[];
}

/**
 * Columns: rank, model (text), cost (numeric, cheapest first), quality (best first). Articles:
 * three, each with two outputs; `flags` gives each output's flag kinds.
 */
function setUp(models: [name: string, cost: string, quality: string][], flags: string[][] = []) {
  const headers = [
    new FakeHeader({ col: '0', first: 'asc' }),
    new FakeHeader({ col: '1', first: 'asc', type: 'text' }),
    new FakeHeader({ col: '2', first: 'asc' }),
    new FakeHeader({ col: '3', first: 'desc' }),
  ];
  headers[0]?.setAttribute('aria-sort', 'ascending');
  let rows: FakeRow[] = models.map(([name, cost, quality], i) => ({
    name,
    dataset: { rank: String(i + 1) },
    cells: [String(i + 1), name, cost, quality].map((value) => ({ dataset: { value } })),
  }));
  const body = {
    get rows() {
      return rows;
    },
    append: (...moved: FakeRow[]) => {
      rows = moved;
    },
  };
  const table = { querySelectorAll: () => headers, tBodies: [body] };

  const select = new FakeElement();
  const filter = new FakeElement();
  filter.value = 'all';
  const blocks = [0, 1, 2].map((index) => {
    const outputs = (flags[index] ?? ['', '']).map((f) => new FakeElement({ flags: f }));
    const block = new FakeElement({
      article: String(index),
      flags: [...new Set(outputs.flatMap((o) => o.dataset.flags?.split(' ') ?? []))].join(' '),
    });
    block.children = outputs;
    block.hidden = index > 0;
    return block;
  });
  select.children = blocks.map((_, index) => {
    const option = new FakeElement();
    option.value = String(index);
    return option;
  });
  select.value = '0';
  const byId: Record<string, FakeElement> = {
    'article-select': select,
    'article-filter': filter,
    'article-prev': new FakeElement(),
    'article-next': new FakeElement(),
    'article-none': new FakeElement(),
    'article-position': new FakeElement(),
  };

  const document = {
    querySelectorAll: (selector: string) =>
      selector === 'table.sortable' ? [table] : selector === '[data-article]' ? blocks : [],
    getElementById: (id: string) => byId[id] ?? null,
  };
  runInNewContext(script, { document, window: new FakeElement() });

  return {
    headers,
    order: () => rows.map((r) => r.name),
    select,
    filter,
    byId,
    visible: () => blocks.map((b) => !b.hidden),
    visibleOutputs: () => blocks.map((b) => b.children.map((o) => !o.hidden)),
    options: () => select.children.map((o) => o.value),
  };
}

describe('the report script', () => {
  const models: [string, string, string][] = [
    ['a', '5', '0.9'],
    ['b', '', '0.8'],
    ['c', '0', ''],
    ['d', '0.5', '0.7'],
  ];

  it('sorts numerically with unknown values last in either direction', () => {
    const page = setUp(models);
    const cost = page.headers[2];

    cost?.button.fire('click');
    expect(page.order()).toEqual(['c', 'd', 'a', 'b']);
    expect(cost?.getAttribute('aria-sort')).toBe('ascending');
    expect(page.headers[0]?.getAttribute('aria-sort')).toBeNull();

    cost?.button.fire('click');
    expect(page.order()).toEqual(['a', 'd', 'c', 'b']);
    expect(cost?.getAttribute('aria-sort')).toBe('descending');
  });

  it('sorts a best-first column descending on the first click', () => {
    const page = setUp(models);

    page.headers[3]?.button.fire('click');
    expect(page.order()).toEqual(['a', 'b', 'd', 'c']);
    expect(page.headers[3]?.getAttribute('aria-sort')).toBe('descending');

    page.headers[0]?.button.fire('click');
    expect(page.order()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shows one article at a time', () => {
    const page = setUp(models);

    page.select.value = '2';
    page.select.fire('change');
    expect(page.visible()).toEqual([false, false, true]);
    expect(page.byId['article-position']?.textContent).toBe('3 of 3');
    expect(page.byId['article-next']?.disabled).toBe(true);

    page.byId['article-next']?.fire('click');
    expect(page.visible()).toEqual([false, false, true]);

    page.byId['article-prev']?.fire('click');
    expect(page.visible()).toEqual([false, true, false]);
    expect(page.select.value).toBe('1');
  });

  it('filters to the articles, and within them the outputs, of one flag kind', () => {
    const page = setUp(models, [
      ['', ''],
      ['failure', 'disagreement'],
      ['failure disagreement', ''],
    ]);

    page.filter.value = 'failure';
    page.filter.fire('change');
    expect(page.options()).toEqual(['1', '2']);
    expect(page.visible()).toEqual([false, true, false]);
    expect(page.visibleOutputs().slice(1)).toEqual([
      [true, false],
      [true, false],
    ]);
    expect(page.byId['article-position']?.textContent).toBe('1 of 2');

    page.byId['article-next']?.fire('click');
    expect(page.visible()).toEqual([false, false, true]);

    page.filter.value = 'all';
    page.filter.fire('change');
    expect(page.options()).toEqual(['0', '1', '2']);
    expect(page.visible()).toEqual([false, false, true]);
    expect(page.visibleOutputs()[2]).toEqual([true, true]);
  });

  it('says so when no output matches a filter', () => {
    const page = setUp(models);

    page.filter.value = 'disagreement';
    page.filter.fire('change');
    expect(page.options()).toEqual([]);
    expect(page.visible()).toEqual([false, false, false]);
    expect(page.byId['article-none']?.hidden).toBe(false);
    expect(page.select.disabled).toBe(true);
  });
});
