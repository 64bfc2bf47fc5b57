import { ConflictError } from '#shared/domain/errors.ts';
import type { RateLimiter, RateRule } from '#shared/domain/identity/ports.ts';

/** What placing an order checks first, so nobody can hoard stock with a stream of orders they never pay. */
export interface PlacementLimits {
  limiter: RateLimiter;
  /** The customer's orders still awaiting payment, counted up to `atMost` (a bounded read). */
  countUnpaid(customerId: string, atMost: number): Promise<number>;
  /** Orders one customer may place per window (429 with Retry-After beyond it). */
  perCustomer: RateRule;
  /** Open unpaid orders one customer may hold (409 beyond it, until one is paid or cancelled). */
  maxUnpaid: number;
}

/** Throws RateLimitedError (429) or ConflictError (409); reserves nothing. */
export const checkPlacementLimits = async (limits: PlacementLimits, customerId: string): Promise<void> => {
  await limits.limiter.consume('place-order', customerId, limits.perCustomer);
  const unpaid = await limits.countUnpaid(customerId, limits.maxUnpaid);
  if (unpaid >= limits.maxUnpaid) {
    throw new ConflictError(`You have ${unpaid} orders awaiting payment, the most allowed; pay or cancel one before placing another.`);
  }
};
