import type { ModelId } from '../providers/model-id.js';
import type { CredentialStatus, Provider } from '../providers/types.js';
import type { PlannedModel } from './run.js';

export interface PlanOptions {
  models: ModelId[];
  providers: ReadonlyMap<string, Provider>;
  /** Whether a provider can be called at all, decided without any network call. */
  status: (provider: string) => CredentialStatus;
  signal?: AbortSignal;
}

/**
 * Decides which models will be called. A model whose provider lacks credentials is skipped
 * with that reason; a provider that can tell whether each model is callable right now (Ollama:
 * is the server up, is the model pulled) is asked once, before any generation.
 */
export async function planModels(options: PlanOptions): Promise<PlannedModel[]> {
  const planned = options.models.map((model) => {
    const status = options.status(model.provider);
    return { model, skipReason: status.available ? null : status.reason };
  });

  const byProvider = new Map<string, PlannedModel[]>();
  for (const entry of planned) {
    if (entry.skipReason !== null) continue;
    byProvider.set(entry.model.provider, [...(byProvider.get(entry.model.provider) ?? []), entry]);
  }
  await Promise.all(
    [...byProvider].map(async ([name, entries]) => {
      const provider = options.providers.get(name);
      if (!provider?.preflight) return;
      const statuses = await provider.preflight(
        entries.map((e) => e.model.model),
        options.signal ? { signal: options.signal } : {},
      );
      for (const entry of entries) {
        const status = statuses.get(entry.model.model);
        if (status && !status.available) entry.skipReason = status.reason;
      }
    }),
  );
  return planned;
}
