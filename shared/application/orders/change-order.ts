import { cancel, deliver, ship, type CommandMeta } from '#shared/domain/orders/decide.ts';
import { canonicalOrder, type Order, type OrderEvent } from '#shared/domain/orders/order.ts';
import { cancellationReasonFor, visibleOrder, type Actor } from './access.ts';
import { metaOf, withRetry, type OrderDeps } from './deps.ts';

export interface OrderCommandInput {
  orderId: string;
  actor: Actor;
  correlationId: string;
}

type Decision = (order: Order, meta: CommandMeta) => OrderEvent[];

/** Load, decide, commit; a lost race reloads and decides again, so a now-illegal transition becomes a 409. */
export const changeOrder = (deps: OrderDeps, { orderId, actor, correlationId }: OrderCommandInput, decide: Decision): Promise<Order> =>
  withRetry(deps.retry, async () => {
    const loaded = await deps.orders.load(orderId);
    const order = visibleOrder(actor, loaded.order);
    return canonicalOrder(await deps.orders.append(loaded, decide(order, metaOf(deps, correlationId))));
  });

/** The owner (orders:cancel:own) or an admin (orders:cancel:any) cancels before shipping; stock is released. */
export const cancelOrder = (deps: OrderDeps, input: OrderCommandInput) =>
  changeOrder(deps, input, (order, meta) => cancel(order, { reason: cancellationReasonFor(input.actor, order), meta }));

export const shipOrder = (deps: OrderDeps, input: OrderCommandInput) => changeOrder(deps, input, (order, meta) => ship(order, { meta }));

export const deliverOrder = (deps: OrderDeps, input: OrderCommandInput) => changeOrder(deps, input, (order, meta) => deliver(order, { meta }));

