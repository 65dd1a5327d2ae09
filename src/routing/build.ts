import type { RunSummary } from '../results/summary-types.js';
import { chooseRoute, evidenceOf, type RouteChoice } from './choose.js';
import {
  ROUTING_SCHEMA_VERSION,
  type Route,
  type RoutingConfig,
  type RoutingPolicyValues,
} from './schema.js';

export interface RouteInputs {
  summary: RunSummary;
  policy: RoutingPolicyValues;
  prompt: { system: string | null; template: string };
  params: { maxOutputTokens: number; temperature?: number | undefined };
  generatedAt: Date;
}

export interface RoutingOutcome {
  /** Null when no model met the policy: there is nothing to route to. */
  config: RoutingConfig | null;
  choice: RouteChoice;
}

/** Chooses the route for the run's task and writes it as a routing config. */
export function buildRouting(inputs: RouteInputs): RoutingOutcome {
  const { summary, policy } = inputs;
  const choice = chooseRoute(summary, policy);
  if (!choice.primary) return { config: null, choice };

  const params = {
    maxOutputTokens: inputs.params.maxOutputTokens,
    ...(inputs.params.temperature !== undefined ? { temperature: inputs.params.temperature } : {}),
  };
  const route: Route = {
    primary: { model: choice.primary.summary.model, params },
    fallbacks: choice.fallbacks.map((c) => ({ model: c.summary.model, params })),
    prompt: inputs.prompt,
    evidence: [choice.primary, ...choice.fallbacks].map((c) => evidenceOf(c, summary.rankedBy)),
    policy,
    source: {
      eval: summary.eval,
      runId: summary.runId,
      fixtures: summary.settings.fixtures,
      fixturesHash: summary.settings.fixturesHash,
      promptHash: summary.settings.promptHash,
      rubricHash: summary.settings.rubricHash,
      judges: summary.judge.used,
      priceTable: `${summary.priceTable.source}@${summary.priceTable.version}`,
    },
  };
  return {
    config: {
      schemaVersion: ROUTING_SCHEMA_VERSION,
      generatedAt: inputs.generatedAt.toISOString(),
      routes: { [summary.task]: route },
    },
    choice,
  };
}
