import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '#shared/domain/errors.ts';
import type { RateLimiter } from '../ports.ts';

const rule = { limit: 10, windowSeconds: 900 };

/** The RateLimiter contract: the in-memory fake and the DynamoDB adapter both pass it (within one window). */
export const describeRateLimiterContract = (name: string, makeLimiter: () => RateLimiter) =>
  describe(`${name} honours the RateLimiter contract`, () => {
    it('admits exactly the limit out of 30 concurrent attempts and tells the rest when to retry', async () => {
      const limiter = makeLimiter();
      const subject = `ip-${ulid()}`;

      const results = await Promise.allSettled(Array.from({ length: 30 }, () => limiter.consume('test', subject, rule)));

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(rule.limit);
      const refusal = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(refusal.reason).toBeInstanceOf(RateLimitedError);
      expect(refusal.reason.retryAfterSeconds).toBeGreaterThan(0);
      expect(refusal.reason.retryAfterSeconds).toBeLessThanOrEqual(rule.windowSeconds);
    });

    it('counts each scope and subject on its own', async () => {
      const limiter = makeLimiter();
      const subject = `email-${ulid()}`;
      for (let attempt = 0; attempt < rule.limit; attempt += 1) await limiter.consume('test', subject, rule);

      await expect(limiter.consume('test', subject, rule)).rejects.toThrow(RateLimitedError);
      await expect(limiter.consume('other-scope', subject, rule)).resolves.toBeUndefined();
      await expect(limiter.consume('test', `${subject}-other`, rule)).resolves.toBeUndefined();
    });

    it('starts counting afresh after a reset', async () => {
      const limiter = makeLimiter();
      const subject = `email-${ulid()}`;
      for (let attempt = 0; attempt < rule.limit; attempt += 1) await limiter.consume('test', subject, rule);

      await limiter.reset('test', subject, rule);

      await expect(limiter.consume('test', subject, rule)).resolves.toBeUndefined();
    });
  });
