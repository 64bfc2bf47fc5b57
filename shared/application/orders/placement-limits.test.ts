import { describe, expect, it } from 'vitest';
import { ConflictError, RateLimitedError } from '#shared/domain/errors.ts';
import { InMemoryRateLimiter } from '#shared/domain/identity/testing/in-memory-rate-limiter.ts';
import { checkPlacementLimits, type PlacementLimits } from './placement-limits.ts';

const limitsWith = (unpaid: Record<string, number>): PlacementLimits & { reads: number[] } => {
  const reads: number[] = [];
  return {
    reads,
    limiter: new InMemoryRateLimiter(),
    countUnpaid: async (customerId, atMost) => {
      reads.push(atMost);
      return Math.min(unpaid[customerId] ?? 0, atMost);
    },
    perCustomer: { limit: 3, windowSeconds: 60 },
    maxUnpaid: 5,
  };
};

describe('checkPlacementLimits', () => {
  it.each([
    [0, 'passes'],
    [4, 'passes'],
    [5, 'refuses'],
    [40, 'refuses'],
  ])('with %i unpaid orders %s, reading at most the cap', async (unpaid, outcome) => {
    const limits = limitsWith({ 'customer-1': unpaid });

    const result = checkPlacementLimits(limits, 'customer-1');

    if (outcome === 'passes') await expect(result).resolves.toBeUndefined();
    else await expect(result).rejects.toThrow(ConflictError);
    expect(limits.reads).toEqual([5]);
  });

  it('refuses the placement over the per-customer rate with 429, leaving other customers alone', async () => {
    const limits = limitsWith({});
    for (let placed = 0; placed < 3; placed += 1) await checkPlacementLimits(limits, 'customer-1');

    await expect(checkPlacementLimits(limits, 'customer-1')).rejects.toThrow(RateLimitedError);
    await expect(checkPlacementLimits(limits, 'customer-2')).resolves.toBeUndefined();
  });
});
