/**
 * The benchmark proper: every provider, plain and streamed, through the bare SDK, our adapter
 * and the adapter behind the Dispatcher, one at a time and 16 at a time, against loopback
 * servers in a child process.
 */
import { availableParallelism, cpus } from 'node:os';
import { adapterCall, createAdapters, dispatcherCall } from './harness-clients.js';
import { measureClients } from './measure.js';
import { type ClientKind, formatTable, formatVerdicts, type Mode, type Row } from './report.js';
import { PROVIDER_NAMES, type ProviderName } from './request.js';
import { type ClientCall, createSdkCalls } from './sdk-clients.js';
import { startServerProcess } from './server-process.js';

export interface BenchOptions {
  /** Calls measured for each row of the table. */
  calls: number;
  /** Calls each client makes before a row is measured, not counted. */
  warmupCalls: number;
  /** Where progress goes (one line per group of rows); the table goes to stdout. */
  progress: (line: string) => void;
}

const MODES: readonly Mode[] = ['plain', 'stream'];
const CONCURRENCIES = [1, 16] as const;
/** Turns each client takes in a row's measurement; see measure.ts. */
const ROUNDS = 4;

export async function runBench(options: BenchOptions): Promise<void> {
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${availableParallelism()} CPUs (${cpuModel})`);
  console.log(
    `N = ${options.calls} measured calls per row (in ${ROUNDS} rounds, clients taking turns), ` +
      `after ${options.warmupCalls} warm-up calls; servers in a separate process`,
  );
  console.log('');

  const servers = await startServerProcess();
  const rows: Row[] = [];
  try {
    const sdkCalls = createSdkCalls(servers.urls);
    const adapters = createAdapters(servers.urls);

    for (const provider of PROVIDER_NAMES) {
      for (const mode of MODES) {
        for (const concurrency of CONCURRENCIES) {
          options.progress(`${provider} ${mode} c=${concurrency}`);
          const clients: Array<{ name: ClientKind; call: ClientCall }> = [
            { name: 'sdk', call: sdkCalls[provider] },
            { name: 'adapter', call: adapterCall(adapters[provider], provider) },
            { name: 'dispatcher', call: dispatcherCall(adapters[provider], provider, concurrency) },
          ];
          rows.push(...(await measureRows({ provider, mode, concurrency, clients, options })));
        }
      }
    }
  } finally {
    await servers.stop();
  }

  console.log(formatTable(rows));
  console.log('');
  for (const line of formatVerdicts(rows, PROVIDER_NAMES)) console.log(line);
}

interface RowGroup {
  provider: ProviderName;
  mode: Mode;
  concurrency: number;
  clients: Array<{ name: ClientKind; call: ClientCall }>;
  options: BenchOptions;
}

/** The rows of one provider, mode and concurrency: every client, measured side by side. */
async function measureRows(group: RowGroup): Promise<Row[]> {
  const { provider, mode, concurrency, options } = group;
  const stream = mode === 'stream';
  const clients = group.clients.map(({ name, call }) => ({ name, call: () => call(stream) }));
  const results = await measureClients(clients, {
    calls: options.calls,
    warmupCalls: options.warmupCalls,
    concurrency,
    rounds: ROUNDS,
  });

  const sdkCpuMs = results.get('sdk')?.cpuMsPerCall ?? null;
  return [...results].map(([client, result]) => ({
    provider,
    mode,
    client,
    concurrency,
    ...result,
    addedCpuMsPerCall:
      client === 'sdk' || sdkCpuMs === null ? null : result.cpuMsPerCall - sdkCpuMs,
  }));
}
