import { ship } from '#shared/domain/orders/decide.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import type { OrderDeps } from './order-deps.ts';
import { changeOrder, type OrderCommandInput } from './run-order-command.ts';

/** A paid order leaves the warehouse (orders:fulfil:any). */
export const shipOrder = (deps: OrderDeps, input: OrderCommandInput): Promise<Order> =>
  changeOrder(deps, input, (order, meta) => ship(order, { meta }));
