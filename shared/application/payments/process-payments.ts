import type { OrderEventMessage } from '#shared/contracts/order-events.ts';
import { chargeOrder } from './charge-order.ts';
import type { PaymentDeps, PaymentOutcome } from './payment-deps.ts';
import { refundOrder } from './refund-order.ts';

/** The part of an order-event message (shared/contracts/order-events.ts) the saga reads. */
export type PaymentEvent = Pick<OrderEventMessage, 'eventId' | 'type' | 'orderId' | 'correlationId'> & {
  /** When the queue first received the message (SQS SentTimestamp), if known: see chargeOrder. */
  sentAt?: string | undefined;
};

/**
 * The payments saga's entry: the risk step's decision (OrderRiskAssessed) charges, so that no money moves before a
 * decision (a rejected order is already cancelled: it gets a VOIDED tombstone, never a charge); OrderCancelled refunds
 * what was captured; other order events are not the saga's business. Safe under duplicates and any order of arrival:
 * every step is conditional on stored state (the order's PAYMENT item and its lease, the order's status and version),
 * so no record is kept per event id.
 */
export const processPayments = (deps: PaymentDeps, { type, orderId, correlationId, sentAt }: PaymentEvent): Promise<PaymentOutcome> => {
  if (type === 'OrderRiskAssessed') return chargeOrder(deps, { orderId, correlationId, sentAt });
  if (type === 'OrderCancelled') return refundOrder(deps, { orderId, correlationId });
  return Promise.resolve('nothing_to_do');
};
