import { DomainError } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';
import type { Payment, PaymentChange } from './payment.ts';

export interface ChargeRequest {
  orderId: string;
  amount: Money;
  /** One key per order charge (e.g. `charge:<orderId>`): a retry with it never charges twice. */
  idempotencyKey: string;
}

/** A decline is a definitive answer, not an error; transient trouble is thrown as UnavailableError instead. */
export type ChargeResult = { outcome: 'captured'; chargeId: string } | { outcome: 'declined'; reason: string };

export interface RefundRequest {
  chargeId: string;
  idempotencyKey: string;
}

export type RefundResult = { outcome: 'refunded'; refundId: string };

/** Which charge to look for: the one made with this key for this order. */
export interface ChargeLookup {
  orderId: string;
  idempotencyKey: string;
}

/**
 * Takes money for orders and gives it back. Implementations throw UnavailableError for anything worth retrying
 * later (timeouts, 5xx, an open circuit) and PaymentProviderRejectedError when the provider refused the request itself.
 */
export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  refund(request: RefundRequest): Promise<RefundResult>;
  /**
   * The charge once made for `orderId` with `idempotencyKey`, however long ago, or undefined when there is none.
   * A provider remembers a key for a while only (its key window; see PAYMENT_PROVIDER_KEY_WINDOW_SECONDS), but its
   * charges for good: this is how a late retry finds out whether the money was already taken.
   */
  findCharge(lookup: ChargeLookup): Promise<ChargeResult | undefined>;
}

/** The provider answered 4xx (not 429): retrying the same request cannot help. `code` is the provider's, if any. */
export class PaymentProviderRejectedError extends DomainError {
  override readonly name = 'PaymentProviderRejectedError';
  readonly kind = 'unprocessable';
  readonly status: number;
  readonly code: string | undefined;

  constructor(message: string, details: { status: number; code?: string }, options: ErrorOptions = {}) {
    super(message, options);
    this.status = details.status;
    this.code = details.code;
  }
}

/** One PAYMENT item per order; every write is conditional, so two workers can never both start or settle a charge. */
export interface PaymentRepository {
  get(orderId: string): Promise<Payment | undefined>;
  /** Creates the item in `state` (PENDING or VOIDED) unless one exists; returns whichever item is there afterwards. */
  create(orderId: string, state: 'PENDING' | 'VOIDED', amount: Money): Promise<{ payment: Payment; created: boolean }>;
  /** Moves the item only if it is still in `change.from`; returns the item as it is afterwards either way. */
  transition(orderId: string, change: PaymentChange): Promise<Payment>;
}
