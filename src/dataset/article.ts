import { z } from 'zod';
import { DatasetError, describeLocation, type Location } from './errors.js';
import type { Article } from './types.js';

const nonBlank = (text: string): boolean => text.trim() !== '';

const articleSchema = z.looseObject({
  id: z
    .union([z.string(), z.number()], { error: 'id must be a string or a number' })
    .transform(String)
    .refine(nonBlank, { error: 'id is empty' }),
  body: z
    .string({ error: 'body must be a string' })
    .refine(nonBlank, { error: 'body is empty; every article needs its text' }),
  title: z.string({ error: 'title must be a string when present' }).optional(),
});

/** Fields people use for the article text when they mean `body`. */
const BODY_ALIASES = ['text', 'content', 'article'];

/** Validates one parsed row as an article, or throws a DatasetError that says how to fix it. */
export function toArticle(value: unknown, at: Location): Article {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw new DatasetError({
      ...at,
      problem: `expected an article object like {"id": "a1", "body": "..."}, found ${kind}`,
    });
  }

  const row = value as Record<string, unknown>;
  const parsed = articleSchema.safeParse(row);
  if (parsed.success) return parsed.data;

  const id = typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : '';
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path[0];
    if (field === 'id' && row.id === undefined) return 'id is missing';
    if (field === 'body' && row.body === undefined) return missingBody(row);
    return issue.message;
  });
  throw new DatasetError({ ...at, articleId: id.trim() || null, problem: problems.join('; ') });
}

function missingBody(row: Record<string, unknown>): string {
  const fields = Object.keys(row);
  const alias = BODY_ALIASES.find((name) => typeof row[name] === 'string');
  const hint = alias ? `rename "${alias}" to "body"` : 'add the article text as "body"';
  const has = fields.length > 0 ? `the row has ${fields.join(', ')}` : 'the row is empty';
  return `body is missing (${has}); ${hint}`;
}

export interface LocatedArticle {
  article: Article;
  at: Location;
}

/** Checks the set is not empty and its ids are unique; returns the articles in order. */
export function finishArticles(file: string, located: LocatedArticle[]): Article[] {
  if (located.length === 0) {
    throw new DatasetError({ file, problem: 'holds no articles; add at least one' });
  }

  const firstSeen = new Map<string, Location>();
  for (const { article, at } of located) {
    const earlier = firstSeen.get(article.id);
    if (earlier) {
      const problem = `duplicate id "${article.id}", also at ${describeLocation(earlier)}`;
      throw new DatasetError({
        ...at,
        articleId: article.id,
        problem: `${problem}; ids must be unique`,
      });
    }
    firstSeen.set(article.id, at);
  }
  return located.map(({ article }) => article);
}
