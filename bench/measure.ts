/**
 * Runs several clients' calls at a fixed concurrency and measures each one's wall time and the
 * CPU this process spent meanwhile. The clients take turns in rounds, in a rotating order, so
 * drift over the run (the JIT still compiling, a heap that grows, another process waking up)
 * falls on all of them alike rather than on whichever ran first.
 */

/** One call; resolves to the reply text, which must not be empty. */
export type Call = () => Promise<string>;

export interface MeasureOptions {
  /** Calls measured for each client, split evenly across the rounds. */
  calls: number;
  /** Calls each client makes first, not measured: JIT, connection pool and caches warm up. */
  warmupCalls: number;
  /** Calls in flight at once. */
  concurrency: number;
  /** Turns each client takes. */
  rounds: number;
}

export interface Measurement {
  callsPerSecond: number;
  /** User plus system CPU of this whole process (every thread), divided by the calls. */
  cpuMsPerCall: number;
}

export async function measureClients<Name extends string>(
  clients: ReadonlyArray<{ name: Name; call: Call }>,
  options: MeasureOptions,
): Promise<Map<Name, Measurement>> {
  for (const { call } of clients) await runCalls(call, options.warmupCalls, options.concurrency);

  const totals = clients.map(() => ({ calls: 0, wallMs: 0, cpuMicros: 0 }));
  for (let round = 0; round < options.rounds; round++) {
    // The last round takes the remainder, so every client makes exactly `calls` calls.
    const perRound = Math.floor(options.calls / options.rounds);
    const count = round === options.rounds - 1 ? options.calls - perRound * round : perRound;

    for (let turn = 0; turn < clients.length; turn++) {
      const index = (round + turn) % clients.length;
      const client = clients[index];
      const total = totals[index];
      if (client === undefined || total === undefined || count === 0) continue;

      const cpuBefore = process.cpuUsage();
      const startedMs = performance.now();
      await runCalls(client.call, count, options.concurrency);
      const wallMs = performance.now() - startedMs;
      const cpu = process.cpuUsage(cpuBefore);

      total.calls += count;
      total.wallMs += wallMs;
      total.cpuMicros += cpu.user + cpu.system;
    }
  }

  return new Map(
    clients.map(({ name }, i) => {
      const total = totals[i] ?? { calls: 0, wallMs: 0, cpuMicros: 0 };
      const measurement = {
        callsPerSecond: total.calls / (total.wallMs / 1000),
        cpuMsPerCall: total.cpuMicros / 1000 / total.calls,
      };
      return [name, measurement];
    }),
  );
}

/** `count` calls from `concurrency` workers, each starting its next call when one finishes. */
async function runCalls(call: Call, count: number, concurrency: number): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const text = await call();
      if (text === '') throw new Error('a call returned an empty reply');
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, count) }, worker);
  await Promise.all(workers);
}
