import { cancel } from '#shared/domain/orders/decide.ts';
import type { UnpaidOrderFinder } from '#shared/domain/orders/ports.ts';
import type { OrderDeps } from './order-deps.ts';
import { runOrderCommand } from './run-order-command.ts';

export interface ExpireUnpaidOrdersDeps {
  orders: Pick<OrderDeps, 'orders' | 'clock' | 'newId' | 'retry'>;
  unpaid: UnpaidOrderFinder;
}

export interface ExpireUnpaidOrdersInput {
  /** ORDER_PAYMENT_DEADLINE_SECONDS: how long an order may wait for its payment. */
  deadlineSeconds: number;
  /** Orders handled per run; the next run takes the rest. */
  limit: number;
}

/**
 * The payment deadline: every order still PENDING_PAYMENT `deadlineSeconds` after it was placed is cancelled with
 * reason `payment_timeout` (its stock released in the same transaction). The OrderCancelled this appends reaches the
 * payments worker like any cancel: no charge started → VOIDED tombstone, so nothing is charged later; a charge in flight
 * that lands afterwards is refunded and recorded (OrderPaymentCaptured, OrderRefunded). An order paid in the meantime
 * is left alone: the decision is taken on the order as loaded.
 */
export const expireUnpaidOrders = async (
  deps: ExpireUnpaidOrdersDeps,
  { deadlineSeconds, limit }: ExpireUnpaidOrdersInput,
): Promise<{ checked: number; expired: string[]; failed: string[] }> => {
  const cutoff = new Date(deps.orders.clock.now().getTime() - deadlineSeconds * 1000).toISOString();
  const candidates = await deps.unpaid.placedBefore(cutoff, limit);
  const expired: string[] = [];
  const failed: string[] = [];
  for (const orderId of candidates) {
    let cancelled = false;
    try {
      await runOrderCommand(deps.orders, { orderId, correlationId: `payment-deadline:${orderId}` }, (current, meta) => {
        const overdue = current.status === 'PENDING_PAYMENT' && current.placedAt < cutoff;
        cancelled = overdue;
        return overdue ? cancel(current, { reason: 'payment_timeout', meta }) : [];
      });
      if (cancelled) expired.push(orderId);
    } catch {
      failed.push(orderId); // the next run tries again; one bad order never blocks the others
    }
  }
  return { checked: candidates.length, expired, failed };
};
