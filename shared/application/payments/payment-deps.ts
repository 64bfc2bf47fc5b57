import type { OrderDeps } from '#shared/application/orders/order-deps.ts';
import type { PaymentProvider, PaymentRepository } from '#shared/domain/payments/ports.ts';

export interface PaymentDeps {
  payments: PaymentRepository;
  /** Bounded by the invocation's deadline (`withDeadline`) in the Lambda; a fake in tests. */
  provider: PaymentProvider;
  /** The orders context's own load-decide-commit cycle: payments never writes order items itself. */
  orders: OrderDeps;
}

export interface PaymentInput {
  orderId: string;
  correlationId: string;
}

/** What one event did, for the log and the idempotency record. */
export type PaymentOutcome =
  | 'paid'
  | 'payment_failed'
  | 'refunded'
  | 'voided'
  | 'nothing_to_do'
  | 'charged_after_cancel_refunded'
  /** OrderCancelled while the charge was in flight: the charge's worker refunds when it settles. */
  | 'left_to_charge';
