import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderError } from './errors.js';
import { splitSentences } from './local/sentences.js';
import { isKnownLocalModel, LocalProvider, parseLocalModel } from './local.js';
import type { CompletionRequest } from './types.js';

interface FixtureArticle {
  id: string;
  body: string;
}

const articles: FixtureArticle[] = readFileSync(
  new URL('../../fixtures/wikinews.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as FixtureArticle);

function article(id: string): FixtureArticle {
  const found = articles.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`fixture ${id} is missing`);
  return found;
}

const provider = new LocalProvider();

function request(model: string, document?: string): CompletionRequest {
  return { model, messages: [{ role: 'user', content: 'Summarize this article.' }], document };
}

async function summarize(model: string, document: string): Promise<string> {
  return (await provider.complete(request(model, document))).text;
}

/** The indices of the article's sentences an extractive summary is made of, or null. */
function sentenceIndices(summary: string, body: string): number[] | null {
  const sentences = splitSentences(body);
  const indices: number[] = [];
  let rest = summary;
  while (rest !== '') {
    const index = sentences.findIndex((sentence) => rest.startsWith(sentence));
    if (index === -1) return null;
    indices.push(index);
    rest = rest.slice(sentences[index]?.length).trimStart();
  }
  return indices;
}

describe('lead-N', () => {
  it('returns exactly the first three sentences of a real article', async () => {
    const magnitogorsk = article('wikinews-e8d671d30811');
    expect(await summarize('lead-3', magnitogorsk.body)).toBe(
      'An apartment building collapsed on Monday in Magnitogorsk, a city in the Ural region ' +
        'of Russia. A suspected gas leak led to an explosion, followed by the ten-storey ' +
        'building coming down. A total of 39 are confirmed dead, officials told state media, ' +
        'adding that rescuers ended their work yesterday.',
    );
  });

  it('skips a dateline line and keeps "U.S." inside its sentence', async () => {
    const comicon = article('wikinews-cc87e750253b');
    expect(await summarize('lead-1', comicon.body)).toMatch(/^Toronto Comicon 2019 returned/);

    const pelosi = article('wikinews-b815ca1248d4');
    const lead = await summarize('lead-20', pelosi.body);
    expect(lead).toContain('The 116th U.S. Congress has the greatest number of women');
  });

  it('returns the whole text when the article is shorter than N sentences', async () => {
    expect(await summarize('lead-5', 'One sentence. Two sentences.')).toBe(
      'One sentence. Two sentences.',
    );
  });
});

describe('textrank', () => {
  it('returns N sentences of the article, in document order', async () => {
    for (const { body } of articles.slice(0, 40)) {
      const indices = sentenceIndices(await summarize('textrank', body), body);
      expect(indices).toHaveLength(3);
      expect(indices).toEqual([...(indices ?? [])].sort((a, b) => a - b));
    }
    const body = articles[0]?.body ?? '';
    expect(sentenceIndices(await summarize('textrank-5', body), body)).toHaveLength(5);
  });

  it('chooses differently from lead-3 on real articles', async () => {
    let differing = 0;
    for (const { body } of articles) {
      if ((await summarize('textrank', body)) !== (await summarize('lead-3', body))) differing++;
    }
    expect(differing).toBeGreaterThan(articles.length * 0.9);
  });

  it('gives the same summary every time', async () => {
    const body = article('wikinews-e8d671d30811').body;
    const first = await summarize('textrank', body);
    for (let run = 0; run < 5; run++) expect(await summarize('textrank', body)).toBe(first);
  });
});

describe('LocalProvider', () => {
  it('is always available and reports unknown usage, not zero', async () => {
    expect(provider.credentials()).toEqual({ available: true, source: 'built in' });

    const result = await provider.complete(request('lead-3', 'A sentence. Another one.'));
    expect(result).toEqual({
      text: 'A sentence. Another one.',
      usage: {
        inputTokens: null,
        outputTokens: null,
        cachedInputTokens: null,
        cacheWriteTokens: null,
        reasoningTokens: null,
        raw: null,
      },
      finishReason: 'stop',
      responseModel: 'lead-3',
      warnings: [],
    });
  });

  it('refuses a request without the article text', async () => {
    const call = provider.complete(request('textrank'));
    await expect(call).rejects.toBeInstanceOf(ProviderError);
    await expect(call).rejects.toMatchObject({
      kind: 'invalid_request',
      provider: 'local',
      message: expect.stringMatching(/needs the article text/),
    });
  });

  it('names the valid models when the model is unknown', async () => {
    await expect(provider.complete(request('foo', 'Text.'))).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringMatching(/"foo".*lead-N.*textrank/),
    });
  });

  it('turns an abort into an aborted ProviderError', async () => {
    const controller = new AbortController();
    controller.abort();
    const call = provider.complete(request('lead-3', 'Text.'), { signal: controller.signal });
    await expect(call).rejects.toMatchObject({ kind: 'aborted', retryable: false });
  });

  it('summarises every fixture article with both baselines in well under a second', async () => {
    const started = performance.now();
    for (const { body } of articles) {
      await summarize('lead-3', body);
      await summarize('textrank', body);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('model names', () => {
  it('accepts lead-N, textrank and textrank-N only', () => {
    for (const name of ['lead-1', 'lead-3', 'textrank', 'textrank-5']) {
      expect(isKnownLocalModel(name)).toBe(true);
    }
    for (const name of ['lead', 'lead-0', 'lead-03', 'lead-x', 'textrank-', 'foo', 'LEAD-3']) {
      expect(isKnownLocalModel(name)).toBe(false);
    }
    expect(parseLocalModel('textrank')).toEqual({ method: 'textrank', sentences: 3 });
  });
});
