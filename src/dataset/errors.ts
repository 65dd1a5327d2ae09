/** Where in a fixture set something is: a file, and a line (JSONL) or an index (JSON array). */
export interface Location {
  file: string;
  /** 1-based line of a JSONL file. */
  line?: number;
  /** 0-based position in a JSON array. */
  index?: number;
}

export interface DatasetErrorFields extends Location {
  articleId?: string | null;
  /** What is wrong and how to fix it; the location is prefixed to it. */
  problem: string;
  cause?: unknown;
}

/** A fixture set that cannot be loaded. The message names the file and the line or index. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly file: string;
  readonly line: number | null;
  readonly index: number | null;
  readonly articleId: string | null;

  constructor(fields: DatasetErrorFields) {
    super(`${describeLocation(fields)}: ${fields.problem}`, { cause: fields.cause });
    this.file = fields.file;
    this.line = fields.line ?? null;
    this.index = fields.index ?? null;
    this.articleId = fields.articleId ?? null;
  }
}

/** `articles.jsonl line 3`, `articles.json index 2`, or just the file. */
export function describeLocation(at: Location): string {
  if (at.line !== undefined) return `${at.file} line ${at.line}`;
  if (at.index !== undefined) return `${at.file} index ${at.index}`;
  return at.file;
}
