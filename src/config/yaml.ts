import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, formatKeyPath } from './errors.js';

/** A parsed YAML file that can say on which line a key path stands. */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

/** Parses YAML text; a syntax error becomes a ConfigError with the line. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    const reason = first.message.split('\n')[0] ?? first.message;
    throw new ConfigError({ file, line, message: `invalid YAML: ${reason}` });
  }

  return {
    file,
    value: doc.toJS(),
    lineOf(path) {
      // Walk up the path until a node with a position is found (a missing key has none).
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
          | { range?: [number, number, number] }
          | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return null;
    },
  };
}

/**
 * Validates a parsed file against a zod schema. The first issue becomes a ConfigError naming
 * the file, the key path and its line.
 */
export function validate<T>(source: YamlSource, schema: z.ZodType<T>): T {
  const result = schema.safeParse(source.value);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  if (!issue) throw new ConfigError({ file: source.file, message: 'invalid file' });
  let path: PropertyKey[] = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path = [...path, issue.keys[0]];
  throw new ConfigError({
    file: source.file,
    keyPath: formatKeyPath(path) || null,
    line: source.lineOf(path),
    message: describeIssue(issue),
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `unknown key "${issue.keys.join('", "')}"; remove it or check its spelling`;
  }
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
    return `missing; it is required (${issue.expected})`;
  }
  return issue.message;
}
