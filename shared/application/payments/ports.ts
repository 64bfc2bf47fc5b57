import type { Money } from '#shared/domain/orders/order.ts';

/**
 * The PAYMENT item's life: PENDING → CAPTURED | FAILED, CAPTURED → REFUNDED, and VOIDED for an order cancelled
 * before any charge was started (a tombstone: nothing can ever be charged for it).
 */
export type PaymentState = 'PENDING' | 'CAPTURED' | 'FAILED' | 'REFUNDED' | 'VOIDED';

export interface Payment {
  orderId: string;
  state: PaymentState;
  amount: Money;
  chargeId?: string;
  refundId?: string;
  failureReason?: string;
  createdAt: string;
  updatedAt: string;
}

/** Which transitions a conditional write allows; anything else is refused by the store. */
export const PAYMENT_TRANSITIONS: Record<PaymentState, readonly PaymentState[]> = {
  PENDING: ['CAPTURED', 'FAILED'],
  CAPTURED: ['REFUNDED'],
  FAILED: [],
  REFUNDED: [],
  VOIDED: [],
};

export type PaymentChange =
  | { from: 'PENDING'; to: 'CAPTURED'; chargeId: string }
  | { from: 'PENDING'; to: 'FAILED'; failureReason: string }
  | { from: 'CAPTURED'; to: 'REFUNDED'; refundId: string };

/** One PAYMENT item per order; every write is conditional, so two workers can never both start or settle a charge. */
export interface PaymentRepository {
  get(orderId: string): Promise<Payment | undefined>;
  /** Creates the item in `state` (PENDING or VOIDED) unless one exists; returns whichever item is there afterwards. */
  create(orderId: string, state: 'PENDING' | 'VOIDED', amount: Money): Promise<{ payment: Payment; created: boolean }>;
  /** Moves the item only if it is still in `change.from`; returns the item as it is afterwards either way. */
  transition(orderId: string, change: PaymentChange): Promise<Payment>;
}
