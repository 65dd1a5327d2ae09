import { describe, expect, it } from 'vitest';
import { canonicalJson, datasetHash } from './hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined properties', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 'x' }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[2,{"e":"x","f":1}]},"b":1}',
    );
  });

  it('sorts integer-like keys as text, not in JavaScript property order', () => {
    expect(canonicalJson({ 10: 'a', 9: 'b', x: 'c' })).toBe('{"10":"a","9":"b","x":"c"}');
  });
});

describe('datasetHash', () => {
  it('changes with the order of the articles', () => {
    const a = { id: 'a', body: 'x' };
    const b = { id: 'b', body: 'y' };
    expect(datasetHash([a, b])).not.toBe(datasetHash([b, a]));
    expect(datasetHash([a, b])).toBe(datasetHash([{ body: 'x', id: 'a' }, b]));
  });
});
