import { describe, expect, it } from 'vitest';
import { findNumbers, numbersMissingFromSource } from './numbers.js';

const SOURCE = `Flooding along the River Severn forced 1,200 residents from their homes on Tuesday,
the county council said. Water levels peaked at 5.6 metres, the highest since 2007, and 38% of
the town's roads were closed. Repairs are expected to cost £4.5 million. Three schools shut.`;

describe('findNumbers', () => {
  it('reads thousands separators, decimals, percentages and years as values', () => {
    const values = findNumbers(SOURCE).map((mention) => mention.values[0]);
    expect(values).toEqual([1200, 5.6, 2007, 38, 4.5]);
  });

  it('adds the scaled value after a scale word', () => {
    expect(findNumbers('£4.5 million and $3bn and 10k')).toEqual([
      { text: '4.5 million', values: [4.5, 4_500_000] },
      { text: '3bn', values: [3, 3e9] },
      { text: '10k', values: [10, 10_000] },
    ]);
  });

  it('skips digits that are part of a name, and numbers spelled as words', () => {
    expect(findNumbers('The G7 met over H5N1; three ministers came.')).toEqual([]);
  });

  it('keeps a comma that is not a thousands separator out of the number', () => {
    expect(findNumbers('scores of 1,2345 and 7,5').map((m) => m.text)).toEqual([
      '1',
      '2345',
      '7',
      '5',
    ]);
  });
});

describe('numbersMissingFromSource', () => {
  it('passes a faithful summary', () => {
    const summary =
      'Severn flooding displaced 1,200 residents; water peaked at 5.6 m, the highest since ' +
      '2007, closing 38% of roads. Repairs will cost about £4.5m. Three schools closed.';
    expect(numbersMissingFromSource(summary, SOURCE)).toEqual([]);
  });

  it('names an invented figure', () => {
    const summary = 'Flooding forced 1,200 residents out and 47 people were injured.';
    expect(numbersMissingFromSource(summary, SOURCE)).toEqual(['47']);
  });

  it('matches 1,200 in the source with 1200 in the output, and the reverse', () => {
    expect(numbersMissingFromSource('1200 residents left.', SOURCE)).toEqual([]);
    expect(numbersMissingFromSource('1,200 left', 'About 1200 left')).toEqual([]);
  });

  it('matches a scaled figure with its plain form', () => {
    expect(numbersMissingFromSource('It cost £4,500,000.', SOURCE)).toEqual([]);
    expect(numbersMissingFromSource('It cost $1.2 million.', 'It cost $1,200,000.')).toEqual([]);
  });

  it('lists each missing number once, in the order written', () => {
    const summary = 'In 2019, 47 people, then 47 more, and 2.5% of 900.';
    expect(numbersMissingFromSource(summary, SOURCE)).toEqual(['2019', '47', '2.5', '900']);
  });

  it('ignores numbers spelled as words in the output', () => {
    expect(numbersMissingFromSource('Forty-seven people were hurt.', SOURCE)).toEqual([]);
  });

  it('handles empty and non-Latin text', () => {
    expect(numbersMissingFromSource('', '')).toEqual([]);
    expect(numbersMissingFromSource('東京で３人が 12 時に', '東京')).toEqual(['12']);
  });
});
