import { NotFoundError } from '#shared/domain/errors.ts';
import { markCapturedAfterCancel, markRefunded } from '#shared/domain/orders/decide.ts';
import type { Payment } from '#shared/domain/payments/payment.ts';
import type { PaymentDeps, PaymentInput, PaymentOutcome } from './payment-deps.ts';
import { newLease, whileLeased } from './payment-lease.ts';
import { loadOrder, settleOrder } from './settle-order.ts';

/** The provider's idempotency key of an order's one refund. */
export const refundKey = (orderId: string) => `refund:${orderId}`;

/**
 * Gives a captured charge back once (`refund:<orderId>`), then moves the PAYMENT item CAPTURED → REFUNDED; under the
 * item's lease, so a duplicate delivery (or the charge's worker compensating at the same time) does not call the
 * provider meanwhile but finds REFUNDED when it comes back.
 */
export const refundCaptured = async (deps: PaymentDeps, payment: Payment): Promise<Payment> => {
  const { chargeId, orderId } = payment;
  if (payment.state !== 'CAPTURED' || !chargeId) return payment;
  return whileLeased(deps, { payment, state: 'CAPTURED', lease: newLease(deps) }, async () => {
    const { refundId } = await deps.provider.refund({ chargeId, idempotencyKey: refundKey(orderId) });
    return deps.payments.transition(orderId, { from: 'CAPTURED', to: 'REFUNDED', refundId });
  });
};

/**
 * A cancelled order whose money was captured: record the capture if the order does not show it yet
 * (OrderPaymentCaptured), refund once, then record the refund (OrderRefunded), so `payment.status` ends REFUNDED and
 * the events tell the whole story. Each step is conditional on stored state, so any retry resumes where it stopped.
 */
export const refundAfterCancel = async (deps: PaymentDeps, input: PaymentInput, captured: Payment): Promise<Payment> => {
  const chargeId = captured.chargeId ?? 'unknown';
  await settleOrder(
    deps,
    input,
    (order) => order.status === 'CANCELLED' && order.payment.status === 'PENDING',
    (order, meta) => markCapturedAfterCancel(order, { chargeId, meta }),
  );
  const payment = await refundCaptured(deps, captured);
  if (payment.state === 'REFUNDED') {
    await settleOrder(
      deps,
      input,
      (order) => order.status === 'CANCELLED' && order.payment.status === 'CAPTURED',
      (order, meta) => markRefunded(order, { meta }),
    );
  }
  return payment;
};

/**
 * On OrderCancelled: whatever was captured for the order goes back, exactly once.
 * - No PAYMENT item yet: write a VOIDED tombstone, so a late or duplicate decision can never charge.
 * - PENDING: a charge is in flight elsewhere. The cancel still stands: the charge's own worker sees the order
 *   cancelled when it settles and refunds it (charge-order.ts), so this record is done.
 * - CAPTURED: refund, then record it (and the capture, if the order did not show it yet). REFUNDED: only the record.
 * - FAILED or VOIDED: nothing was taken.
 */
export const refundOrder = async (deps: PaymentDeps, input: PaymentInput): Promise<PaymentOutcome> => {
  let payment = await deps.payments.get(input.orderId);
  if (!payment) {
    const order = await loadOrder(deps, input.orderId);
    if (!order) throw new NotFoundError(`Order ${input.orderId} not found.`);
    ({ payment } = await deps.payments.create(input.orderId, 'VOIDED', order.total));
  }
  if (payment.state === 'PENDING') return 'left_to_charge';
  if (payment.state === 'FAILED' || payment.state === 'VOIDED') return payment.state === 'VOIDED' ? 'voided' : 'nothing_to_do';
  payment = await refundAfterCancel(deps, input, payment);
  return payment.state === 'REFUNDED' ? 'refunded' : 'nothing_to_do';
};
