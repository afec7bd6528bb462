import { describe, expect, it } from 'vitest';
import { toMatchExpression } from '../../workers/catalog/search';
import { stableJson } from '../../workers/catalog/versions';

describe('FTS5 match expressions from user input', () => {
  it('quotes every term and makes the last a prefix', () => {
    expect(toMatchExpression('quarterly budg')).toBe('"quarterly" "budg"*');
    expect(toMatchExpression('alice@contoso.com')).toBe('"alice" "contoso" "com"*');
    expect(toMatchExpression('Ünïcödé 42')).toBe('"Ünïcödé" "42"*');
  });

  it('leaves no FTS syntax from hostile input', () => {
    for (const hostile of [
      '"',
      'AND(',
      '*',
      'NEAR(a b',
      'subject:x',
      "' OR 1=1 --",
      '^x',
      '-x',
      '{a b}',
    ]) {
      const expression = toMatchExpression(hostile);
      if (expression === null) continue;
      expect(expression).toMatch(/^("[\p{L}\p{N}_]+"\*? ?)+$/u);
    }
    expect(toMatchExpression('" * ( )')).toBeNull();
  });
});

describe('stable metadata JSON', () => {
  it('ignores key order at every depth', () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } })).toBe(
      stableJson({ a: { c: 2, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
});
