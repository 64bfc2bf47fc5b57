import { NotFoundError } from '#shared/domain/errors.ts';
import type { CommandMeta } from '#shared/domain/orders/decide.ts';
import { canonicalOrder, type Order, type OrderEvent } from '#shared/domain/orders/order.ts';
import { visibleOrder, type Actor } from './access.ts';
import { metaOf, type OrderDeps } from './order-deps.ts';
import { withRetry } from './retry-policy.ts';

export interface OrderCommandInput {
  orderId: string;
  actor: Actor;
  correlationId: string;
}

export type OrderDecision = (order: Order, meta: CommandMeta) => OrderEvent[];

/**
 * Load, decide, commit; a lost race reloads and decides again, so a now-illegal transition becomes a 409.
 * For workers (payments) that act on behalf of the system: no caller to check, a missing order is 404.
 */
export const runOrderCommand = (
  deps: Pick<OrderDeps, 'orders' | 'clock' | 'newId' | 'retry'>,
  { orderId, correlationId }: Omit<OrderCommandInput, 'actor'>,
  decide: OrderDecision,
): Promise<Order> =>
  withRetry(deps.retry, async () => {
    const loaded = await deps.orders.load(orderId);
    if (!loaded.order) throw new NotFoundError('Order not found.');
    return canonicalOrder(await deps.orders.append(loaded, decide(loaded.order, metaOf(deps, correlationId))));
  });

/** The same cycle for an HTTP caller: an order the caller may not read is a 404, as if it did not exist. */
export const changeOrder = (
  deps: Pick<OrderDeps, 'orders' | 'clock' | 'newId' | 'retry'>,
  { actor, ...input }: OrderCommandInput,
  decide: OrderDecision,
): Promise<Order> => runOrderCommand(deps, input, (order, meta) => decide(visibleOrder(actor, order), meta));
