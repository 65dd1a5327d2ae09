import { describe, expect, it } from 'vitest';
import { parseModelId } from '../providers/model-id.js';
import { modelFamily } from './family.js';
import { panelFor } from './judge.js';

const id = (value: string) => {
  const parsed = parseModelId(value);
  if (!parsed) throw new Error(value);
  return parsed;
};

describe('modelFamily', () => {
  it.each([
    ['anthropic:claude-haiku-4-5', 'anthropic'],
    ['bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic'],
    ['openai:gpt-5.4-mini', 'openai'],
    ['ollama:gpt-oss:20b', 'openai'],
    ['bedrock:openai.gpt-oss-120b-1:0', 'openai'],
    ['openai:o4-mini', 'openai'],
    ['bedrock:us.amazon.nova-2-lite-v1:0', 'amazon'],
    ['bedrock:us.meta.llama4-maverick-17b-instruct-v1:0', 'meta'],
    ['ollama:qwen3:8b', 'qwen'],
    ['local:lead-3', 'local'],
    ['groq:some-new-model', 'groq'],
  ])('%s is %s', (model, family) => {
    expect(modelFamily(id(model))).toBe(family);
  });
});

describe('panelFor', () => {
  const judges = [id('openai:gpt-5.4-mini'), id('anthropic:claude-sonnet-5')];

  it('keeps a judge away from candidates of its own family', () => {
    const panel = panelFor({ judges }, id('bedrock:us.anthropic.claude-haiku-4-5-20251001-v1:0'));
    expect(panel.eligible.map((j) => j.id)).toEqual(['openai:gpt-5.4-mini']);
    expect(panel.excluded.map((j) => j.id)).toEqual(['anthropic:claude-sonnet-5']);
  });

  it('lets every judge score a baseline, or anything when the spec allows it', () => {
    expect(panelFor({ judges }, id('local:lead-3')).eligible).toHaveLength(2);
    const allowed = panelFor({ judges, allowSameFamily: true }, id('openai:gpt-5.4-nano'));
    expect(allowed.eligible).toHaveLength(2);
  });
});
