import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { finishArticles, type LocatedArticle } from './article.js';
import { DatasetError } from './errors.js';
import { datasetHash } from './hash.js';
import { parseJsonArray, parseJsonl, parseTextFile } from './parse.js';
import type { Article, Dataset, DatasetFormat } from './types.js';

const FORMATS: Record<string, Exclude<DatasetFormat, 'folder'>> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
};

const HOW_TO = 'a fixture set is a .jsonl file, a .json array, or a folder of .md/.txt files';

/**
 * Loads and validates a fixture set: a JSON Lines file, a JSON array, or a folder of `.md` and
 * `.txt` files (one article each). Throws a DatasetError naming the file and line on any
 * problem; a set is loaded whole or not at all.
 */
export async function loadDataset(path: string): Promise<Dataset> {
  const stats = await statOrThrow(path);

  if (stats.isDirectory()) {
    const articles = await loadFolder(path);
    return { path, format: 'folder', articles, hash: datasetHash(articles) };
  }

  const format = FORMATS[extname(path).toLowerCase()];
  if (format === undefined) {
    throw new DatasetError({ file: path, problem: `unsupported file type; ${HOW_TO}` });
  }
  const text = await readOrThrow(path);
  const articles = format === 'jsonl' ? parseJsonl(text, path) : parseJsonArray(text, path);
  return { path, format, articles, hash: datasetHash(articles) };
}

/** Files a folder may hold beside its articles: they describe the set, they are not in it. */
const NOT_ARTICLES = /^(readme|licen[cs]e|copying)(\.[^.]+)?$/i;

async function loadFolder(folder: string): Promise<Article[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (cause) {
    throw new DatasetError({
      file: folder,
      problem: `cannot read the folder (${code(cause)})`,
      cause,
    });
  }

  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .filter((entry) => !NOT_ARTICLES.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const located: LocatedArticle[] = [];
  for (const name of files) {
    const file = join(folder, name);
    const extension = extname(name).toLowerCase();
    if (extension !== '.md' && extension !== '.txt') {
      throw new DatasetError({
        file,
        problem: 'a folder fixture set holds only .md and .txt files; move this file out',
      });
    }

    const id = name.slice(0, -extension.length);
    const format = extension === '.md' ? 'md' : 'txt';
    const article = parseTextFile({ file, id, format, content: await readOrThrow(file) });
    located.push({ article, at: { file } });
  }
  return finishArticles(folder, located);
}

async function statOrThrow(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (cause) {
    const problem =
      code(cause) === 'ENOENT'
        ? `no such file or folder; ${HOW_TO}`
        : `cannot read it (${code(cause)})`;
    throw new DatasetError({ file: path, problem, cause });
  }
}

async function readOrThrow(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new DatasetError({ file, problem: `cannot read the file (${code(cause)})`, cause });
  }
}

function code(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.message : String(error);
}
