import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { PaymentProviderRejectedError, type ChargeRequest, type PaymentProvider } from '../ports.ts';

const aCharge = (amount = 2500): ChargeRequest => {
  const orderId = ulid();
  return { orderId, amount: { amount, currency: 'EUR' }, idempotencyKey: `charge:${orderId}` };
};

const capture = async (provider: PaymentProvider): Promise<string> => {
  const result = await provider.charge(aCharge());
  if (result.outcome !== 'captured') throw new Error('expected a capture');
  return result.chargeId;
};

/** The PaymentProvider contract (no faults injected): the in-memory fake and the HTTP adapter on the emulator pass it. */
export const describePaymentProviderContract = (name: string, makeProvider: () => PaymentProvider) =>
  describe(`${name} honours the PaymentProvider contract`, () => {
    it('captures a charge once per idempotency key', async () => {
      const provider = makeProvider();
      const charge = aCharge();

      const first = await provider.charge(charge);
      const again = await provider.charge(charge);

      expect(first).toEqual({ outcome: 'captured', chargeId: expect.any(String) });
      expect(again).toEqual(first);
    });

    it('declines an amount ending in 13 minor units, and says so again for the same key', async () => {
      const provider = makeProvider();
      const charge = aCharge(1013);

      expect(await provider.charge(charge)).toEqual({ outcome: 'declined', reason: 'card_declined' });
      expect(await provider.charge(charge)).toEqual({ outcome: 'declined', reason: 'card_declined' });
    });

    it('refunds a capture once per key, and refuses a second refund of it under another key', async () => {
      const provider = makeProvider();
      const chargeId = await capture(provider);

      const refund = await provider.refund({ chargeId, idempotencyKey: `refund:${chargeId}` });

      expect(refund).toEqual({ outcome: 'refunded', refundId: expect.any(String) });
      expect(await provider.refund({ chargeId, idempotencyKey: `refund:${chargeId}` })).toEqual(refund);
      await expect(provider.refund({ chargeId, idempotencyKey: `again:${chargeId}` })).rejects.toThrow(PaymentProviderRejectedError);
    });

    it('finds a charge by its order and key, and nothing for a key never charged', async () => {
      const provider = makeProvider();
      const charge = aCharge();
      const declined = aCharge(1013);
      const captured = await provider.charge(charge);
      await provider.charge(declined);

      expect(await provider.findCharge(charge)).toEqual(captured);
      expect(await provider.findCharge(declined)).toEqual({ outcome: 'declined', reason: 'card_declined' });
      expect(await provider.findCharge({ orderId: charge.orderId, idempotencyKey: `charge:${ulid()}` })).toBeUndefined();
    });

    it('refuses to refund a charge it never made', async () => {
      const refusal = await makeProvider()
        .refund({ chargeId: `ch_${ulid()}`, idempotencyKey: `refund:${ulid()}` })
        .catch((error: unknown) => error);

      expect(refusal).toBeInstanceOf(PaymentProviderRejectedError);
      expect(refusal).toMatchObject({ status: 404, code: 'charge_not_found' });
    });
  });
