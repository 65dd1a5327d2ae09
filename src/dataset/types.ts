/**
 * One article of a fixture set. Every field is kept: each becomes a template variable of the
 * prompt (`{{title}}`, `{{url}}`, ...).
 */
export interface Article {
  /** Unique within the set; a number in the file is turned into a string. */
  id: string;
  /** The article text; never empty or only whitespace. */
  body: string;
  title?: string;
  [field: string]: unknown;
}

export type DatasetFormat = 'jsonl' | 'json' | 'folder';

/** A loaded, validated fixture set. */
export interface Dataset {
  /** The path it was loaded from, as given. */
  path: string;
  format: DatasetFormat;
  /** In file order (JSONL, JSON) or file-name order (folder). */
  articles: Article[];
  /**
   * SHA-256 (hex) of the articles' canonical JSON: the same articles in the same order give the
   * same hash whatever the file's format, path, key order or whitespace. A run records it.
   */
  hash: string;
}
