import Table from 'cli-table3';
import type { CalibrationReport, Correlation } from '../judge/calibrate.js';
import { DIMENSIONS } from '../judge/calibration-data.js';
import { formatScore, NOT_APPLICABLE } from './format.js';

export interface CalibrationTableOptions {
  /** Emit ANSI colour codes; off by default so piped output and logs stay clean. */
  color?: boolean;
}

const ANSI = { bold: '\u001b[1m', reset: '\u001b[0m' };

/** Correlations are printed with three decimals, as the literature prints them. */
const DIGITS = 3;

/**
 * The scorers' summary-level correlations with the expert ratings as a terminal table: per
 * scorer, one row per dimension and one for the average, with Spearman's rho, Kendall's tau-b
 * and the documents kept. A dimension a scorer does not score prints `—`; a correlation that
 * could not be computed (no document kept) prints `unknown`.
 */
export function renderCalibrationTable(
  report: CalibrationReport,
  options: CalibrationTableOptions = {},
): string {
  const paint = (text: string) => (options.color ? `${ANSI.bold}${text}${ANSI.reset}` : text);
  const table = new Table({
    head: ['scorer', 'dimension', 'spearman ρ', 'kendall τ', 'documents kept'].map(paint),
    style: { head: [], border: [], compact: true },
    colAligns: ['left', 'left', 'right', 'right', 'right'],
  });

  for (const scorer of report.scorers) {
    DIMENSIONS.forEach((dimension, i) => {
      table.push([i === 0 ? scorer.scorer : '', dimension, ...cells(scorer.dimensions[dimension])]);
    });
    table.push([
      '',
      'average',
      formatScore(scorer.average.spearman, DIGITS),
      formatScore(scorer.average.kendall, DIGITS),
      '',
    ]);
  }
  return table.toString();
}

function cells(correlation: Correlation | null): string[] {
  if (correlation === null) return [NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE];
  return [
    formatScore(correlation.spearman, DIGITS),
    formatScore(correlation.kendall, DIGITS),
    String(correlation.documents),
  ];
}
