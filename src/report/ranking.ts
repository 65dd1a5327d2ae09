import type { ModelSummary, RunSummary } from '../results/summary-types.js';
import type { ResultRow } from '../results/types.js';
import { referenceMetricLabel } from './articles.js';
import {
  formatMs,
  formatNumber,
  formatPercent,
  formatScore,
  formatUsd,
  NOT_APPLICABLE,
} from './format.js';

/** A table cell: the text shown, an optional second line, and the value it sorts by. */
export interface CellView {
  text: string;
  /** A 95% interval printed after the text, kept on one line: `[0.78–0.86]`. */
  interval: string | null;
  /** A smaller line under the text (judges left out, say); null for none. */
  note: string | null;
  /** The number (or text) the column sorts by; empty when unknown, which sorts last. */
  sortValue: string;
  /** `num` (right-aligned figures), `list` (one item a line), `status`. */
  className: 'num' | 'list' | 'status';
}

/** One sortable column. */
export interface ColumnView {
  /** The column's index in each body row, which the page's script sorts by. */
  index: number;
  label: string;
  /** What the column measures, in full, for the tooltip. */
  title: string;
  numeric: boolean;
  /** Which way the first click sorts: best first. */
  first: 'asc' | 'desc';
  /** The table starts sorted by rank. */
  sorted: boolean;
}

/** Columns under one heading (`Latency`: p50, p95, TTFT p50), or a column on its own. */
export interface ColumnGroupView {
  label: string;
  /** A lone column spans both header rows. */
  single: boolean;
  columns: ColumnView[];
}

export interface RankingRowView {
  rank: number;
  model: string;
  chosen: boolean;
  onFrontier: boolean;
  /** `chosen`, `skipped`, both or null: the row's CSS classes. */
  rowClass: string | null;
  /** Every cell after the model's name, in column order. */
  cells: CellView[];
}

export interface RankingView {
  groups: ColumnGroupView[];
  /** Whether any group has columns under it, so the header needs a second row. */
  twoHeaderRows: boolean;
  rows: RankingRowView[];
}

interface ColumnSpec {
  group: string;
  label: string;
  title: string;
  first: 'asc' | 'desc';
  /** Sorts as text rather than as a number. */
  text?: 'list' | 'status';
  cell: (model: ModelSummary) => Omit<CellView, 'className'>;
}

/**
 * The ranking table: one row per model in rank order, one column per figure, with a column
 * for each rubric criterion and each reference metric the run measured.
 */
export function buildRanking(options: {
  summary: RunSummary;
  ranked: ModelSummary[];
  rows: ResultRow[];
  chosenModel: string | null;
  frontier: Set<string>;
}): RankingView {
  const { summary, ranked, chosenModel, frontier } = options;
  const specs = columnSpecs(summary, ranked, excludedJudges(options.rows));

  const columns: (ColumnView & { group: string })[] = [
    { index: 0, label: '#', title: 'Rank', numeric: true, first: 'asc', sorted: true, group: '#' },
    {
      index: 1,
      label: 'Model',
      title: 'Model id',
      numeric: false,
      first: 'asc',
      sorted: false,
      group: 'Model',
    },
    ...specs.map((spec, i) => ({
      index: i + 2,
      label: spec.label,
      title: spec.title,
      numeric: spec.text === undefined,
      first: spec.first,
      sorted: false,
      group: spec.group,
    })),
  ];

  const groups: ColumnGroupView[] = [];
  for (const { group, ...column } of columns) {
    const last = groups.at(-1);
    if (last && last.label === group) {
      last.columns.push(column);
      last.single = false;
    } else {
      groups.push({ label: group, single: true, columns: [column] });
    }
  }

  return {
    groups,
    twoHeaderRows: groups.some((g) => !g.single),
    rows: ranked.map((model, i) => {
      const skipped = model.status === 'skipped';
      const chosen = model.model === chosenModel;
      const rank = i + 1;
      const rankCell: CellView = {
        text: skipped ? NOT_APPLICABLE : String(rank),
        interval: null,
        note: null,
        sortValue: String(rank),
        className: 'num',
      };
      return {
        rank,
        model: model.model,
        chosen,
        onFrontier: frontier.has(model.model),
        rowClass: [chosen ? 'chosen' : '', skipped ? 'skipped' : ''].join(' ').trim() || null,
        cells: [
          rankCell,
          ...specs.map((spec): CellView => {
            const className = spec.text ?? 'num';
            // The status column says why a skipped model has no figures; the rest do not apply.
            if (skipped && spec.group !== 'Status') {
              return { text: NOT_APPLICABLE, interval: null, note: null, sortValue: '', className };
            }
            return { ...spec.cell(model), className };
          }),
        ],
      };
    }),
  };
}

function columnSpecs(
  summary: RunSummary,
  ranked: ModelSummary[],
  excluded: Map<string, string[]>,
): ColumnSpec[] {
  const judged = summary.judge.judged;
  const criteria = keysInOrder(ranked.map((m) => m.criteria));
  // Older summary files predate reference metrics and per-model judges.
  const metrics = keysInOrder(ranked.map((m) => m.referenceMetrics ?? {}));
  const qualityGroup = criteria.length > 0 ? 'Quality (judge, 0–1)' : 'Quality';

  return [
    {
      group: qualityGroup,
      label: judged ? 'Overall [95% CI]' : 'Overall',
      title: 'Mean quality with its 95% bootstrap interval over articles',
      first: 'desc',
      cell: (m) => {
        const cell = num(m.quality?.mean ?? null, formatScore(m.quality?.mean ?? null));
        if (!judged) return { ...cell, text: 'unjudged' };
        if (m.quality === null) return { ...cell, text: 'unscored' };
        const { low, high } = m.quality;
        return { ...cell, interval: `[${formatScore(low)}–${formatScore(high)}]` };
      },
    },
    ...criteria.map(
      (name): ColumnSpec => ({
        group: qualityGroup,
        label: name,
        title: `Mean ${name} score, normalised to 0–1`,
        first: 'desc',
        cell: (m) => num(m.criteria[name] ?? null, formatScore(m.criteria[name] ?? null)),
      }),
    ),
    {
      group: 'Checks passed',
      label: 'Checks passed',
      title: 'Share of ok outputs that passed every deterministic check',
      first: 'desc',
      cell: (m) => num(m.checkPassRate, formatPercent(m.checkPassRate)),
    },
    {
      group: 'Cost / 1k',
      label: 'Cost / 1k',
      title: 'Generation cost per 1,000 articles (USD)',
      first: 'asc',
      cell: (m) => num(m.costPer1kUsd, formatUsd(m.costPer1kUsd)),
    },
    ...latencySpecs(summary.settings.stream),
    {
      group: 'Tokens/s',
      label: 'Tokens/s',
      title: 'Output tokens per second of generation, median over calls',
      first: 'desc',
      cell: (m) => num(m.tokensPerSecond, formatNumber(m.tokensPerSecond)),
    },
    {
      group: 'Errors',
      label: 'Rate',
      title: 'Failed calls over calls attempted',
      first: 'asc',
      cell: (m) => num(m.errorRate, formatPercent(m.errorRate)),
    },
    {
      group: 'Errors',
      label: 'By kind',
      title: 'Failed calls by kind of error; sorts by their number',
      first: 'asc',
      cell: (m) => {
        const kinds = Object.entries(m.errorsByKind)
          .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        const total = kinds.reduce((sum, [, n]) => sum + n, 0);
        const text = kinds.map(([kind, n]) => `${n} ${kind}`).join(', ');
        return { text: text || 'none', interval: null, note: null, sortValue: String(total) };
      },
    },
    ...metrics.map(
      (name): ColumnSpec => ({
        group: 'Reference (F1)',
        label: referenceMetricLabel(name),
        title: `Mean ${referenceMetricLabel(name)} F1 against the reference summaries`,
        first: 'desc',
        cell: (m) => {
          const value = m.referenceMetrics?.[name] ?? null;
          return num(value, formatScore(value));
        },
      }),
    ),
    ...(judged
      ? [
          {
            group: 'Judges',
            label: 'Judges',
            title: "The judges that scored this model's outputs",
            first: 'asc',
            text: 'list',
            cell: (m) => {
              const judges = m.judges ?? [];
              const left = excluded.get(m.model) ?? [];
              return {
                // One judge a line: the cell's CSS keeps the line breaks.
                text: judges.length > 0 ? judges.join('\n') : 'none',
                interval: null,
                note: left.length > 0 ? `not ${left.join(', ')}: same family` : null,
                sortValue: judges.join(', '),
              };
            },
          } satisfies ColumnSpec,
        ]
      : []),
    {
      group: 'Status',
      label: 'Status',
      title: 'Calls that returned output, or why the model was skipped',
      first: 'asc',
      text: 'status',
      cell: (m) => {
        const text =
          m.status === 'skipped'
            ? `skipped: ${m.skipReason ?? 'no reason recorded'}`
            : `${m.ok} of ${m.articles} ok`;
        return { text, interval: null, note: null, sortValue: text };
      },
    },
  ];
}

function latencySpecs(streamed: boolean): ColumnSpec[] {
  return [
    {
      group: 'Latency',
      label: 'p50',
      title: 'Median wall time of a call, retries excluded',
      first: 'asc',
      cell: (m) => num(m.latencyMs?.p50 ?? null, formatMs(m.latencyMs?.p50 ?? null)),
    },
    {
      group: 'Latency',
      label: 'p95',
      title: '95th percentile wall time of a call, retries excluded',
      first: 'asc',
      cell: (m) => num(m.latencyMs?.p95 ?? null, formatMs(m.latencyMs?.p95 ?? null)),
    },
    {
      group: 'Latency',
      label: 'TTFT p50',
      title: 'Median time to the first token of a streamed call',
      first: 'asc',
      cell: (m) =>
        num(
          m.ttftMs?.p50 ?? null,
          m.ttftMs === null && !streamed ? 'not streamed' : formatMs(m.ttftMs?.p50 ?? null),
        ),
    },
  ];
}

function num(value: number | null, text: string): Omit<CellView, 'className'> {
  return { text, interval: null, note: null, sortValue: value === null ? '' : String(value) };
}

/** The keys of several records, in the order they first appear. */
function keysInOrder(records: Record<string, unknown>[]): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))];
}

/** Per model, the judges left out of its panel because they are of its own family. */
function excludedJudges(rows: ResultRow[]): Map<string, string[]> {
  const byModel = new Map<string, Set<string>>();
  for (const row of rows) {
    // Older run files carry no `excluded` field.
    for (const judge of row.judge?.excluded ?? []) {
      const set = byModel.get(row.model) ?? new Set<string>();
      set.add(judge);
      byModel.set(row.model, set);
    }
  }
  return new Map([...byModel].map(([model, set]) => [model, [...set].sort()]));
}
