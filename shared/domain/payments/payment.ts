import type { Money } from '#shared/domain/money.ts';

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
