import { NotFoundError } from '#shared/domain/errors.ts';
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

/**
 * Load, decide, commit; a lost race reloads and decides again, so a now-illegal transition becomes a 409.
 * For workers (payments) that act on behalf of the system: no caller to check, a missing order is 404.
 */
export const runOrderCommand = (deps: OrderDeps, { orderId, correlationId }: Omit<OrderCommandInput, 'actor'>, decide: Decision): Promise<Order> =>
  withRetry(deps.retry, async () => {
    const loaded = await deps.orders.load(orderId);
    if (!loaded.order) throw new NotFoundError('Order not found.');
    return canonicalOrder(await deps.orders.append(loaded, decide(loaded.order, metaOf(deps, correlationId))));
  });

/** The same cycle for an HTTP caller: an order the caller may not read is a 404, as if it did not exist. */
export const changeOrder = (deps: OrderDeps, { actor, ...input }: OrderCommandInput, decide: Decision): Promise<Order> =>
  runOrderCommand(deps, input, (order, meta) => decide(visibleOrder(actor, order), meta));

/** The owner (orders:cancel:own) or an admin (orders:cancel:any) cancels before shipping; stock is released. */
export const cancelOrder = (deps: OrderDeps, input: OrderCommandInput) =>
  changeOrder(deps, input, (order, meta) => cancel(order, { reason: cancellationReasonFor(input.actor, order), meta }));

export const shipOrder = (deps: OrderDeps, input: OrderCommandInput) => changeOrder(deps, input, (order, meta) => ship(order, { meta }));

export const deliverOrder = (deps: OrderDeps, input: OrderCommandInput) => changeOrder(deps, input, (order, meta) => deliver(order, { meta }));

