import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset/errors.js';
import { loadCalibrationSet } from './calibration-data.js';

const EXPERT = { coherence: 3, consistency: 5, fluency: 4, relevance: 2 };

function row(docId: string, systemId: string, extra: Record<string, unknown> = {}) {
  return {
    doc_id: docId,
    system_id: systemId,
    source: `Article ${docId}.`,
    summary: `Summary of ${docId} by ${systemId}.`,
    expert: EXPERT,
    reference: `Reference of ${docId}.`,
    provenance: 'ignored',
    ...extra,
  };
}

function jsonl(rows: unknown[]): string {
  return `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

describe('loadCalibrationSet', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'evals-calibration-'));
    file = path.join(dir, 'rated.jsonl');
    await writeFile(
      file,
      jsonl([row('d1', 'A'), row('d1', 'B'), row('d2', 'A'), row('d3', 'A'), row('d2', 'B')]),
    );
  });

  it('reads the rows, keeps document order and takes the reference of each row', async () => {
    const set = await loadCalibrationSet({ file });
    expect(set.documents).toEqual(['d1', 'd2', 'd3']);
    expect(set.summaries).toHaveLength(5);
    expect(set.summaries[0]).toEqual({
      docId: 'd1',
      systemId: 'A',
      source: 'Article d1.',
      summary: 'Summary of d1 by A.',
      references: ['Reference of d1.'],
      expert: EXPERT,
    });
    expect(set.referencesFile).toBeNull();
  });

  it('keeps every summary of the first n documents with --limit', async () => {
    const set = await loadCalibrationSet({ file, limit: 2 });
    expect(set.documents).toEqual(['d1', 'd2']);
    // d2's second summary comes after d3 in the file and is kept all the same.
    expect(set.summaries.map((s) => `${s.docId}/${s.systemId}`)).toEqual([
      'd1/A',
      'd1/B',
      'd2/A',
      'd2/B',
    ]);
  });

  it("prefers a row's references list, and a references file over both", async () => {
    const own = path.join(dir, 'own.jsonl');
    await writeFile(own, jsonl([row('d1', 'A', { references: ['r1', 'r2'] })]));
    expect((await loadCalibrationSet({ file: own })).summaries[0]?.references).toEqual([
      'r1',
      'r2',
    ]);

    const references = path.join(dir, 'references.jsonl');
    await writeFile(references, jsonl([{ id: 'd1', references: ['x', 'y', 'z'], source: '...' }]));
    const set = await loadCalibrationSet({ file: own, referencesFile: references });
    expect(set.summaries[0]?.references).toEqual(['x', 'y', 'z']);
    expect(set.referencesFile).toBe(references);
  });

  it('says which document a references file lacks', async () => {
    const references = path.join(dir, 'partial-references.jsonl');
    await writeFile(references, jsonl([{ id: 'd1', references: ['x'] }]));
    await expect(loadCalibrationSet({ file, referencesFile: references })).rejects.toThrow(
      /no references for document "d2"/,
    );
  });

  it.each([
    ['a line that is not JSON', '{"doc_id": "d1",\n', /line 1: is not valid JSON/],
    [
      'a missing expert rating',
      jsonl([row('d1', 'A'), row('d1', 'B', { expert: { coherence: 1 } })]),
      /line 2: expert\.consistency/,
    ],
    [
      'a repeated document and system',
      jsonl([row('d1', 'A'), row('d1', 'A')]),
      /line 2: document "d1" has a second summary by system "A"/,
    ],
    ['an empty file', '\n', /holds no rated summary/],
  ])('rejects %s with the file and line', async (_what, text, message) => {
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, text);
    const error = await loadCalibrationSet({ file: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('bad.jsonl');
  });

  it('says when the file is missing', async () => {
    await expect(loadCalibrationSet({ file: path.join(dir, 'nope.jsonl') })).rejects.toThrow(
      /rated summaries file not found/,
    );
  });
});
