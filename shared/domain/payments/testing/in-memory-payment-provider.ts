import { UnavailableError } from '#shared/domain/errors.ts';
import {
  PaymentProviderRejectedError,
  type ChargeLookup,
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  type RefundRequest,
  type RefundResult,
} from '../ports.ts';

/**
 * The provider contract in memory, with the emulator's rules: amounts ending in 13 minor units are declined, a repeated
 * key returns the first result, a charge is refunded at most once. Set `failNext` to throw UnavailableError that often.
 * `forgetKeys()` ends every key's window, as a real provider does after a day: the charges stay, findable by key.
 */
export class InMemoryPaymentProvider implements PaymentProvider {
  readonly charges = new Map<string, { request: ChargeRequest; result: ChargeResult }>();
  readonly refunds = new Map<string, { request: RefundRequest; result: RefundResult }>();
  /** Charges whose key window has ended: a new charge with their key is a new charge. */
  readonly forgotten: Array<{ request: ChargeRequest; result: ChargeResult }> = [];
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
    const captured = this.everyCharge().some(({ result }) => result.outcome === 'captured' && result.chargeId === request.chargeId);
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

  async findCharge({ orderId, idempotencyKey }: ChargeLookup): Promise<ChargeResult | undefined> {
    this.enter();
    const made = this.everyCharge().filter(({ request }) => request.orderId === orderId && request.idempotencyKey === idempotencyKey);
    return (made.find(({ result }) => result.outcome === 'captured') ?? made[0])?.result;
  }

  /** Ends the key window of every charge made so far (the provider forgets keys, never charges). */
  forgetKeys(): void {
    this.forgotten.push(...this.charges.values());
    this.charges.clear();
  }

  /** Captures per order, the number an exactly-once test asserts on. */
  capturesFor(orderId: string): number {
    return this.everyCharge().filter(({ request, result }) => request.orderId === orderId && result.outcome === 'captured').length;
  }

  private everyCharge() {
    return [...this.forgotten, ...this.charges.values()];
  }

  private enter(): void {
    this.calls += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new UnavailableError('Payment provider unavailable (fake)');
    }
  }
}
