import Table from 'cli-table3';
import { loadSpec, resolveEvalPath } from '../config/load-spec.js';
import { PRICE_TABLE, priceSource, unitPrices } from '../pricing/prices.js';
import { createProviderSet } from '../providers/registry.js';
import { formatUsd } from '../report/format.js';
import type { CommandContext } from './context.js';

/** How long `evals models` waits for an endpoint to answer a probe. */
const PROBE_TIMEOUT_MS = 5_000;

export async function modelsCommand(
  name: string,
  options: { json?: boolean; probe?: boolean },
  context: CommandContext,
) {
  const { io, env } = context;
  const spec = await loadSpec(resolveEvalPath(name, io.cwd));
  const providers = createProviderSet({ env, endpoints: spec.endpoints });

  const entries = await Promise.all(
    spec.models.map(async (model) => {
      const credentials = providers.status(model.provider);
      const provider = providers.providers.get(model.provider);
      const endpoint =
        options.probe === false || !credentials.available || !provider?.probe
          ? null
          : await provider.probe(model.model, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      const source = priceSource(model, {
        override: model.price,
        endpointPricing: spec.endpoints[model.provider]?.pricing,
      });
      return {
        model: model.id,
        provider: model.provider,
        credentials,
        endpoint,
        priceSource: source.kind,
        pricesPerMTokUsd: unitPrices(source),
        priceNote: source.kind === 'unknown' || source.kind === 'free' ? source.reason : null,
      };
    }),
  );

  if (options.json) {
    io.stdout.write(`${JSON.stringify({ priceTable: PRICE_TABLE, models: entries }, null, 2)}\n`);
    return;
  }
  const table = new Table({
    head: ['model', 'credentials', 'ready', 'in $/Mtok', 'out $/Mtok', 'cache read', 'price from'],
    style: { head: [], border: [], compact: true },
  });
  const notes: string[] = [];
  for (const entry of entries) {
    const prices = entry.pricesPerMTokUsd;
    let ready = 'yes';
    if (!entry.credentials.available) {
      ready = 'no';
      notes.push(`${entry.model}: ${entry.credentials.reason}`);
    } else if (entry.endpoint && !entry.endpoint.ok) {
      ready = 'no';
      notes.push(`${entry.model}: ${entry.endpoint.detail}`);
    } else if (!entry.endpoint) {
      ready = 'not asked';
    }
    if (entry.priceSource === 'unknown' && entry.priceNote)
      notes.push(`${entry.model}: ${entry.priceNote}`);
    table.push([
      entry.model,
      entry.credentials.available ? entry.credentials.source : 'missing',
      ready,
      formatUsd(prices?.inputPerMTok ?? null),
      formatUsd(prices?.outputPerMTok ?? null),
      formatUsd(prices?.cacheReadPerMTok ?? null),
      entry.priceSource === 'table'
        ? `${PRICE_TABLE.source}@${PRICE_TABLE.version}`
        : entry.priceSource,
    ]);
  }
  const lines = [table.toString(), ...notes];
  io.stdout.write(`${lines.join('\n')}\n`);
}
