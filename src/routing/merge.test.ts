import { describe, expect, it } from 'vitest';
import { mergeRouting } from './merge.js';
import type { Route, RoutingConfig } from './schema.js';

function route(model: string, runId: string): Route {
  const params = { maxOutputTokens: 600 };
  return {
    primary: { model, params },
    fallbacks: [],
    prompt: { system: null, template: '{{body}}' },
    evidence: [],
    policy: { qualityFloor: 0.7, maxErrorRate: 0.05, objective: 'cheapest', fallbacks: 2 },
    source: {
      eval: 'e',
      runId,
      fixtures: 'f',
      fixturesHash: 'h',
      promptHash: 'p',
      rubricHash: 'r',
      judges: [],
      priceTable: 't',
    },
  };
}

const existing: RoutingConfig = {
  schemaVersion: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  routes: {
    summarize: route('openai:gpt-5.4-mini', 'old'),
    headline: route('anthropic:claude-haiku-4-5', 'h1'),
  },
};

describe('mergeRouting', () => {
  it("replaces only the incoming task's route, in place, and takes the new generatedAt", () => {
    const incoming: RoutingConfig = {
      schemaVersion: 1,
      generatedAt: '2026-02-02T00:00:00.000Z',
      routes: { summarize: route('openai:gpt-5.4-nano', 'new') },
    };
    const merged = mergeRouting(existing, incoming);

    expect(merged.generatedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(Object.keys(merged.routes)).toEqual(['summarize', 'headline']);
    expect(merged.routes.summarize?.primary.model).toBe('openai:gpt-5.4-nano');
    expect(merged.routes.summarize?.source.runId).toBe('new');
    expect(merged.routes.headline).toEqual(existing.routes.headline);
    expect(existing.routes.summarize?.primary.model).toBe('openai:gpt-5.4-mini');
  });

  it('adds a new task after the others', () => {
    const incoming: RoutingConfig = {
      schemaVersion: 1,
      generatedAt: '2026-02-02T00:00:00.000Z',
      routes: { classify: route('ollama:qwen3:8b', 'c1') },
    };
    expect(Object.keys(mergeRouting(existing, incoming).routes)).toEqual([
      'summarize',
      'headline',
      'classify',
    ]);
  });

  it('keeps keys it does not know, in the file and in the other routes', () => {
    const future = {
      ...existing,
      owner: 'news-team',
      routes: { ...existing.routes, headline: { ...existing.routes.headline, note: 'pinned' } },
    } as unknown as RoutingConfig;
    const incoming = { ...existing, routes: { summarize: route('openai:gpt-5.4-nano', 'n') } };
    const merged = mergeRouting(future, incoming) as unknown as Record<string, unknown> & {
      routes: Record<string, Record<string, unknown>>;
    };
    expect(merged.owner).toBe('news-team');
    expect(merged.routes.headline?.note).toBe('pinned');
  });

  it('returns the incoming config when there is none yet', () => {
    const incoming = { ...existing, routes: { summarize: route('openai:gpt-5.4-nano', 'n') } };
    expect(mergeRouting(null, incoming)).toBe(incoming);
  });
});
