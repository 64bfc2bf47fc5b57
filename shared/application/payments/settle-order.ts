import { runOrderCommand } from '#shared/application/orders/run-order-command.ts';
import type { CommandMeta } from '#shared/domain/orders/decide.ts';
import type { Order, OrderEvent } from '#shared/domain/orders/order.ts';
import type { PaymentDeps, PaymentInput } from './payment-deps.ts';

/** The order as it is now, or undefined. */
export const loadOrder = async (deps: PaymentDeps, orderId: string): Promise<Order | undefined> =>
  (await deps.orders.orders.load(orderId)).order;

/**
 * Records an outcome on the order when `applies` says it still fits the order's current state; otherwise nothing is
 * appended (repeated or overtaken outcomes are no-ops). Returns the order as it is afterwards.
 */
export const settleOrder = (
  deps: PaymentDeps,
  { orderId, correlationId }: PaymentInput,
  applies: (order: Order) => boolean,
  decide: (order: Order, meta: CommandMeta) => OrderEvent[],
): Promise<Order> => runOrderCommand(deps.orders, { orderId, correlationId }, (order, meta) => (applies(order) ? decide(order, meta) : []));
