import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunSummary } from './summary-types.js';
import type { ResultRow } from './types.js';

/** The files of a run's folder. */
export function runFiles(runDir: string) {
  return {
    results: path.join(runDir, 'results.jsonl'),
    summary: path.join(runDir, 'summary.json'),
    report: path.join(runDir, 'report.html'),
    routing: path.join(runDir, 'routing.json'),
  };
}

/**
 * Appends rows to `results.jsonl` as they finish, so a run that stops part-way keeps every row
 * it paid for.
 */
export class ResultsWriter {
  private constructor(private readonly stream: WriteStream) {}

  static async open(file: string): Promise<ResultsWriter> {
    await mkdir(path.dirname(file), { recursive: true });
    const stream = createWriteStream(file, { flags: 'a' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new ResultsWriter(stream);
  }

  write(row: ResultRow): Promise<void> {
    const line = `${JSON.stringify(row)}\n`;
    return new Promise((resolve, reject) => {
      this.stream.write(line, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
    });
  }
}

/** Reads a run's rows. A line that is not JSON names the file and line. */
export async function readResults(file: string): Promise<ResultRow[]> {
  const text = await readFile(file, 'utf8');
  const rows: ResultRow[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      rows.push(JSON.parse(line) as ResultRow);
    } catch {
      throw new Error(`${file}:${index + 1}: not a JSON line; the file is damaged`);
    }
  });
  return rows;
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

export async function readSummary(file: string): Promise<RunSummary> {
  return JSON.parse(await readFile(file, 'utf8')) as RunSummary;
}
