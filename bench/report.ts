/** The benchmark's printed table and verdict lines. */
import type { ProviderName } from './request.js';

export type Mode = 'plain' | 'stream';
export type ClientKind = 'sdk' | 'adapter' | 'dispatcher';

export interface Row {
  provider: ProviderName;
  mode: Mode;
  client: ClientKind;
  concurrency: number;
  callsPerSecond: number;
  cpuMsPerCall: number;
  /** CPU per call above the bare SDK's in the same provider, mode and concurrency; null for it. */
  addedCpuMsPerCall: number | null;
}

/** The most CPU a call through our harness may add to the bare SDK's. */
export const TARGET_ADDED_CPU_MS = 1;

const HEADERS = [
  'provider',
  'mode',
  'client',
  'concurrency',
  'calls/s',
  'CPU ms/call',
  'added CPU ms/call vs sdk',
];
/** Text columns are left-aligned, numbers right-aligned. */
const RIGHT_ALIGNED = [false, false, false, true, true, true, true];

export function formatTable(rows: Row[]): string {
  const cells = rows.map((row) => [
    row.provider,
    row.mode,
    row.client,
    String(row.concurrency),
    row.callsPerSecond.toFixed(0),
    row.cpuMsPerCall.toFixed(3),
    row.addedCpuMsPerCall === null ? '-' : signed(row.addedCpuMsPerCall),
  ]);
  const widths = HEADERS.map((header, i) =>
    Math.max(header.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const format = (line: string[]) =>
    line
      .map((cell, i) =>
        RIGHT_ALIGNED[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();

  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [format(HEADERS), rule, ...cells.map(format)].join('\n');
}

/** One line per provider on the figure the target is about: a streamed call through the
 *  dispatcher, 16 at a time, against the bare SDK. */
export function formatVerdicts(rows: Row[], providers: readonly ProviderName[]): string[] {
  return providers.map((provider) => {
    const row = rows.find(
      (r) =>
        r.provider === provider &&
        r.mode === 'stream' &&
        r.client === 'dispatcher' &&
        r.concurrency === 16,
    );
    const label = `${provider}: added CPU per call (dispatcher vs sdk, stream, c=16)`;
    if (row?.addedCpuMsPerCall == null) return `${label}: not measured`;
    const met = row.addedCpuMsPerCall < TARGET_ADDED_CPU_MS ? 'met' : 'NOT met';
    return `${label}: ${row.addedCpuMsPerCall.toFixed(3)} ms — target < ${TARGET_ADDED_CPU_MS} ms: ${met}`;
  });
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}
