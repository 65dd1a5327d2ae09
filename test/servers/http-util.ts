/** Small pieces every loopback provider server shares. */
import type { Readable } from 'node:stream';

export function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The word count the default usage is based on; exported so tests compute expected counts. */
export function countWords(text: string): number {
  return words(text).length;
}

/** Splits text into pieces of `perPiece` words that concatenate back to the exact text. */
export function splitWords(text: string, perPiece: number): string[] {
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < tokens.length; i += perPiece) {
    pieces.push(tokens.slice(i, i + perPiece).join(''));
  }
  return pieces;
}

/** The text of a message's content: a string, or the `text` of each part. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part?.text === 'string' ? (part.text as string) : ''))
      .join(' ');
  }
  return '';
}

/** The parsed JSON body, or null when there is none or it is not JSON. */
export function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function readBody(req: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
