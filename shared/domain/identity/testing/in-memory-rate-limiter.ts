import { RateLimitedError } from '#shared/domain/errors.ts';
import type { RateLimiter, RateRule } from '../ports.ts';

/** Attempt counts in a Map; one window that never ends, so tests reset it explicitly. */
export class InMemoryRateLimiter implements RateLimiter {
  readonly counts = new Map<string, number>();
  async consume(scope: string, subject: string, rule: RateRule) {
    const key = `${scope}/${subject}`;
    const used = this.counts.get(key) ?? 0;
    if (used >= rule.limit) throw new RateLimitedError('Too many attempts', { retryAfterSeconds: Math.min(60, rule.windowSeconds) });
    this.counts.set(key, used + 1);
  }
  async reset(scope: string, subject: string) {
    this.counts.delete(`${scope}/${subject}`);
  }
}
