import {
  isLeaseLive,
  PaymentInProgressError,
  type LeasableState,
  type Payment,
  type PaymentLease,
} from '#shared/domain/payments/payment.ts';
import type { PaymentDeps } from './payment-deps.ts';

/** How long an attempt holds a payment when its caller gives no deadline (tests, scripts, the bench). */
export const DEFAULT_ATTEMPT_MS = 30_000;

/** This attempt's lease: a fresh holder id, until the attempt's own deadline (the invocation's end in the Lambda). */
export const newLease = (deps: PaymentDeps): PaymentLease => {
  const ms = Math.max(0, deps.remainingTimeMs?.() ?? DEFAULT_ATTEMPT_MS);
  return { holder: deps.orders.newId(), until: new Date(deps.orders.clock.now().getTime() + ms).toISOString() };
};

const inProgress = (payment: Payment) =>
  new PaymentInProgressError(
    `Payment of order ${payment.orderId} (${payment.state}) is held by another attempt until ${payment.lease?.until ?? 'now'}; retry later.`,
  );

/**
 * Runs `work` (one provider call and the transition that records its answer) while this attempt holds the payment
 * in `state` (PENDING for a charge, CAPTURED for a refund),
 * so that two deliveries of the same work never call the provider at once:
 * - the lease is already ours (written with our PENDING claim): run;
 * - another attempt's lease is live: PaymentInProgressError, nothing written, the record comes back after its backoff;
 * - free or expired (its holder failed, crashed or timed out): take it with a conditional write, then run. If the
 *   payment moved on meanwhile, it is returned as it is now and `work` does not run; if another attempt took the lease
 *   first, PaymentInProgressError.
 * On a failure the lease is given back (best effort; otherwise it expires), so the redelivery does not wait for it.
 * The provider's idempotency key stays the guard of last resort: a lease taken over from a live holder (clock skew)
 * can at worst repeat a call with the same key.
 */
export const whileLeased = async (
  deps: PaymentDeps,
  { payment, state, lease }: { payment: Payment; state: LeasableState; lease: PaymentLease },
  work: (payment: Payment) => Promise<Payment>,
): Promise<Payment> => {
  let held = payment;
  const ours = payment.state === state && payment.lease?.holder === lease.holder;
  if (!ours) {
    const now = deps.orders.clock.now().toISOString();
    // Someone else's live lease, as just read: refused without a write (a failed conditional write costs one too).
    if (payment.state === state && isLeaseLive(payment.lease, now)) throw inProgress(payment);
    const taken = await deps.payments.lease(payment.orderId, { state, lease, now });
    if (!taken.leased) {
      if (taken.payment.state !== state) return taken.payment;
      throw inProgress(taken.payment);
    }
    held = taken.payment;
  }
  try {
    return await work(held);
  } catch (error) {
    await deps.payments.release(payment.orderId, lease.holder).catch(() => undefined);
    throw error;
  }
};
