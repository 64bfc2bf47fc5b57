import { ConflictError } from '#shared/domain/errors.ts';
import { ConcurrentUpdateError } from '#shared/domain/orders/ports.ts';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Three retries after the first try, with full jitter on an exponential base of 25 ms (at most ~200 ms waiting). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 25 };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a load-decide-commit cycle again after a lost race; after the last try the caller gets 409 with Retry-After. */
export const withRetry = async <T>(policy: RetryPolicy = DEFAULT_RETRY, run: () => Promise<T>): Promise<T> => {
  const sleep = policy.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      if (attempt >= policy.attempts)
        throw new ConflictError('The order is being changed by another request; retry.', { retryAfterSeconds: 1, cause: error });
      await sleep(Math.random() * policy.baseDelayMs * 2 ** attempt);
    }
  }
};
