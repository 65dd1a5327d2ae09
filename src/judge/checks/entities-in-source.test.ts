import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entitiesMissingFromSource } from './entities-in-source.js';

interface Article {
  id: string;
  body: string;
}

const ARTICLES: Article[] = readFileSync(
  new URL('../../../fixtures/wikinews.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Article);

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The article's first sentences: a faithful, extractive summary. */
function lead(article: Article, sentences = 3): string {
  return [...sentenceSegmenter.segment(article.body)]
    .slice(0, sentences)
    .map((segment) => segment.segment.trim())
    .join(' ');
}

function article(id: string): Article {
  const found = ARTICLES.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no fixture article ${id}`);
  return found;
}

// Magnitogorsk building collapse: Putin, the FSB, Russia.
const MAGNITOGORSK = article('wikinews-e8d671d30811');

describe('entitiesMissingFromSource', () => {
  it('passes the first sentences of every fixture article', () => {
    const flagged = ARTICLES.filter((a) => entitiesMissingFromSource(lead(a), a.body).length > 0);
    expect(flagged.map((a) => a.id)).toEqual([]);
  });

  it('passes a paraphrase that shortens, reorders and inflects the names', () => {
    const summary =
      'Russian investigators and the FSB blame a gas leak for the collapse of a Magnitogorsk ' +
      "building that killed 39. Putin visited the Ural city; Vladimir Putin's officials said " +
      'Emergencies Minister Zinichev led the rescue.';
    expect(entitiesMissingFromSource(summary, MAGNITOGORSK.body)).toEqual([]);
  });

  it('names invented people and sources', () => {
    const summary =
      `${lead(MAGNITOGORSK)} Angela Merkel sent condolences to Putin. ` +
      'Reuters reported that Merkel also called the mayor.';
    expect(entitiesMissingFromSource(summary, MAGNITOGORSK.body)).toEqual([
      'Angela Merkel',
      'Reuters',
    ]);
  });

  it('matches a multi-word name by its last word, both ways', () => {
    expect(entitiesMissingFromSource('Vladimir Putin spoke.', 'Mr Putin spoke.')).toEqual([]);
    expect(entitiesMissingFromSource('Then Putin spoke.', 'Vladimir Putin spoke.')).toEqual([]);
    expect(entitiesMissingFromSource('Boris Johnson spoke.', 'Putin spoke.')).toEqual([
      'Boris Johnson',
    ]);
  });

  it('ignores case, accents, full stops in initials, and the names it is told to', () => {
    const source = 'The mayor of Gdańsk met US officials and the NBA.';
    expect(entitiesMissingFromSource('GDANSK hosted U.S. and Nba teams.', source)).toEqual([]);
    expect(entitiesMissingFromSource('Wikinews says Gdańsk.', source, ['Wikinews'])).toEqual([]);
  });

  it('knows an acronym the source spells out', () => {
    const source = 'The World Health Organization named the disease.';
    expect(entitiesMissingFromSource('The WHO named it.', source)).toEqual([]);
    expect(entitiesMissingFromSource('The UN named it.', source)).toEqual(['UN']);
  });

  it('matches a people with its country', () => {
    const source =
      'Officials in Russia, China, Israel and France met delegates from Iranian towns.';
    const summary = 'Russian, Chinese, Israeli and French officials met Iran.';
    expect(entitiesMissingFromSource(summary, source)).toEqual([]);
  });

  it('skips heading lines, whose capitals are title case', () => {
    const summary = '## Key Points\n**Main Takeaways**\nBuilding Collapse Details:\nPutin flew in.';
    expect(entitiesMissingFromSource(summary, 'Putin flew in.')).toEqual([]);
  });

  it('handles empty text', () => {
    expect(entitiesMissingFromSource('', '')).toEqual([]);
    expect(entitiesMissingFromSource('Putin', '')).toEqual(['Putin']);
  });
});
