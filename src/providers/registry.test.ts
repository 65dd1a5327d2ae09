import { describe, expect, it } from 'vitest';
import { createProviderSet } from './registry.js';

describe('createProviderSet', () => {
  it('says where each provider found its credentials, once, without the secret', () => {
    const set = createProviderSet({
      env: {
        OPENAI_API_KEY: 'sk-secret',
        AWS_BEARER_TOKEN_BEDROCK: 'bedrock-secret',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'us-east-1',
      },
    });
    expect(set.status('openai')).toEqual({ available: true, source: 'OPENAI_API_KEY' });
    expect(set.status('bedrock')).toEqual({
      available: true,
      source: 'AWS_BEARER_TOKEN_BEDROCK, region us-east-1',
    });
    expect(set.status('anthropic')).toEqual({
      available: false,
      reason: 'ANTHROPIC_API_KEY is not set',
    });
  });

  it('uses access keys for Bedrock when there is no API key, and needs a region', () => {
    const keys = createProviderSet({
      env: { AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' },
    });
    expect(keys.status('bedrock')).toEqual({
      available: true,
      source: 'AWS_ACCESS_KEY_ID, region eu-west-1',
    });
    const noRegion = createProviderSet({ env: { AWS_PROFILE: 'dev' } });
    expect(noRegion.status('bedrock')).toMatchObject({ available: false });
  });
});
