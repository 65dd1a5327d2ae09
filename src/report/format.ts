import type { Interval } from '../results/summary-types.js';

/** What every formatter prints for a value that was never measured or cannot be known. */
export const UNKNOWN = 'unknown';

/** What the tables print where a figure does not apply (a skipped model has no latency). */
export const NOT_APPLICABLE = '—';

/**
 * Dollars for people: two decimals from $1 up, and below that enough decimals to keep
 * `significantDigits` of the value, so a per-article cost reads `$0.00042` rather than `$0.00`.
 */
export function formatUsd(usd: number | null, significantDigits = 2): string {
  if (usd === null || !Number.isFinite(usd)) return UNKNOWN;
  if (usd === 0) return '$0.00';

  const sign = usd < 0 ? '-' : '';
  const abs = Math.abs(usd);
  if (abs >= 1) return `${sign}$${numberFormat(2, 2).format(abs)}`;

  // toPrecision would switch to exponent notation for tiny values; count decimals instead.
  const decimals = Math.min(20, significantDigits - 1 - Math.floor(Math.log10(abs)));
  // Trailing zeros past the cents say nothing: $0.05, not $0.050.
  const fixed = abs.toFixed(Math.max(2, decimals)).replace(/(\.\d\d\d*?)0+$/, '$1');
  return `${sign}$${fixed}`;
}

/** A duration: `420 ms`, `1.25 s`, `12.4 s`, `3 min 05 s`. */
export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return UNKNOWN;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;

  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A ratio in 0..1 as a percentage: `0.125` → `12.5%`. */
export function formatPercent(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return UNKNOWN;
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** A score on 0..1 with a fixed number of decimals: `0.82`. */
export function formatScore(score: number | null, digits = 2): string {
  if (score === null || !Number.isFinite(score)) return UNKNOWN;
  return score.toFixed(digits);
}

/** A mean with its 95% interval: `0.82 [0.78–0.86]`. */
export function formatInterval(interval: Interval | null, digits = 2): string {
  if (interval === null) return UNKNOWN;
  const { mean, low, high } = interval;
  return `${formatScore(mean, digits)} [${formatScore(low, digits)}–${formatScore(high, digits)}]`;
}

/** A plain number with grouping and at most `digits` decimals: `1,234.5`. */
export function formatNumber(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return UNKNOWN;
  return numberFormat(0, digits).format(value);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * A cached formatter: `toLocaleString` with options builds a new one per call, which made a
 * 10 x 139 report spend over a second formatting its token counts and scores.
 */
function numberFormat(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}:${maxDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** An ISO timestamp as `2025-06-01 14:03 UTC`; anything unparseable is returned as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Cuts text longer than `maxChars` (a provider's HTML error page, say) and says how much. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}
