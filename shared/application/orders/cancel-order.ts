import { cancel } from '#shared/domain/orders/decide.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import { cancellationReasonFor } from './access.ts';
import type { OrderDeps } from './order-deps.ts';
import { changeOrder, type OrderCommandInput } from './run-order-command.ts';

/** The owner (orders:cancel:own) or an admin (orders:cancel:any) cancels before shipping; stock is released. */
export const cancelOrder = (deps: OrderDeps, input: OrderCommandInput): Promise<Order> =>
  changeOrder(deps, input, (order, meta) => cancel(order, { reason: cancellationReasonFor(input.actor, order), meta }));
