import { DomainError, NotFoundError } from '#shared/domain/errors.ts';
import { markRefunded } from '#shared/domain/orders/decide.ts';
import type { Payment } from '#shared/domain/payments/payment.ts';
import type { PaymentDeps, PaymentInput, PaymentOutcome } from './payment-deps.ts';
import { loadOrder, settleOrder } from './settle-order.ts';

/** Another invocation holds a started charge that has not settled yet; the record is retried later. */
export class PaymentInFlightError extends DomainError {
  override readonly name = 'PaymentInFlightError';
  readonly kind = 'unavailable';
}

/** The provider's idempotency key of an order's one refund. */
export const refundKey = (orderId: string) => `refund:${orderId}`;

/** Gives a captured charge back once (`refund:<orderId>`), then moves the PAYMENT item CAPTURED → REFUNDED. */
export const refundCaptured = async (deps: PaymentDeps, payment: Payment): Promise<Payment> => {
  if (payment.state !== 'CAPTURED' || !payment.chargeId) return payment;
  const { refundId } = await deps.provider.refund({ chargeId: payment.chargeId, idempotencyKey: refundKey(payment.orderId) });
  return deps.payments.transition(payment.orderId, { from: 'CAPTURED', to: 'REFUNDED', refundId });
};

/**
 * On OrderCancelled: whatever was captured for the order goes back, exactly once.
 * - No PAYMENT item yet: write a VOIDED tombstone, so a late or duplicate OrderPlaced can never charge.
 * - PENDING: a charge is in flight elsewhere; fail the record so SQS brings it back once that charge settled.
 * - CAPTURED: refund, then markRefunded (the order's payment.status becomes REFUNDED). REFUNDED: only markRefunded.
 * - FAILED or VOIDED: nothing was taken.
 */
export const refundOrder = async (deps: PaymentDeps, input: PaymentInput): Promise<PaymentOutcome> => {
  let payment = await deps.payments.get(input.orderId);
  if (!payment) {
    const order = await loadOrder(deps, input.orderId);
    if (!order) throw new NotFoundError(`Order ${input.orderId} not found.`);
    ({ payment } = await deps.payments.create(input.orderId, 'VOIDED', order.total));
  }
  if (payment.state === 'PENDING')
    throw new PaymentInFlightError(`The charge of order ${input.orderId} has not settled yet; retry later.`, { retryAfterSeconds: 5 });
  if (payment.state === 'FAILED' || payment.state === 'VOIDED') return payment.state === 'VOIDED' ? 'voided' : 'nothing_to_do';
  payment = await refundCaptured(deps, payment);
  if (payment.state !== 'REFUNDED') return 'nothing_to_do';
  await settleOrder(
    deps,
    input,
    (order) => order.status === 'CANCELLED' && order.payment.status === 'CAPTURED',
    (order, meta) => markRefunded(order, { meta }),
  );
  return 'refunded';
};
