import { describe, expect, it } from 'vitest';
import { matchesFilterPatterns } from './stream-filter.ts';

// The shape infra/functions.yml gives the events publisher.
const orderEvents = [{ eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['OrderEvent'] } } } }];
const record = (eventName: string, entity?: string) => ({ eventName, dynamodb: { NewImage: entity ? { entity: { S: entity } } : {} } });

describe('matchesFilterPatterns', () => {
  it.each([
    ['an inserted order event', record('INSERT', 'OrderEvent'), true],
    ['a modified order event', record('MODIFY', 'OrderEvent'), false],
    ['an inserted order', record('INSERT', 'Order'), false],
    ['an insert without entity', record('INSERT'), false],
  ])('decides %s', (_name, input, expected) => {
    expect(matchesFilterPatterns(input, orderEvents)).toBe(expected);
  });

  it('lets everything through without patterns and ORs several patterns', () => {
    expect(matchesFilterPatterns(record('REMOVE'), undefined)).toBe(true);
    expect(matchesFilterPatterns(record('REMOVE'), [...orderEvents, { eventName: ['REMOVE'] }])).toBe(true);
  });

  it('accepts the CloudFormation { Pattern } form and the exists, prefix and anything-but rules', () => {
    expect(matchesFilterPatterns(record('INSERT', 'OrderEvent'), [{ Pattern: JSON.stringify(orderEvents[0]) }])).toBe(true);
    expect(
      matchesFilterPatterns(record('INSERT', 'OrderEvent'), [{ dynamodb: { NewImage: { entity: { S: [{ prefix: 'Order' }] } } } }]),
    ).toBe(true);
    expect(matchesFilterPatterns(record('INSERT'), [{ dynamodb: { NewImage: { entity: [{ exists: false }] } } }])).toBe(true);
    expect(matchesFilterPatterns(record('INSERT'), [{ eventName: [{ 'anything-but': ['INSERT'] }] }])).toBe(false);
  });

  it('refuses rules it does not implement instead of guessing', () => {
    expect(() => matchesFilterPatterns(record('INSERT'), [{ eventName: [{ numeric: ['>', 1] }] }])).toThrow(/unsupported/);
  });
});
