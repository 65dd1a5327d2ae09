import type { ResultRow } from '../results/types.js';
import { describeErrorKind, MAX_MESSAGE_CHARS } from './articles.js';
import { clipText } from './format.js';

/** How many distinct messages a group lists before it says how many more there were. */
const MAX_MESSAGES = 8;
/** How many article ids a message names as examples. */
const MAX_ARTICLE_IDS = 5;

export interface MessageView {
  message: string;
  count: number;
  /** A few of the articles it happened on, comma-separated. */
  articles: string;
}

/** Failures of one kind for one model. */
export interface FailureKindView {
  kind: string;
  count: number;
  messages: MessageView[];
  /** `and 3 more distinct messages`; null when every message is listed. */
  more: string | null;
}

export interface FailureGroupView {
  model: string;
  total: number;
  /** `3 failed calls`, `1 unscored output`. */
  label: string;
  kinds: FailureKindView[];
}

/** Failed calls grouped by model (in rank order), then by error kind, with the messages. */
export function buildFailures(rows: ResultRow[], modelOrder: string[]): FailureGroupView[] {
  return group(
    rows.filter((r) => r.status === 'error' && r.error !== null),
    modelOrder,
    (row) => (row.error ? describeErrorKind(row.error) : 'unknown'),
    (row) => clipText(row.error?.message ?? '', MAX_MESSAGE_CHARS),
    ['failed call', 'failed calls'],
  );
}

/**
 * Outputs the judge could not score, grouped by model and then by judge, with the reasons:
 * an unscored output neither passes nor fails, so the reader should see how many there were.
 */
export function buildUnscored(rows: ResultRow[], modelOrder: string[]): FailureGroupView[] {
  const entries = rows.flatMap((row) => {
    if (row.judge?.status !== 'unscored') return [];
    const verdicts = row.judge.verdicts.length > 0 ? row.judge.verdicts : [null];
    return verdicts.map((verdict) => ({
      model: row.model,
      articleId: row.articleId,
      judgeModel: verdict?.model ?? 'no judge',
      reason: verdict?.unscoredReason ?? 'no reason recorded',
    }));
  });
  return group(
    entries,
    modelOrder,
    (entry) => `judged by ${entry.judgeModel}`,
    (entry) => entry.reason,
    ['unscored output', 'unscored outputs'],
  );
}

function group<T extends Pick<ResultRow, 'model' | 'articleId'>>(
  items: T[],
  modelOrder: string[],
  kindOf: (item: T) => string,
  messageOf: (item: T) => string,
  noun: [singular: string, plural: string],
): FailureGroupView[] {
  const byModel = new Map<string, Map<string, Map<string, string[]>>>();
  for (const item of items) {
    const kinds = getOrSet(byModel, item.model, () => new Map<string, Map<string, string[]>>());
    const messages = getOrSet(kinds, kindOf(item), () => new Map<string, string[]>());
    getOrSet(messages, messageOf(item), () => []).push(item.articleId);
  }

  const rank = new Map(modelOrder.map((model, i) => [model, i]));
  return [...byModel]
    .sort(([a], [b]) => (rank.get(a) ?? rank.size) - (rank.get(b) ?? rank.size))
    .map(([model, kinds]) => {
      const kindViews = [...kinds]
        .map(([kind, messages]) => kindView(kind, messages))
        .sort((a, b) => b.count - a.count);
      const total = kindViews.reduce((sum, k) => sum + k.count, 0);
      const label = `${total} ${total === 1 ? noun[0] : noun[1]}`;
      return { model, total, label, kinds: kindViews };
    });
}

function kindView(kind: string, messages: Map<string, string[]>): FailureKindView {
  const all = [...messages]
    .map(([message, articleIds]) => ({
      message,
      count: articleIds.length,
      articles:
        articleIds.slice(0, MAX_ARTICLE_IDS).join(', ') +
        (articleIds.length > MAX_ARTICLE_IDS ? ', …' : ''),
    }))
    .sort((a, b) => b.count - a.count);
  const hidden = all.length - MAX_MESSAGES;
  return {
    kind,
    count: all.reduce((sum, m) => sum + m.count, 0),
    messages: all.slice(0, MAX_MESSAGES),
    more: hidden > 0 ? `and ${hidden} more distinct messages` : null,
  };
}

function getOrSet<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
