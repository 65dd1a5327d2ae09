import Table from 'cli-table3';
import { loadSpec, resolveEvalPath } from '../config/load-spec.js';
import { PRICE_TABLE, priceSource, unitPrices } from '../pricing/prices.js';
import { createProviderSet } from '../providers/registry.js';
import { formatUsd } from '../report/format.js';
import type { CommandContext } from './context.js';

export async function modelsCommand(
  name: string,
  options: { json?: boolean },
  context: CommandContext,
) {
  const { io, env } = context;
  const spec = await loadSpec(resolveEvalPath(name, io.cwd));
  const providers = createProviderSet({ env, endpoints: spec.endpoints });

  const entries = spec.models.map((model) => {
    const credentials = providers.status(model.provider);
    const source = priceSource(model, {
      override: model.price,
      endpointPricing: spec.endpoints[model.provider]?.pricing,
    });
    return {
      model: model.id,
      provider: model.provider,
      credentials,
      priceSource: source.kind,
      pricesPerMTokUsd: unitPrices(source),
      priceNote: source.kind === 'unknown' || source.kind === 'free' ? source.reason : null,
    };
  });

  if (options.json) {
    io.stdout.write(`${JSON.stringify({ priceTable: PRICE_TABLE, models: entries }, null, 2)}\n`);
    return;
  }
  const table = new Table({
    head: ['model', 'credentials', 'in $/Mtok', 'out $/Mtok', 'cache read', 'price from'],
    style: { head: [], border: [] },
  });
  for (const entry of entries) {
    const prices = entry.pricesPerMTokUsd;
    table.push([
      entry.model,
      entry.credentials.available
        ? `found: ${entry.credentials.source}`
        : `missing: ${entry.credentials.reason}`,
      formatUsd(prices?.inputPerMTok ?? null),
      formatUsd(prices?.outputPerMTok ?? null),
      formatUsd(prices?.cacheReadPerMTok ?? null),
      entry.priceSource === 'table' ? `${PRICE_TABLE.source}@${PRICE_TABLE.version}` : entry.priceSource,
    ]);
  }
  io.stdout.write(`${table.toString()}\n`);
}
