import { runOrderCommand } from '#shared/application/orders/change-order.ts';
import type { OrderDeps } from '#shared/application/orders/deps.ts';
import { DomainError } from '#shared/domain/errors.ts';
import type { CommandMeta } from '#shared/domain/orders/decide.ts';
import type { Order, OrderEvent } from '#shared/domain/orders/order.ts';
import type { PaymentProvider } from '#shared/domain/payments/payment-provider.ts';
import type { PaymentRepository } from './ports.ts';

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
export type PaymentOutcome = 'paid' | 'payment_failed' | 'refunded' | 'voided' | 'nothing_to_do' | 'charged_after_cancel_refunded';

/** Another invocation holds a started charge that has not settled yet; the record is retried later. */
export class PaymentInFlightError extends DomainError {
  override readonly name = 'PaymentInFlightError';
  readonly kind = 'unavailable';
}

export const chargeKey = (orderId: string) => `charge:${orderId}`;
export const refundKey = (orderId: string) => `refund:${orderId}`;

export const loadOrder = async (deps: PaymentDeps, orderId: string): Promise<Order | undefined> => (await deps.orders.orders.load(orderId)).order;

/**
 * Records an outcome on the order when `applies` says it still fits the order's current state; otherwise nothing is
 * appended (repeated or overtaken outcomes are no-ops). Returns the order as it is afterwards.
 */
export const settleOrder = (
  deps: PaymentDeps,
  { orderId, correlationId }: PaymentInput,
  applies: (order: Order) => boolean,
  decide: (order: Order, meta: CommandMeta) => OrderEvent[],
): Promise<Order> =>
  runOrderCommand(deps.orders, { orderId, correlationId }, (order, meta) => (applies(order) ? decide(order, meta) : []));
