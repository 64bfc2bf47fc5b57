import type { OrderEventType } from '#shared/domain/orders/order.ts';
import { chargeOrder } from './charge-order.ts';
import type { PaymentDeps, PaymentOutcome } from './payment-deps.ts';
import { refundOrder } from './refund-order.ts';

export interface PaymentEvent {
  eventId: string;
  type: OrderEventType;
  orderId: string;
  correlationId: string;
}

/**
 * The payments saga's entry: OrderPlaced charges, OrderCancelled refunds what was captured; other order events are
 * not the saga's business. Safe under duplicates and any order of arrival: every step is conditional on stored state.
 */
export const processPaymentEvent = (deps: PaymentDeps, { type, orderId, correlationId }: PaymentEvent): Promise<PaymentOutcome> => {
  if (type === 'OrderPlaced') return chargeOrder(deps, { orderId, correlationId });
  if (type === 'OrderCancelled') return refundOrder(deps, { orderId, correlationId });
  return Promise.resolve('nothing_to_do');
};
