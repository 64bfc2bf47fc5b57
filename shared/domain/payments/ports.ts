import { DomainError } from '#shared/domain/errors.ts';
import type { Money } from '#shared/domain/money.ts';
import type { LeasableState, Payment, PaymentChange, PaymentLease } from './payment.ts';

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

/**
 * One PAYMENT item per order; every write is conditional, so two workers can never both start or settle a charge,
 * and while one attempt holds the item's lease no other one calls the provider for it.
 */
export interface PaymentRepository {
  get(orderId: string): Promise<Payment | undefined>;
  /**
   * Creates the item in `state` (PENDING or VOIDED) unless one exists; returns whichever item is there afterwards.
   * A PENDING claim may carry the claiming attempt's `lease`, written with it.
   */
  create(
    orderId: string,
    state: 'PENDING' | 'VOIDED',
    amount: Money,
    lease?: PaymentLease,
  ): Promise<{ payment: Payment; created: boolean }>;
  /**
   * Gives `lease` to its holder if the item is still in `state` and nobody else holds it at `now` (ISO): no lease, an
   * expired one, or the holder's own. Returns the item as it is afterwards and whether the lease is the holder's.
   */
  lease(
    orderId: string,
    request: { state: LeasableState; lease: PaymentLease; now: string },
  ): Promise<{ payment: Payment; leased: boolean }>;
  /** Ends `holder`'s lease, if it still holds it; anything else is left as it is. */
  release(orderId: string, holder: string): Promise<void>;
  /** Moves the item only if it is still in `change.from` (ending any lease); returns the item as it is afterwards either way. */
  transition(orderId: string, change: PaymentChange): Promise<Payment>;
}
