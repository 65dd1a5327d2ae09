import type { RoutingConfig } from './schema.js';

/**
 * Merges freshly chosen routes into an existing routing config: each task of `incoming`
 * replaces that task's route, every other task's route is kept as it was, and `generatedAt`
 * becomes the incoming one. With no existing config, the incoming one is returned as is.
 * Pure: neither argument is changed.
 */
export function mergeRouting(
  existing: RoutingConfig | null,
  incoming: RoutingConfig,
): RoutingConfig {
  if (!existing) return incoming;
  return {
    ...existing,
    schemaVersion: incoming.schemaVersion,
    generatedAt: incoming.generatedAt,
    routes: { ...existing.routes, ...incoming.routes },
  };
}
