import { createHash } from 'node:crypto';
import type { Article } from './types.js';

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so equal
 * data serialises to equal text. Properties whose value is undefined are left out, as
 * JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of the articles' canonical JSON, in their order. */
export function datasetHash(articles: readonly Article[]): string {
  return createHash('sha256').update(canonicalJson(articles)).digest('hex');
}
