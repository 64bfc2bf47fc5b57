import { describe, expect, it, vi } from 'vitest';
import { ConflictError } from '#shared/domain/errors.ts';
import { ConcurrentUpdateError } from '#shared/domain/orders/ports.ts';
import { withRetry } from './retry-policy.ts';

describe('retrying a lost race', () => {
  const policy = { attempts: 4, baseDelayMs: 1, sleep: vi.fn(async () => {}) };

  it('runs again after a concurrent update and returns the winner', async () => {
    const run = vi.fn().mockRejectedValueOnce(new ConcurrentUpdateError('raced')).mockResolvedValueOnce('done');

    await expect(withRetry(policy, run)).resolves.toBe('done');
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt with 409 and Retry-After', async () => {
    const run = vi.fn().mockRejectedValue(new ConcurrentUpdateError('raced'));

    const error = await withRetry(policy, run).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).retryAfterSeconds).toBe(1);
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('never retries any other error', async () => {
    const run = vi.fn().mockRejectedValue(new ConflictError('Cannot ship an order that is CANCELLED.'));

    await expect(withRetry(policy, run)).rejects.toThrow('Cannot ship');
    expect(run).toHaveBeenCalledTimes(1);
  });
});
