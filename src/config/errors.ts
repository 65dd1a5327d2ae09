/** A problem in a file a person wrote: where it is and how to fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  /** The key path inside the file (`models[3].id`), or null for the file as a whole. */
  readonly keyPath: string | null;
  /** 1-based line in the file, when known. */
  readonly line: number | null;

  constructor(options: {
    file: string;
    keyPath?: string | null;
    line?: number | null;
    message: string;
  }) {
    const where = [options.file, options.line != null ? `:${options.line}` : ''].join('');
    const key = options.keyPath ? ` ${options.keyPath}:` : '';
    super(`${where}:${key} ${options.message}`);
    this.file = options.file;
    this.keyPath = options.keyPath ?? null;
    this.line = options.line ?? null;
  }
}

/** Formats a key path the way people write it: `models[3].id`. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** The nearest candidate by edit distance, when it is close enough to be a likely typo. */
export function didYouMean(input: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
