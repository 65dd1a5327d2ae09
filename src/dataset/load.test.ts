import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from './errors.js';
import { loadDataset } from './load.js';

const WIKINEWS = fileURLToPath(new URL('../../fixtures/wikinews.jsonl', import.meta.url));

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evals-dataset-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('loadDataset', () => {
  it('loads the 139 Wikinews articles with unique ids and all their fields', async () => {
    const dataset = await loadDataset(WIKINEWS);

    expect(dataset.format).toBe('jsonl');
    expect(dataset.articles).toHaveLength(139);
    expect(new Set(dataset.articles.map((article) => article.id)).size).toBe(139);
    expect(dataset.hash).toMatch(/^[0-9a-f]{64}$/);

    const first = dataset.articles[0];
    expect(first?.id).toBe('wikinews-e8d671d30811');
    expect(first?.url).toMatch(/^https:\/\/en\.wikinews\.org\/wiki\//);
    expect(first?.words).toBe(613);
  });

  it('hashes the same articles alike in JSONL and JSON, and others differently', async () => {
    const jsonl = await write('a.jsonl', '{"id": "1", "body": "x", "title": "T"}\n');
    const json = await write('a.json', '[\n  {"title": "T", "body": "x", "id": 1}\n]\n');
    const changed = await write('b.jsonl', '{"id": "1", "body": "y", "title": "T"}\n');

    const [a, b, c] = await Promise.all([jsonl, json, changed].map(loadDataset));
    expect(b?.format).toBe('json');
    expect(a?.hash).toBe(b?.hash);
    expect(a?.hash).not.toBe(c?.hash);
  });

  it('loads a folder of .md and .txt files in name order', async () => {
    await write('b-story.md', '# Flood warning\n\nRivers rose overnight.\n');
    await write('a-story.txt', 'Markets fell on Monday.\n');
    await write('README.md', 'About this set.');
    await write('.DS_Store', 'junk');
    await mkdir(join(dir, 'drafts'));

    const dataset = await loadDataset(dir);
    expect(dataset.format).toBe('folder');
    expect(dataset.articles).toEqual([
      { id: 'a-story', body: 'Markets fell on Monday.' },
      { id: 'b-story', title: 'Flood warning', body: 'Rivers rose overnight.' },
    ]);
  });

  it('rejects a folder holding another kind of file, and an empty folder', async () => {
    await expect(loadDataset(dir)).rejects.toThrow(`${dir}: holds no articles`);

    await write('a.md', 'Text.');
    const stray = await write('data.jsonl', '{}');
    await expect(loadDataset(dir)).rejects.toMatchObject({
      file: stray,
      message: expect.stringMatching(/only \.md and \.txt files/),
    });
  });

  it('rejects two files with the same id, naming both', async () => {
    const md = await write('story.md', 'One.');
    const txt = await write('story.txt', 'Two.');
    await expect(loadDataset(dir)).rejects.toThrow(
      `${txt}: duplicate id "story", also at ${md}; ids must be unique`,
    );
  });

  it('rejects a missing path and an unsupported extension, saying what is accepted', async () => {
    const missing = join(dir, 'nope.jsonl');
    const error = await loadDataset(missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toBe(
      `${missing}: no such file or folder; a fixture set is a .jsonl file, a .json array, ` +
        'or a folder of .md/.txt files',
    );

    const csv = await write('articles.csv', 'id,body\n1,x\n');
    await expect(loadDataset(csv)).rejects.toThrow(`${csv}: unsupported file type`);
  });

  it('reports a bad line of a JSONL file with its line number', async () => {
    const path = await write('set.jsonl', '{"id": "a", "body": "x"}\n{"id": "b", "body": ""}\n');
    await expect(loadDataset(path)).rejects.toMatchObject({ file: path, line: 2, articleId: 'b' });
  });
});
