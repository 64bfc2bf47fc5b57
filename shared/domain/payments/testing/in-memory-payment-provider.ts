import { UnavailableError } from '#shared/domain/errors.ts';
import {
  PaymentProviderRejectedError,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from '../ports.ts';

/**
 * The provider contract in memory, with the emulator's rules: amounts ending in 13 minor units are declined, a repeated
 * key returns the first result, a charge is refunded at most once. Set `failNext` to throw UnavailableError that often.
 */
export class InMemoryPaymentProvider implements PaymentProvider {
  readonly charges = new Map<string, { request: ChargeRequest; result: ChargeResult }>();
  readonly refunds = new Map<string, { request: RefundRequest; result: RefundResult }>();
  failNext = 0;
  calls = 0;
  private sequence = 0;

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.enter();
    const existing = this.charges.get(request.idempotencyKey);
    if (existing) return existing.result;
    this.sequence += 1;
    const result: ChargeResult =
      request.amount.amount % 100 === 13
        ? { outcome: 'declined', reason: 'card_declined' }
        : { outcome: 'captured', chargeId: `ch_fake_${this.sequence}` };
    this.charges.set(request.idempotencyKey, { request: { ...request, amount: { ...request.amount } }, result });
    return result;
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    this.enter();
    const existing = this.refunds.get(request.idempotencyKey);
    if (existing) return existing.result;
    const captured = [...this.charges.values()].some(({ result }) => result.outcome === 'captured' && result.chargeId === request.chargeId);
    if (!captured)
      throw new PaymentProviderRejectedError('Payment provider rejected the refund (HTTP 404): charge_not_found', {
        status: 404,
        code: 'charge_not_found',
      });
    if ([...this.refunds.values()].some((refund) => refund.request.chargeId === request.chargeId)) {
      throw new PaymentProviderRejectedError('Payment provider rejected the refund (HTTP 409): charge_already_refunded', {
        status: 409,
        code: 'charge_already_refunded',
      });
    }
    this.sequence += 1;
    const result: RefundResult = { outcome: 'refunded', refundId: `re_fake_${this.sequence}` };
    this.refunds.set(request.idempotencyKey, { request: { ...request }, result });
    return result;
  }

  /** Captures per order, the number an exactly-once test asserts on. */
  capturesFor(orderId: string): number {
    return [...this.charges.values()].filter(({ request, result }) => request.orderId === orderId && result.outcome === 'captured').length;
  }

  private enter(): void {
    this.calls += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new UnavailableError('Payment provider unavailable (fake)');
    }
  }
}
