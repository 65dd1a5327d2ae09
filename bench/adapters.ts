/**
 * `npm run bench`: the client-side CPU our adapters and the Dispatcher add to each call, over
 * the bare official SDKs, against loopback servers in a separate process. Target: under 1 ms of
 * added CPU per call. `BENCH_CALLS` sets the calls measured per row (default 1500).
 *
 * This is the edge: the environment is read and set here, before any SDK is loaded.
 */

/** About 2 minutes 15 s for the whole bench on 2 cores; 2000 took up to 3 minutes. */
const DEFAULT_CALLS = 1500;
const MAX_WARMUP_CALLS = 200;

// Credentials are given explicitly; the AWS SDK must not walk its chain to the instance
// metadata service. The Node 20 support warning is noise here, as in bin/evals.js.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const calls = parseCalls(process.env.BENCH_CALLS);
const { runBench } = await import('./run.js');
await runBench({
  calls,
  warmupCalls: Math.min(MAX_WARMUP_CALLS, calls),
  progress: (line) => process.stderr.write(`measuring ${line}\n`),
});

function parseCalls(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CALLS;
  const calls = Number(value);
  if (!Number.isInteger(calls) || calls <= 0) {
    throw new Error(`BENCH_CALLS must be a positive whole number of calls, got "${value}"`);
  }
  return calls;
}
