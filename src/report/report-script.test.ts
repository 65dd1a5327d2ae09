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
  value = '';
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
}

class FakeHeader extends FakeElement {
  readonly button = new FakeElement();
  constructor(
    readonly cellIndex: number,
    dataset: Record<string, string>,
  ) {
    super(dataset);
  }
  querySelector() {
    return this.button;
  }
}

interface FakeRow {
  name: string;
  dataset: { rank: string };
  cells: { dataset: { value: string } }[];
}

/** Columns: rank, model (text), cost (numeric, cheapest first), quality (best first). */
function setUp(models: [name: string, cost: string, quality: string][]) {
  const headers = [
    new FakeHeader(0, { first: 'asc' }),
    new FakeHeader(1, { first: 'asc', type: 'text' }),
    new FakeHeader(2, { first: 'asc' }),
    new FakeHeader(3, { first: 'desc' }),
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
  const table = { tHead: { rows: [{ cells: headers }] }, tBodies: [body] };

  const select = new FakeElement();
  select.value = '0';
  const prev = new FakeElement();
  const next = new FakeElement();
  const blocks = [new FakeElement(), new FakeElement(), new FakeElement()];
  for (const block of blocks.slice(1)) block.hidden = true;
  const byId: Record<string, FakeElement> = {
    'article-select': select,
    'article-prev': prev,
    'article-next': next,
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
    prev,
    next,
    visible: () => blocks.map((b) => !b.hidden),
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

    page.next.fire('click');
    expect(page.visible()).toEqual([false, false, true]);

    page.prev.fire('click');
    expect(page.visible()).toEqual([false, true, false]);
    expect(page.select.value).toBe('1');
  });
});
