import { NotFoundError } from '#shared/domain/errors.ts';
import { markPaid, markPaymentFailed } from '#shared/domain/orders/decide.ts';
import { mayHaveOutlivedKey } from '#shared/domain/payments/key-window.ts';
import type { Payment } from '#shared/domain/payments/payment.ts';
import type { PaymentDeps, PaymentInput, PaymentOutcome } from './payment-deps.ts';
import { newLease, whileLeased } from './payment-lease.ts';
import { refundAfterCancel } from './refund-order.ts';
import { loadOrder, settleOrder } from './settle-order.ts';

/** A decline reason is stored on the PAYMENT item and in OrderPaymentFailed: short, whatever the adapter let through. */
const MAX_FAILURE_REASON = 64;

/** The provider's idempotency key of an order's one charge. */
export const chargeKey = (orderId: string) => `charge:${orderId}`;

/** The provider's usual key window (Stripe's, for one): 24 hours. */
export const DEFAULT_PROVIDER_KEY_WINDOW_SECONDS = 86_400;

/**
 * On the risk decision (OrderRiskAssessed): charge the order exactly once, then record the outcome on it. The PAYMENT
 * item is the worker's idempotency record (no record per event id): every delivery of any event resumes from it.
 * 1. An order that is no longer awaiting payment when no charge was started gets a VOIDED tombstone: never charged.
 * 2. Claim the PAYMENT item (PENDING, created only if absent), with this attempt's lease in the same write; a later
 *    attempt resumes from whatever state it holds.
 * 3. PENDING: while holding the lease (payment-lease.ts: a duplicate delivery meanwhile is refused with
 *    PaymentInProgressError, one after a crash takes the expired lease over), charge with the key `charge:<orderId>`
 *    (a resumed attempt cannot charge twice), then CAPTURED or FAILED, which ends the lease.
 *    When an earlier attempt may be older than the provider's key window (a late redrive), the charge is looked up
 *    first and, if found, recorded instead of sent again: the key no longer protects it.
 * 4. CAPTURED: markPaid; if the order was cancelled meanwhile (a cancel or the payment deadline), the capture and
 *    then the refund are recorded on it (OrderPaymentCaptured, OrderRefunded): money is never kept for it.
 *    FAILED: markPaymentFailed, which cancels the order and releases its stock. Both are conditional on the order's
 *    status and appended at its next version, so a repeated or concurrent delivery appends nothing more.
 */
export const chargeOrder = async (deps: PaymentDeps, input: PaymentInput): Promise<PaymentOutcome> => {
  const order = await loadOrder(deps, input.orderId);
  if (!order) throw new NotFoundError(`Order ${input.orderId} not found.`);
  const lease = newLease(deps);
  let payment = await deps.payments.get(input.orderId);
  if (!payment) {
    const fresh = order.status === 'PENDING_PAYMENT' && order.payment.status === 'PENDING';
    ({ payment } = await deps.payments.create(input.orderId, fresh ? 'PENDING' : 'VOIDED', order.total, fresh ? lease : undefined));
  }
  if (payment.state === 'PENDING')
    payment = await whileLeased(deps, { payment, state: 'PENDING', lease }, (held) => charge(deps, held, input));
  return settleCharge(deps, input, payment);
};

const charge = async (deps: PaymentDeps, payment: Payment, input: PaymentInput): Promise<Payment> => {
  const request = { orderId: payment.orderId, amount: payment.amount, idempotencyKey: chargeKey(payment.orderId) };
  const late = mayHaveOutlivedKey({
    now: deps.orders.clock.now(),
    since: [input.sentAt, payment.createdAt],
    keyWindowSeconds: deps.providerKeyWindowSeconds ?? DEFAULT_PROVIDER_KEY_WINDOW_SECONDS,
  });
  const result = (late ? await deps.provider.findCharge(request) : undefined) ?? (await deps.provider.charge(request));
  return deps.payments.transition(
    payment.orderId,
    result.outcome === 'captured'
      ? { from: 'PENDING', to: 'CAPTURED', chargeId: result.chargeId }
      : { from: 'PENDING', to: 'FAILED', failureReason: result.reason.slice(0, MAX_FAILURE_REASON) },
  );
};

const settleCharge = async (deps: PaymentDeps, input: PaymentInput, payment: Payment): Promise<PaymentOutcome> => {
  switch (payment.state) {
    case 'CAPTURED': {
      const order = await settleOrder(
        deps,
        input,
        (current) => current.status === 'PENDING_PAYMENT',
        (current, meta) => markPaid(current, { meta }),
      );
      if (order.status !== 'CANCELLED') return 'paid';
      await refundAfterCancel(deps, input, payment); // cancelled before the capture was recorded: compensate
      return 'charged_after_cancel_refunded';
    }
    case 'FAILED':
      await settleOrder(
        deps,
        input,
        (current) => current.status === 'PENDING_PAYMENT',
        (current, meta) => markPaymentFailed(current, { reason: payment.failureReason ?? 'declined', meta }),
      );
      return 'payment_failed';
    case 'VOIDED':
      return 'voided';
    default:
      return 'nothing_to_do';
  }
};
