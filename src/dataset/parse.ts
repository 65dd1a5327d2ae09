import { finishArticles, type LocatedArticle, toArticle } from './article.js';
import { DatasetError } from './errors.js';
import type { Article } from './types.js';

/**
 * Parses a JSON Lines fixture set: one article object per line; blank lines are allowed.
 * `file` is used only in error messages.
 */
export function parseJsonl(text: string, file: string): Article[] {
  const located: LocatedArticle[] = [];
  const lines = stripBom(text).split('\n');

  for (const [offset, raw] of lines.entries()) {
    const line = offset + 1;
    const source = raw.replace(/\r$/, '');
    if (source.trim() === '') continue;

    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (cause) {
      const hint = /^\s*[[{]\s*$/.test(source)
        ? 'this looks like pretty-printed JSON: put each article on one line, or save the ' +
          'file as a .json array'
        : 'each line must hold one whole article object';
      throw new DatasetError({
        file,
        line,
        problem: `not valid JSON (${errorMessage(cause)}); ${hint}`,
        cause,
      });
    }
    located.push({ article: toArticle(value, { file, line }), at: { file, line } });
  }
  return finishArticles(file, located);
}

/** Parses a fixture set held as one JSON array of article objects. */
export function parseJsonArray(text: string, file: string): Article[] {
  const source = stripBom(text);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (cause) {
    throw new DatasetError({
      file,
      ...lineOfJsonError(source, cause),
      problem: `not valid JSON (${errorMessage(cause)})`,
      cause,
    });
  }

  if (!Array.isArray(value)) {
    throw new DatasetError({
      file,
      problem:
        'must hold a JSON array of article objects, like [{"id": "a1", "body": "..."}]; ' +
        'for one object per line, use a .jsonl file',
    });
  }
  const located = value.map((item, index) => ({
    article: toArticle(item, { file, index }),
    at: { file, index },
  }));
  return finishArticles(file, located);
}

export interface TextFile {
  /** The file's path, for messages. */
  file: string;
  /** The file name without its extension: the article's id. */
  id: string;
  format: 'md' | 'txt';
  content: string;
}

const HEADING = /^#[ \t]+(.+?)[ \t#]*$/;

/**
 * One `.md` or `.txt` file as an article: the id is the file name without its extension, the
 * body is the trimmed content. In Markdown, a first line `# Heading` becomes the title.
 */
export function parseTextFile({ file, id, format, content }: TextFile): Article {
  const text = stripBom(content).replace(/\r\n?/g, '\n').trim();
  const [firstLine = '', ...rest] = text.split('\n');
  const heading = format === 'md' ? HEADING.exec(firstLine) : null;

  const fields = heading?.[1]
    ? { id, title: heading[1], body: rest.join('\n').trim() }
    : { id, body: text };
  return toArticle(fields, { file });
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** The parser's message on one line: V8 quotes the bad input, newlines and all. */
function errorMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
  return message.length > 160 ? `${message.slice(0, 157)}...` : message;
}

/** JSON.parse sometimes says `at position 123`; a person wants the line. */
function lineOfJsonError(text: string, error: unknown): { line?: number } {
  const position = /position (\d+)/.exec(errorMessage(error))?.[1];
  if (position === undefined) return {};
  return { line: text.slice(0, Number(position)).split('\n').length };
}
