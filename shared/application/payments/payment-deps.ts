import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import type { PaymentProvider, PaymentRepository } from '#shared/domain/payments/ports.ts';

export interface PaymentDeps {
  payments: PaymentRepository;
  /** Bounded by the invocation's deadline (`withDeadline`) in the Lambda; a fake in tests. */
  provider: PaymentProvider;
  /** The orders context's own load-decide-commit cycle: payments never writes order items itself. */
  orders: OrderDeps;
  /**
   * PAYMENT_PROVIDER_KEY_WINDOW_SECONDS: how long the provider honours an idempotency key. A charge that may be older
   * is looked up before it is sent again (shared/domain/payments/key-window.ts). Default 86,400 (24 h).
   */
  providerKeyWindowSeconds?: number;
  /**
   * How long this attempt may still run: in the Lambda, the invocation's remaining time (as for `withDeadline`). The
   * PAYMENT item's lease lasts that long, so a duplicate delivery meanwhile does not call the provider and one after
   * it (the attempt crashed or timed out) takes over. Default 30 s (tests, scripts).
   */
  remainingTimeMs?: () => number;
}

export interface PaymentInput {
  orderId: string;
  correlationId: string;
  /** When the message was first sent (SQS SentTimestamp, ISO); a bound on how old an earlier charge can be. */
  sentAt?: string | undefined;
}

/** What one event did, for the log. */
export type PaymentOutcome =
  | 'paid'
  | 'payment_failed'
  | 'refunded'
  | 'voided'
  | 'nothing_to_do'
  | 'charged_after_cancel_refunded'
  /** OrderCancelled while the charge was in flight: the charge's worker refunds when it settles. */
  | 'left_to_charge';
