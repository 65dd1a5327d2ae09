import { describe, expect, it } from 'vitest';
import { findEntities, isAcronym } from './entities.js';

describe('findEntities', () => {
  it('finds multi-word names and acronyms, dropping titles and possessives', () => {
    const text =
      'President Vladimir Putin flew to Magnitogorsk. The FSB said gas was to blame, ' +
      "and Russia's emergencies ministry agreed.";
    expect(findEntities(text)).toEqual(['Vladimir Putin', 'Magnitogorsk', 'FSB', 'Russia']);
  });

  it('never takes a sentence-opening function word or common word for a name', () => {
    const text =
      'The building fell. However, rescuers kept digging. Authorities said 39 died. ' +
      'Meanwhile, officials met. After that, nothing.';
    expect(findEntities(text)).toEqual([]);
  });

  it('keeps a sentence-opening word that is no common word, and a name after the opener', () => {
    expect(
      findEntities('Reuters reported it. The Kremlin denied it. In Moscow, few care.'),
    ).toEqual(['Reuters', 'Kremlin', 'Moscow']);
  });

  it('joins initials, particles, hyphens and connectors into one name', () => {
    const text =
      'A judge ordered V. Stiviano to pay. Bashar al-Assad met Jean-Pierre Raffarin at the ' +
      'Bank of England in the U.S. and J.R.R. Tolkien wrote.';
    expect(findEntities(text)).toEqual([
      'V. Stiviano',
      'Bashar al-Assad',
      'Jean-Pierre Raffarin',
      'Bank of England',
      'U.S.',
      'J.R.R. Tolkien',
    ]);
  });

  it('cuts a lower-case hyphenated tail and reads past abbreviations', () => {
    const text = 'The Saudi-led coalition and Hong Kong-based firms met Dr. Li and Sen. Ted Cruz.';
    expect(findEntities(text)).toEqual(['Saudi', 'Hong Kong', 'Li', 'Ted Cruz']);
  });

  it('skips contractions, dates, common abbreviations and words in capitals', () => {
    const text =
      "I'm sure. Don't go. On Monday in March the CEO said GDP fell. UPDATE: NBA games resume.";
    expect(findEntities(text)).toEqual(['NBA']);
  });

  it('lists each name once, as first written', () => {
    expect(findEntities('Putin met Xi. Later Putin left; PUTIN returned.')).toEqual([
      'Putin',
      'Xi',
    ]);
  });

  it('handles empty and non-Latin text', () => {
    expect(findEntities('')).toEqual([]);
    expect(findEntities('В понедельник в Магнитогорске обрушился дом.')).toEqual(['Магнитогорске']);
    expect(findEntities('東京で地震があった。')).toEqual([]);
  });
});

describe('isAcronym', () => {
  it('needs two capitals and no lower-case letter', () => {
    expect(['FSB', 'U.S.', 'COVID-19', 'AT&T'].map(isAcronym)).toEqual([true, true, true, true]);
    expect(['I', 'V.', 'PhD', 'Putin'].map(isAcronym)).toEqual([false, false, false, false]);
  });
});
