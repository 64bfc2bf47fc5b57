import { describe, expect, it } from 'vitest';
import { UnavailableError } from '#shared/domain/errors.ts';
import { InMemoryPaymentProvider } from './in-memory-payment-provider.ts';
import { describePaymentProviderContract } from './payment-provider.contract.ts';

const aCharge = (amount = 2500) => ({ orderId: 'order-1', amount: { amount, currency: 'EUR' }, idempotencyKey: 'charge:order-1' });

describePaymentProviderContract('InMemoryPaymentProvider', () => new InMemoryPaymentProvider());

describe('InMemoryPaymentProvider', () => {
  it('counts captures per order', async () => {
    const provider = new InMemoryPaymentProvider();
    await provider.charge(aCharge());
    await provider.charge(aCharge());
    expect(provider.capturesFor('order-1')).toBe(1);
  });

  it('fails transiently as often as asked, then succeeds', async () => {
    const provider = new InMemoryPaymentProvider();
    provider.failNext = 1;
    await expect(provider.charge(aCharge())).rejects.toThrow(UnavailableError);
    expect(await provider.charge(aCharge())).toMatchObject({ outcome: 'captured' });
  });
});
