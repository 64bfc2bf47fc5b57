import type { Clock } from '#shared/domain/clock.ts';
import type { CommandMeta } from '#shared/domain/orders/decide.ts';
import type { OrderRepository, ProductReader } from '#shared/domain/orders/ports.ts';
import type { RetryPolicy } from './retry-policy.ts';

/** What every orders use case may use; each takes only the part it needs. */
export interface OrderDeps {
  orders: OrderRepository;
  products: ProductReader;
  clock: Clock;
  newId: () => string;
  retry?: RetryPolicy;
}

/** The caller-supplied parts of the events a command appends: a fresh id, now, and the request's correlation id. */
export const metaOf = ({ clock, newId }: Pick<OrderDeps, 'clock' | 'newId'>, correlationId: string): CommandMeta => ({
  eventId: newId(),
  occurredAt: clock.now().toISOString(),
  correlationId,
});
