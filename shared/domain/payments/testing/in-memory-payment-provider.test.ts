import { describe, expect, it } from 'vitest';
import { UnavailableError } from '#shared/domain/errors.ts';
import { PaymentProviderRejectedError } from '../ports.ts';
import { InMemoryPaymentProvider } from './in-memory-payment-provider.ts';

const aCharge = (amount = 2500) => ({ orderId: 'order-1', amount: { amount, currency: 'EUR' }, idempotencyKey: 'charge:order-1' });

describe('InMemoryPaymentProvider', () => {
  it('captures once per key and declines amounts ending in 13', async () => {
    const provider = new InMemoryPaymentProvider();
    const first = await provider.charge(aCharge());
    expect(await provider.charge(aCharge())).toEqual(first);
    expect(provider.capturesFor('order-1')).toBe(1);
    expect(await provider.charge({ ...aCharge(1013), idempotencyKey: 'other' })).toEqual({ outcome: 'declined', reason: 'card_declined' });
  });

  it('fails transiently as often as asked, then succeeds', async () => {
    const provider = new InMemoryPaymentProvider();
    provider.failNext = 1;
    await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
    expect(await provider.charge(aCharge())).toMatchObject({ outcome: 'captured' });
  });

  it('refunds a capture once', async () => {
    const provider = new InMemoryPaymentProvider();
    const charged = await provider.charge(aCharge());
    const chargeId = charged.outcome === 'captured' ? charged.chargeId : '';
    const refund = await provider.refund({ chargeId, idempotencyKey: 'refund:order-1' });
    expect(await provider.refund({ chargeId, idempotencyKey: 'refund:order-1' })).toEqual(refund);
    await expect(provider.refund({ chargeId, idempotencyKey: 'refund:again' })).rejects.toThrow(PaymentProviderRejectedError);
  });
});
