import { DomainError } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';

/**
 * The PAYMENT item's life: PENDING → CAPTURED | FAILED, CAPTURED → REFUNDED, and VOIDED for an order cancelled
 * before any charge was started (a tombstone: nothing can ever be charged for it).
 */
export type PaymentState = 'PENDING' | 'CAPTURED' | 'FAILED' | 'REFUNDED' | 'VOIDED';

/**
 * Which attempt may call the provider for a payment, and until when (ISO time): the attempt's own deadline (in the
 * Lambda, the invocation's end). Taken with the PENDING claim itself (no extra write) or, by a later attempt, only once
 * nobody holds it or its holder's time is up; given back on a failure and ended by the transition that records the
 * provider's answer. While it is held, another delivery of the same work does not call the provider
 * (PaymentInProgressError) and comes back after its backoff.
 */
export interface PaymentLease {
  holder: string;
  until: string;
}

export interface Payment {
  orderId: string;
  state: PaymentState;
  amount: Money;
  chargeId?: string;
  refundId?: string;
  failureReason?: string;
  /** Present while an attempt holds the payment (a charge or a refund in flight). */
  lease?: PaymentLease;
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

/** The states in which an attempt calls the provider (a charge, a refund), so the ones a lease is taken in. */
export type LeasableState = 'PENDING' | 'CAPTURED';

/** True when `lease` is held by someone at `now` (ISO): its time is not up. */
export const isLeaseLive = (lease: PaymentLease | undefined, now: string): boolean => lease !== undefined && lease.until > now;

/**
 * Another attempt holds the payment (a duplicate delivery while the first one still charges or refunds). Nothing was
 * done; the record is retried after its backoff and finds the outcome recorded, or the lease expired and takes over.
 */
export class PaymentInProgressError extends DomainError {
  override readonly name = 'PaymentInProgressError';
  readonly kind = 'conflict';
}
