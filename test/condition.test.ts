import { describe, expect, it } from 'vitest';
import { type Condition, conditionProblem, matches } from '../src/stack/condition.js';

const mode = (value: string): Condition => ({ properties: { mode: { const: value } } });

describe('matches', () => {
  it.each<[string, Condition, Record<string, unknown>, boolean]>([
    ['empty condition always matches', {}, { mode: 'a' }, true],
    ['const equal', mode('a'), { mode: 'a' }, true],
    ['const different', mode('a'), { mode: 'b' }, false],
    ['missing property matches (JSON Schema)', mode('a'), {}, true],
    ['enum hit', { properties: { x: { enum: ['1', '2'] } } }, { x: '2' }, true],
    ['enum miss', { properties: { x: { enum: ['1', '2'] } } }, { x: '3' }, false],
    ['not', { properties: { x: { not: { const: 'a' } } } }, { x: 'a' }, false],
    ['anyOf one true', { anyOf: [mode('a'), mode('b')] }, { mode: 'b' }, true],
    ['anyOf none true', { anyOf: [mode('a'), mode('b')] }, { mode: 'c' }, false],
    ['allOf', { allOf: [mode('a'), { properties: { x: { const: '1' } } }] }, { mode: 'a', x: '2' }, false],
    ['boolean const', { properties: { uc: { const: true } } }, { uc: true }, true],
    ['boolean const mismatch', { properties: { uc: { const: true } } }, { uc: false }, false],
    ['pattern', { properties: { x: { pattern: '^a' } } }, { x: 'abc' }, true],
    ['several properties all must match', { properties: { a: { const: '1' }, b: { const: '2' } } }, { a: '1', b: '3' }, false],
  ])('%s', (_, condition, values, expected) => {
    expect(matches(condition, values)).toBe(expected);
  });
});

describe('conditionProblem', () => {
  const known = new Set(['mode']);
  it('accepts well-formed conditions', () => {
    expect(conditionProblem({ anyOf: [mode('a'), { not: mode('b') }] }, known)).toBeUndefined();
  });
  it.each<[unknown, string]>([
    [[], 'must be an object'],
    [{ propertys: {} }, 'unknown keyword "propertys"'],
    [{ properties: { other: { const: 'a' } } }, 'names unknown value "other"'],
    [{ anyOf: {} }, 'anyOf must be an array'],
  ])('reports %j', (condition, problem) => {
    expect(conditionProblem(condition, known)).toBe(problem);
  });
});
