import { ConflictError } from '#shared/domain/errors.ts';
import type { CommandMeta } from '#shared/domain/orders/decide.ts';
import { ConcurrentUpdateError, type OrderRepository, type ProductReader } from '#shared/domain/orders/ports.ts';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Three retries after the first try, with full jitter on an exponential base of 25 ms (at most ~200 ms waiting). */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 25 };

export interface OrderDeps {
  orders: OrderRepository;
  products: ProductReader;
  clock: { now(): Date };
  newId: () => string;
  retry?: RetryPolicy;
}

export const metaOf = ({ clock, newId }: Pick<OrderDeps, 'clock' | 'newId'>, correlationId: string): CommandMeta => ({
  eventId: newId(),
  occurredAt: clock.now().toISOString(),
  correlationId,
});

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a load-decide-commit cycle again after a lost race; after the last try the caller gets 409 with Retry-After. */
export const withRetry = async <T>(policy: RetryPolicy = DEFAULT_RETRY, run: () => Promise<T>): Promise<T> => {
  const sleep = policy.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError)) throw error;
      if (attempt >= policy.attempts) throw new ConflictError('The order is being changed by another request; retry.', { retryAfterSeconds: 1, cause: error });
      await sleep(Math.random() * policy.baseDelayMs * 2 ** attempt);
    }
  }
};
