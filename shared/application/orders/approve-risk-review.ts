import { approveRiskReview as decide } from '#shared/domain/orders/risk.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import type { OrderDeps } from './order-deps.ts';
import { changeOrder, type OrderCommandInput } from './run-order-command.ts';

/** An admin clears an order's risk review, so that it can ship. */
export const approveRiskReview = (deps: OrderDeps, input: OrderCommandInput): Promise<Order> =>
  changeOrder(deps, input, (order, meta) => decide(order, { approvedBy: input.actor.userId, meta }));
