import { describe, expect, it } from 'vitest';
import { bucketOf, hash32, riskRoutingSchema, routeOrder, type RiskRouting } from './routing.ts';

const customers = (n: number) => Array.from({ length: n }, (_, i) => `01J${String(i).padStart(23, '0')}`);
const split: RiskRouting = { champion: 1, challenger: 2, challengerShare: 0.3, mode: 'split' };

describe('routeOrder', () => {
  it('sends everyone to the champion when there is no challenger', () => {
    expect(routeOrder({ champion: 3, challengerShare: 0.5, mode: 'split' }, 'C1')).toEqual({
      decider: { version: 3, variant: 'champion' },
    });
  });

  it.each([400, 10_000])('in split, gives the challenger 0.3 ± 0.06 of %d customers', (n) => {
    const share = customers(n).filter((customer) => routeOrder(split, customer).decider.variant === 'challenger').length / n;

    expect(share).toBeGreaterThanOrEqual(0.24);
    expect(share).toBeLessThanOrEqual(0.36);
  });

  it('gives a customer the same variant every time', () => {
    for (const customer of customers(200)) expect(routeOrder(split, customer)).toEqual(routeOrder({ ...split }, customer));
  });

  it('never routes to the challenger at share 0, and keeps the share-0.2 group inside the share-0.3 group', () => {
    const ids = customers(1_000);
    const at = (challengerShare: number) =>
      new Set(ids.filter((c) => routeOrder({ ...split, challengerShare }, c).decider.variant === 'challenger'));

    expect(at(0).size).toBe(0);
    expect([...at(0.2)].every((c) => at(0.3).has(c))).toBe(true);
  });

  it('in shadow, lets the champion decide every order and scores the challenger alongside', () => {
    for (const customer of customers(100)) {
      expect(routeOrder({ ...split, mode: 'shadow' }, customer)).toEqual({
        decider: { version: 1, variant: 'champion' },
        shadow: { version: 2, variant: 'challenger' },
      });
    }
  });
});

describe('hash32 and bucketOf', () => {
  it('are stable across releases (fixed vectors)', () => {
    // A change here reassigns every customer of a running experiment: bump the salt on purpose, never by accident.
    expect([hash32(''), hash32('a'), hash32('01J00000000000000000000000')]).toEqual([2872998923, 444641715, 3617993718]);
  });

  it('spread buckets evenly over [0, 1)', () => {
    const buckets = customers(10_000).map((c) => bucketOf(c, 2));
    const deciles = Array.from({ length: 10 }, (_, d) => buckets.filter((b) => b >= d / 10 && b < (d + 1) / 10).length);

    expect(Math.min(...deciles)).toBeGreaterThan(900);
    expect(Math.max(...deciles)).toBeLessThan(1100);
  });

  it('draw a new sample of customers for a new challenger', () => {
    const ids = customers(1_000);
    const chosen = (challenger: number) => ids.filter((c) => bucketOf(c, challenger) < 0.3);
    const overlap = chosen(2).filter((c) => chosen(3).includes(c)).length / chosen(2).length;

    expect(overlap).toBeGreaterThan(0.2);
    expect(overlap).toBeLessThan(0.4);
  });
});

describe('riskRoutingSchema', () => {
  it.each([
    ['a share above 0.5', { ...split, challengerShare: 0.6 }, 'challengerShare'],
    ['a challenger equal to the champion', { ...split, challenger: 1 }, 'challenger'],
    ['an unknown mode', { ...split, mode: 'canary' }, 'mode'],
    ['a version 0', { ...split, champion: 0 }, 'champion'],
    ['an unknown field', { ...split, extra: true }, ''],
  ])('refuses %s', (_case, input, path) => {
    const result = riskRoutingSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
