import { deliver } from '#shared/domain/orders/decide.ts';
import type { Order } from '#shared/domain/orders/order.ts';
import type { OrderDeps } from './order-deps.ts';
import { changeOrder, type OrderCommandInput } from './run-order-command.ts';

/** A shipped order reached its customer (orders:fulfil:any). */
export const deliverOrder = (deps: OrderDeps, input: OrderCommandInput): Promise<Order> =>
  changeOrder(deps, input, (order, meta) => deliver(order, { meta }));
