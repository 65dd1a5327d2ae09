import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DatasetError } from '../dataset/errors.js';

/** The four dimensions SummEval's experts rated, each on 1 to 5. */
export const DIMENSIONS = ['coherence', 'consistency', 'fluency', 'relevance'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * One line of a calibration file (JSON Lines), as in SummEval's prepared `summeval.jsonl`.
 * Other fields (`expert_raw`, `turker`, `provenance`, ...) are allowed and ignored.
 */
const ratedRowSchema = z.object({
  /** The document (article) the summary was written for; summaries are compared per document. */
  doc_id: z.string().min(1),
  /** The system that wrote the summary; with `doc_id`, unique in the file. */
  system_id: z.string().min(1),
  /** The article text, shown to a judge. */
  source: z.string().min(1),
  /** The summary that was rated. */
  summary: z.string(),
  /** The human rating of each dimension (SummEval: the mean of three experts, 1 to 5). */
  expert: z.object({
    coherence: z.number(),
    consistency: z.number(),
    fluency: z.number(),
    relevance: z.number(),
  }),
  /** A reference summary, for the ROUGE scorers. */
  reference: z.string().min(1).nullish(),
  /** Several reference summaries, for the ROUGE scorers; used instead of `reference`. */
  references: z.array(z.string().min(1)).min(1).nullish(),
});

/** One line of a references file, as SummEval's `summeval-articles.jsonl`. */
const referencesRowSchema = z.object({
  /** The `doc_id` of the calibration rows these references belong to. */
  id: z.string().min(1),
  references: z.array(z.string().min(1)).min(1),
});

/** One rated summary. */
export interface RatedSummary {
  docId: string;
  systemId: string;
  source: string;
  summary: string;
  /** Its reference summaries; empty when the data has none (then ROUGE cannot score it). */
  references: string[];
  expert: Record<Dimension, number>;
}

/** A calibration set: rated summaries grouped by document, in file order. */
export interface CalibrationSet {
  /** Absolute path of the rated-summaries file. */
  file: string;
  /** Absolute path of the references file, or null when the rows carry their own. */
  referencesFile: string | null;
  /** Document ids in the order they first appear. */
  documents: string[];
  summaries: RatedSummary[];
}

export interface LoadCalibrationOptions {
  /** The rated-summaries file (JSON Lines). */
  file: string;
  /** A JSON Lines file of `{id, references}` whose references replace the rows' own. */
  referencesFile?: string | null;
  /** Only the first n documents of the file (with all their summaries). */
  limit?: number;
}

/**
 * Reads a calibration set. Every problem (a missing file, a line that is not JSON, a missing
 * field, a repeated document and system, a document without references in the references
 * file) is a DatasetError naming the file and the line.
 */
export async function loadCalibrationSet(options: LoadCalibrationOptions): Promise<CalibrationSet> {
  const file = path.resolve(options.file);
  const rows = await readJsonl(file, ratedRowSchema, 'rated summaries');
  if (rows.length === 0) {
    throw new DatasetError({ file: display(file), problem: 'holds no rated summary' });
  }

  const documents = new Set<string>();
  const seen = new Set<string>();
  for (const { value, line } of rows) {
    const key = `${value.doc_id}\0${value.system_id}`;
    if (seen.has(key)) {
      throw new DatasetError({
        file: display(file),
        line,
        problem:
          `document "${value.doc_id}" has a second summary by system "${value.system_id}"; ` +
          'each pair must appear once',
      });
    }
    seen.add(key);
    documents.add(value.doc_id);
  }
  const kept = [...documents].slice(0, options.limit ?? documents.size);
  const keptSet = new Set(kept);

  const referencesFile = options.referencesFile ? path.resolve(options.referencesFile) : null;
  const references = referencesFile ? await readReferences(referencesFile, keptSet) : null;

  const summaries = rows
    .filter(({ value }) => keptSet.has(value.doc_id))
    .map(({ value }): RatedSummary => {
      const own = value.references ?? (value.reference ? [value.reference] : []);
      return {
        docId: value.doc_id,
        systemId: value.system_id,
        source: value.source,
        summary: value.summary,
        references: references?.get(value.doc_id) ?? own,
        expert: value.expert,
      };
    });
  return { file, referencesFile, documents: kept, summaries };
}

async function readReferences(file: string, wanted: Set<string>): Promise<Map<string, string[]>> {
  const rows = await readJsonl(file, referencesRowSchema, 'references');
  const references = new Map(rows.map(({ value }) => [value.id, value.references]));
  const missing = [...wanted].find((id) => !references.has(id));
  if (missing !== undefined) {
    throw new DatasetError({
      file: display(file),
      problem: `has no references for document "${missing}"; add a line {"id": "${missing}", "references": [...]}`,
    });
  }
  return references;
}

async function readJsonl<T>(
  file: string,
  schema: z.ZodType<T>,
  what: string,
): Promise<Array<{ value: T; line: number }>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`;
    throw new DatasetError({ file: display(file), problem: `the ${what} file ${reason}` });
  }

  const rows: Array<{ value: T; line: number }> = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]?.trim() ?? '';
    if (raw === '') continue;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new DatasetError({ file: display(file), line, problem: 'is not valid JSON' });
    }
    const result = schema.safeParse(json);
    if (!result.success) {
      const issue = result.error.issues[0];
      const key = issue?.path.join('.') || 'line';
      throw new DatasetError({
        file: display(file),
        line,
        problem: `${key}: ${issue?.message ?? 'invalid'}`,
      });
    }
    rows.push({ value: result.data, line });
  }
  return rows;
}

function display(file: string): string {
  return path.relative(process.cwd(), file) || file;
}
